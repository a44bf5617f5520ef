import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { Email, NewPassword, Username } from '@pixeli/contract';
import type { AppContext } from '../context.js';
import { hashPassword, weakPasswordReason } from '../features/accounts/passwords.js';
import * as repo from '../features/accounts/repo.js';
import { signInsChanged } from '../features/accounts/sign-in-cache.js';

/** A refusal the operator can act on: its message is printed alone, and the process exits with `exitCode`. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

interface AdminInput {
  username?: string;
  email?: string;
  password?: string;
}

/**
 * Creates an active, verified administrator, or promotes the account that already holds the
 * username and email. Missing values are asked for; the password is read without echo.
 */
export async function createAdmin(ctx: AppContext, input: AdminInput) {
  const username = parseOrFail(Username, input.username ?? (await ask('Username: ')), 'username');
  const email = parseOrFail(Email, input.email ?? (await ask('Email: ')), 'email');
  const password = parseOrFail(NewPassword, input.password ?? (await ask('Password: ', true)), 'password');
  const weak = weakPasswordReason(password, { username, email });
  if (weak) throw new CliError(`password: ${weak}`);

  const db = ctx.database.db;
  const holders = await repo.findUsersHoldingIdentity(db, username, email);
  const passwordHash = await hashPassword(password);
  const values = { role: 'admin' as const, isActive: true, emailVerifiedAt: ctx.clock.now(), passwordHash };
  const [holder, ...others] = holders;
  if (
    holder &&
    others.length === 0 &&
    holder.email === email &&
    holder.username.toLowerCase() === username.toLowerCase()
  ) {
    const updated = (await repo.updateUser(db, holder.id, values)) as repo.UserRow;
    // Servers sharing a Redis bus apply the new role at once; others within SIGN_IN_RECHECK_S.
    await signInsChanged(ctx, { userId: holder.id });
    return updated;
  }
  if (holders.length > 0) throw new CliError('That username or email belongs to another account.');
  return repo.insertUser(db, { username, email, name: username, ...values });
}

function parseOrFail<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: string,
  field: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CliError(`${field}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

async function ask(question: string, secret = false): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY === true });
  try {
    const pending = rl.question(question);
    muted = secret;
    const answer = await pending;
    if (secret) process.stdout.write('\n');
    return answer.trim();
  } finally {
    rl.close();
  }
}
