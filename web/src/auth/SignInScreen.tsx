import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../app/hooks';
import { afterSignIn } from '../app/RequireSignIn';
import { api, session } from '../app/services';
import { endpoints } from '../lib/api/endpoints';
import { AuthLayout } from './AuthLayout';
import { AuthForm, PasswordField, SubmitButton, TextField } from './fields';
import { useForm } from './form';
import { keepNext } from './navigation';

/** Sign in with a username or an email and a password; then back to where the person was. */
export default function SignInScreen() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const { status } = useSession();
  // Forgot password hands the address back, so the person types only the new password.
  const [login, setLogin] = useState(() => search.get('login') ?? '');
  const [password, setPassword] = useState('');
  const form = useForm(['username', 'password']);

  if (status === 'signed-in' && !form.busy) return <Navigate to={afterSignIn(search)} replace />;

  const send = async () => {
    const reply = await form.submit(() =>
      api.call(endpoints.auth.login, { body: { username: login.trim(), password } }),
    );
    if (!reply) return;
    session.signedIn(reply.access);
    navigate(afterSignIn(search), { replace: true });
  };

  return (
    <AuthLayout
      title="Welcome back"
      lead="Sign in to see your events' photos."
      footer={
        <p>
          New to Pixel-i?{' '}
          <Link className="auth-link" to={keepNext('/signup', search)}>
            Create an account
          </Link>
        </p>
      }
    >
      <AuthForm onSubmit={send} form={form}>
        <TextField
          label="Username or email"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          required
          value={login}
          error={form.field('username')}
          onChange={(e) => {
            setLogin(e.target.value);
            form.clearField('username');
          }}
        />
        <div className="field">
          <PasswordField
            label="Password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            error={form.field('password')}
            onChange={(e) => {
              setPassword(e.target.value);
              form.clearField('password');
            }}
          />
          <div className="auth-row">
            <span />
            <Link
              className="auth-link auth-small"
              to={keepNext('/forgot', search, { email: login.includes('@') ? login.trim() : '' })}
            >
              Forgot password?
            </Link>
          </div>
        </div>
        <SubmitButton busy={form.busy} busyLabel="Signing in…">
          Sign in
        </SubmitButton>
      </AuthForm>
    </AuthLayout>
  );
}
