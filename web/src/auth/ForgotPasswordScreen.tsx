import { CheckCircle2 } from 'lucide-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../app/services';
import { endpoints } from '../lib/api/endpoints';
import { AuthLayout } from './AuthLayout';
import { CodeField, ResendCode } from './CodeField';
import { CODE_LENGTH } from './code';
import { AuthForm, FormNotice, PasswordField, SubmitButton, TextField } from './fields';
import { useForm } from './form';
import { keepNext } from './navigation';
import { PasswordStrength } from './PasswordStrength';

type Step =
  | { name: 'email' }
  | { name: 'reset'; email: string; at: number }
  | { name: 'done'; email: string; detail: string };

/**
 * A new password through a mailed code: the address, then the code with the new password, then a
 * way back to sign in with the address already filled in.
 */
export default function ForgotPasswordScreen() {
  const [search] = useSearchParams();
  const [step, setStep] = useState<Step>({ name: 'email' });
  const backToSignIn = (
    <p>
      Remembered it?{' '}
      <Link className="auth-link" to={keepNext('/signin', search)}>
        Sign in
      </Link>
    </p>
  );

  if (step.name === 'email') {
    return (
      <AuthLayout
        title="Reset your password"
        lead="Enter your account’s email and we’ll send you a code."
        footer={backToSignIn}
      >
        <EmailStep
          initial={search.get('email') ?? ''}
          onSent={(email) => setStep({ name: 'reset', email, at: Date.now() })}
        />
      </AuthLayout>
    );
  }
  if (step.name === 'reset') {
    return (
      <AuthLayout
        title="Choose a new password"
        lead={
          <>
            If <strong>{step.email}</strong> has an account, a 6-digit code is on its way.
          </>
        }
        footer={backToSignIn}
      >
        <ResetStep
          email={step.email}
          sentAt={step.at}
          onDone={(detail) => setStep({ name: 'done', email: step.email, detail })}
        />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Password changed">
      <div className="auth-form">
        <FormNotice>
          <CheckCircle2 size={16} aria-hidden /> {step.detail}
        </FormNotice>
        <Link
          className="btn btn-primary btn-block auth-submit"
          to={keepNext('/signin', search, { login: step.email })}
        >
          Sign in
        </Link>
      </div>
    </AuthLayout>
  );
}

function EmailStep(props: { initial: string; onSent: (email: string) => void }) {
  const [email, setEmail] = useState(props.initial);
  const form = useForm(['email']);
  const send = async () => {
    const typed = email.trim();
    const done = await form.submit(() => api.call(endpoints.auth.resetPassword, { body: { email: typed } }));
    if (done) props.onSent(typed.toLowerCase());
  };
  return (
    <AuthForm onSubmit={send} form={form}>
      <TextField
        label="Email"
        name="email"
        type="email"
        inputMode="email"
        autoComplete="email"
        required
        value={email}
        error={form.field('email')}
        onChange={(e) => {
          setEmail(e.target.value);
          form.clearField('email');
        }}
      />
      <SubmitButton busy={form.busy} busyLabel="Sending…">
        Send code
      </SubmitButton>
    </AuthForm>
  );
}

function ResetStep(props: { email: string; sentAt: number; onDone: (detail: string) => void }) {
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const form = useForm(['otp', 'new_password']);
  const send = async () => {
    const done = await form.submit(() =>
      api.call(endpoints.auth.confirmReset, {
        body: { email: props.email, otp: code, new_password: password },
      }),
    );
    if (done) props.onDone(done.detail);
  };
  return (
    <AuthForm onSubmit={send} form={form}>
      {/* The address travels with the form so a password manager files the new password under it. */}
      <input type="hidden" name="username" autoComplete="username" value={props.email} readOnly />
      <CodeField
        value={code}
        error={form.field('otp')}
        onChange={(next) => {
          setCode(next);
          form.clearField('otp');
        }}
      />
      <PasswordField
        label="New password"
        name="new_password"
        autoComplete="new-password"
        required
        value={password}
        error={form.field('new_password')}
        hint={<PasswordStrength password={password} />}
        onChange={(e) => {
          setPassword(e.target.value);
          form.clearField('new_password');
        }}
      />
      <SubmitButton busy={form.busy} busyLabel="Saving…" disabled={code.length !== CODE_LENGTH && !form.busy}>
        Set new password
      </SubmitButton>
      <ResendCode
        sentAt={props.sentAt}
        send={() => api.call(endpoints.auth.resetPassword, { body: { email: props.email } })}
      />
    </AuthForm>
  );
}
