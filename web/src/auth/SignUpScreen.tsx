import { SignupBody } from '@pixeli/contract';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../app/hooks';
import { afterSignIn } from '../app/RequireSignIn';
import { api, session } from '../app/services';
import { endpoints } from '../lib/api/endpoints';
import { AuthLayout } from './AuthLayout';
import { CodeField, ResendCode } from './CodeField';
import { CODE_LENGTH } from './code';
import { AuthForm, PasswordField, SubmitButton, TextField } from './fields';
import { useForm } from './form';
import { inviteToken, keepNext, welcomePath } from './navigation';
import { PasswordStrength } from './PasswordStrength';

type Details = { name: string; username: string; email: string; password: string };
type FieldName = keyof Details;
const FIELDS: FieldName[] = ['name', 'username', 'email', 'password'];

/** The contract's own message for one field, or undefined when it is fine. */
function checkField(name: FieldName, value: string): string | undefined {
  const result = SignupBody.shape[name].safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}

/**
 * A new account in two steps on one address: the details (checked field by field with the
 * contract's rules as the person leaves each), then the code mailed to them, which signs them in.
 */
export default function SignUpScreen() {
  const [search] = useSearchParams();
  const { status } = useSession();
  const [sent, setSent] = useState<{ email: string; at: number } | null>(null);

  if (status === 'signed-in' && !sent) return <Navigate to={afterSignIn(search)} replace />;
  return sent ? (
    <CodeStep email={sent.email} sentAt={sent.at} search={search} onBack={() => setSent(null)} />
  ) : (
    <DetailsStep search={search} onSent={(email) => setSent({ email, at: Date.now() })} />
  );
}

function DetailsStep(props: { search: URLSearchParams; onSent: (email: string) => void }) {
  const [details, setDetails] = useState<Details>({ name: '', username: '', email: '', password: '' });
  const [local, setLocal] = useState<Partial<Record<FieldName, string>>>({});
  const form = useForm(FIELDS);
  const invite = inviteToken(props.search);

  const change = (name: FieldName, value: string) => {
    setDetails((d) => ({ ...d, [name]: value }));
    form.clearField(name);
    // A message clears as soon as the value is right; a new one waits for the person to leave the field.
    if (local[name] && !checkField(name, value)) setLocal((l) => ({ ...l, [name]: undefined }));
  };
  const leave = (name: FieldName) => {
    if (details[name] !== '') setLocal((l) => ({ ...l, [name]: checkField(name, details[name]) }));
  };
  const errorOf = (name: FieldName) => form.field(name) ?? local[name];

  const send = async () => {
    setLocal({});
    const body = { ...details, ...(invite ? { invite_token: invite } : {}) };
    const reply = await form.submit(() => api.call(endpoints.auth.signup, { body }));
    if (reply) props.onSent(reply.email);
  };

  const input = (name: FieldName) => ({
    name,
    value: details[name],
    error: errorOf(name),
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => change(name, e.target.value),
    onBlur: () => leave(name),
  });

  return (
    <AuthLayout
      title="Create your account"
      lead={
        invite
          ? 'You were invited to an event. Create an account to join it.'
          : 'Your events’ photos, in one private place.'
      }
      footer={
        <p>
          Already have an account?{' '}
          <Link className="auth-link" to={keepNext('/signin', props.search)}>
            Sign in
          </Link>
        </p>
      }
    >
      <AuthForm onSubmit={send} form={form}>
        <TextField label="Name" autoComplete="name" required {...input('name')} />
        <TextField
          label="Username"
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          required
          hint="Letters, digits and @ . + - _"
          {...input('username')}
        />
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          {...input('email')}
        />
        <PasswordField
          label="Password"
          autoComplete="new-password"
          required
          hint={<PasswordStrength password={details.password} />}
          {...input('password')}
        />
        <SubmitButton busy={form.busy} busyLabel="Creating your account…">
          Create account
        </SubmitButton>
      </AuthForm>
    </AuthLayout>
  );
}

function CodeStep(props: { email: string; sentAt: number; search: URLSearchParams; onBack: () => void }) {
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const form = useForm(['otp']);

  const verify = async (otp = code) => {
    const reply = await form.submit(() =>
      api.call(endpoints.auth.verifyEmail, { body: { email: props.email, otp } }),
    );
    if (!reply) return;
    session.signedIn(reply.access);
    navigate(welcomePath(props.search), { replace: true });
  };

  return (
    <AuthLayout
      title="Check your email"
      lead={
        <>
          We sent a 6-digit code to <strong>{props.email}</strong>. Enter it to finish.
        </>
      }
      footer={
        <p>
          Wrong address?{' '}
          <button type="button" className="text-btn" onClick={props.onBack}>
            Change it
          </button>
        </p>
      }
    >
      <AuthForm onSubmit={verify} form={form}>
        <CodeField
          value={code}
          error={form.field('otp')}
          onChange={(next) => {
            setCode(next);
            form.clearField('otp');
            // A pasted or autofilled code goes straight through; typing still ends with Enter or the button.
            if (next.length === CODE_LENGTH && next.length - code.length > 1) void verify(next);
          }}
        />
        <SubmitButton
          busy={form.busy}
          busyLabel="Checking…"
          disabled={code.length !== CODE_LENGTH && !form.busy}
        >
          Verify and continue
        </SubmitButton>
        <ResendCode
          sentAt={props.sentAt}
          send={() => api.call(endpoints.auth.resendCode, { body: { email: props.email } })}
        />
      </AuthForm>
    </AuthLayout>
  );
}
