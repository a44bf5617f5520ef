import { useCallback, useRef, useState } from 'react';
import { ApiError, NetworkError } from '../lib/api/errors';

/**
 * One form's sending state: busy while a request is out (the button shows it and a second Enter
 * does nothing), and the last failure, as field messages (the server's or the contract's words,
 * by field name) and one message for the top of the form.
 */
export interface FormState {
  busy: boolean;
  /** The message for the top of the form: the server's `detail`, a field-less error, or offline. */
  message: string | null;
  offline: boolean;
  field(name: string): string | undefined;
  /** Runs `send` unless one is already running; returns its result, or undefined when it failed. */
  submit<T>(send: () => Promise<T>): Promise<T | undefined>;
  /** Forget a field's message once the person edits it. */
  clearField(name: string): void;
  reset(): void;
}

interface Failure {
  message: string | null;
  fields: Record<string, string>;
  offline: boolean;
}

const NONE: Failure = { message: null, fields: {}, offline: false };

/** Which fields the form shows next to their inputs; messages for other names go to the top. */
export function describeFailure(error: unknown, shownFields: readonly string[]): Failure {
  if (error instanceof NetworkError) return { message: error.message, fields: {}, offline: true };
  if (!(error instanceof ApiError))
    return { message: 'Something went wrong. Try again.', fields: {}, offline: false };
  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const [name, messages] of Object.entries(error.fields)) {
    const [first] = messages;
    if (!first) continue;
    if (shownFields.includes(name)) fields[name] = first;
    else elsewhere.push(first);
  }
  const hasFields = Object.keys(fields).length > 0;
  const message = elsewhere[0] ?? (hasFields ? null : error.message);
  return { message, fields, offline: false };
}

export function useForm(shownFields: readonly string[]): FormState {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure>(NONE);
  const running = useRef(false);
  const fieldsRef = useRef(shownFields);
  fieldsRef.current = shownFields;

  const submit = useCallback(async <T>(send: () => Promise<T>): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    setFailure(NONE);
    try {
      return await send();
    } catch (error) {
      setFailure(describeFailure(error, fieldsRef.current));
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);

  const clearField = useCallback((name: string) => {
    setFailure((f) => {
      if (!(name in f.fields)) return f;
      const { [name]: _gone, ...rest } = f.fields;
      return { ...f, fields: rest };
    });
  }, []);

  return {
    busy,
    message: failure.message,
    offline: failure.offline,
    field: (name) => failure.fields[name],
    submit,
    clearField,
    reset: useCallback(() => setFailure(NONE), []),
  };
}
