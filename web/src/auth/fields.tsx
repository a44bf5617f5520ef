import { AlertCircle, Eye, EyeOff, LoaderCircle, WifiOff } from 'lucide-react';
import { type InputHTMLAttributes, type ReactNode, useId, useState } from 'react';

/** A labelled input with its hint and its error, wired for screen readers (`aria-describedby`). */
export function TextField(
  props: {
    label: string;
    error?: string;
    hint?: ReactNode;
    trailing?: ReactNode;
  } & InputHTMLAttributes<HTMLInputElement>,
) {
  const { label, error, hint, trailing, id: givenId, className, ...input } = props;
  const autoId = useId();
  const id = givenId ?? autoId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className={trailing ? 'input-with-action' : undefined}>
        <input
          id={id}
          className={`input ${className ?? ''}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...input}
        />
        {trailing}
      </div>
      {error && (
        <p className="error" id={errorId}>
          {error}
        </p>
      )}
      {hint && (
        <div className="hint" id={hintId}>
          {hint}
        </div>
      )}
    </div>
  );
}

/** A password field with a show/hide toggle (a real button with a label that says what it does). */
export function PasswordField(props: Omit<Parameters<typeof TextField>[0], 'type' | 'trailing'>) {
  const [shown, setShown] = useState(false);
  return (
    <TextField
      {...props}
      type={shown ? 'text' : 'password'}
      autoCapitalize="none"
      autoCorrect="off"
      spellCheck={false}
      trailing={
        <button
          type="button"
          className="icon-btn input-action"
          aria-label={shown ? 'Hide password' : 'Show password'}
          aria-pressed={shown}
          onClick={() => setShown((s) => !s)}
        >
          {shown ? <EyeOff size={20} aria-hidden /> : <Eye size={20} aria-hidden />}
        </button>
      }
    />
  );
}

/**
 * An auth screen's form: submitted by Enter or its button without a page load, the browser's own
 * validation bubbles off (the contract's messages show instead), and the form's message on top.
 */
export function AuthForm(props: {
  onSubmit: () => unknown;
  form?: { message: string | null; offline: boolean };
  children: ReactNode;
}) {
  return (
    <form
      className="auth-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void props.onSubmit();
      }}
    >
      {props.form && (
        <FormAlert
          message={props.form.message}
          offline={props.form.offline}
          onRetry={() => props.onSubmit()}
        />
      )}
      {props.children}
    </form>
  );
}

/** The message above a form: the server's words, or a friendly offline line with a retry. */
export function FormAlert(props: { message: string | null; offline?: boolean; onRetry?: () => void }) {
  if (!props.message) return null;
  const Icon = props.offline ? WifiOff : AlertCircle;
  return (
    <div className={`auth-alert ${props.offline ? 'auth-alert-offline' : ''}`} role="alert">
      <Icon size={18} aria-hidden />
      <p>{props.message}</p>
      {props.offline && props.onRetry && (
        <button type="button" className="btn btn-ghost auth-alert-retry" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** The form's one primary button: it says what is happening while busy and cannot be pressed twice. */
export function SubmitButton(props: {
  busy: boolean;
  children: ReactNode;
  busyLabel: string;
  disabled?: boolean;
}) {
  return (
    <button
      type="submit"
      className="btn btn-primary btn-block auth-submit"
      disabled={props.disabled}
      aria-disabled={props.busy || undefined}
      aria-busy={props.busy || undefined}
    >
      {props.busy ? (
        <>
          <LoaderCircle className="auth-spin" size={18} aria-hidden /> {props.busyLabel}
        </>
      ) : (
        props.children
      )}
    </button>
  );
}

/** A success line (a code was sent, the password changed). */
export function FormNotice(props: { children: ReactNode }) {
  return (
    <p className="auth-notice" role="status">
      {props.children}
    </p>
  );
}
