import { hash, verify } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords.js';

// argon2id with the library's defaults (~60 ms here): slow for a guesser, quick for a person.
export const hashPassword = (password: string) => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random string: verified against when no account matched, so timing tells nothing. */
let decoyHash: Promise<string> | undefined;
export async function spendPasswordCheck(password: string): Promise<void> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}`);
  await verifyPassword(await decoyHash, password);
}

/**
 * Why a new password is refused, or null when it is fine. Length is the contract's job; this adds
 * what a schema cannot know: the list of passwords everyone tries first, and the person's own names.
 */
export function weakPasswordReason(
  password: string,
  user: { username: string; email: string },
): string | null {
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) return 'This password is too common.';
  const names = [
    user.username.toLowerCase(),
    user.email.toLowerCase(),
    user.email.split('@')[0]?.toLowerCase(),
  ];
  if (names.some((name) => name && name.length >= 3 && lowered === name)) {
    return 'The password is too similar to the username or email.';
  }
  if (/^(.)\1+$/.test(password)) return 'This password is too common.';
  return null;
}
