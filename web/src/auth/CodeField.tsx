import { useState } from 'react';
import { ApiError } from '../lib/api/errors';
import { CODE_LENGTH, codeDigits } from './code';
import { formatWait, useSecondsUntil, waitAfter } from './countdown';
import { TextField } from './fields';

/**
 * The mailed 6-digit code: one input the phone's keyboard, autofill (`one-time-code`) and a paste of
 * "123 456" all fill; anything but digits is dropped as it arrives.
 */
export function CodeField(props: { value: string; onChange: (code: string) => void; error?: string }) {
  return (
    <TextField
      label="6-digit code"
      name="otp"
      className="code-input"
      autoComplete="one-time-code"
      inputMode="numeric"
      pattern="[0-9]*"
      maxLength={CODE_LENGTH + 6}
      placeholder="••••••"
      required
      value={props.value}
      error={props.error}
      onChange={(e) => props.onChange(codeDigits(e.target.value))}
    />
  );
}

/** Seconds between two mails of a code, as the server paces them. */
export const RESEND_SECONDS = 60;

/**
 * "Send a new code", asleep for a minute after each mail; a 429 from the server sets the wait it
 * names (Retry-After), so the countdown never promises sooner than the server allows.
 */
export function ResendCode(props: { send: () => Promise<unknown>; sentAt: number }) {
  const [deadline, setDeadline] = useState(() => props.sentAt + RESEND_SECONDS * 1000);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const left = useSecondsUntil(deadline);

  const resend = async () => {
    if (busy || left > 0) return;
    setBusy(true);
    setNote(null);
    try {
      await props.send();
      setDeadline(Date.now() + RESEND_SECONDS * 1000);
      setNote('A new code is on its way.');
    } catch (error) {
      const wait = error instanceof ApiError && error.status === 429 ? error.retryAfterSeconds : null;
      if (error instanceof ApiError && error.status === 429) {
        setDeadline(Date.now() + waitAfter(wait, RESEND_SECONDS) * 1000);
      }
      setNote(error instanceof Error ? error.message : 'Could not send a new code.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="code-resend">
      <p>Didn’t get it?</p>
      <button type="button" className="text-btn" onClick={resend} disabled={busy || left > 0}>
        {left > 0 ? `Send a new code in ${formatWait(left)}` : busy ? 'Sending…' : 'Send a new code'}
      </button>
      {note && (
        <p role="status" className="auth-small">
          {note}
        </p>
      )}
    </div>
  );
}
