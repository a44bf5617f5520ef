import type { Config } from '../config.js';

/**
 * The one line an operator needs when the server cannot start for a reason outside the code: the
 * database it was pointed at cannot be reached or refuses it, or the port is taken. A stack trace
 * there only hides the variable to fix. Anything else is left alone (undefined): it is a bug, and
 * its trace is what a bug report needs.
 */
export function explainStartupError(error: unknown, config: Config): string | undefined {
  const code = errorCode(error);
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    const why = code === 'EADDRINUSE' ? 'is already in use' : 'may not be opened by this user';
    return `PORT ${config.PORT} on HOST ${config.HOST} ${why}: stop the process that holds it or set PORT to another port.`;
  }
  if (!config.DATABASE_URL || code === undefined) return;
  const url = `DATABASE_URL (${maskPassword(config.DATABASE_URL)})`;
  const check = DATABASE_CHECKS[code];
  return check ? `Cannot use the database at ${url}: ${check}` : undefined;
}

/** What to check, per Node socket error and PostgreSQL SQLSTATE. */
const DATABASE_CHECKS: Record<string, string> = {
  ECONNREFUSED: 'nothing answers at that host and port; is PostgreSQL running, and are host and port right?',
  ENOTFOUND: 'its host name does not resolve; check the host.',
  EAI_AGAIN: 'its host name does not resolve; check the host and the network.',
  ETIMEDOUT: 'the connection timed out; check the host, the port and any firewall.',
  EHOSTUNREACH: 'the host is unreachable; check the host and the network.',
  ECONNRESET:
    'the server closed the connection; check that the port is PostgreSQL and whether it requires SSL.',
  '3D000': 'that database does not exist; create it (createdb) or fix its name in the URL.',
  '28000': 'that role does not exist or may not connect; create it or fix the user name in the URL.',
  '28P01': 'the password was refused; check the user name and password in the URL.',
  '42501': 'the role lacks a permission it needs; grant it, or use the database owner.',
  '57P03': 'the server is starting up or shutting down; try again in a moment.',
};

/** The error's code, looking inside the AggregateError pg throws when every address of a host refused. */
function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && code) return code;
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  return errorCode((error as { cause?: unknown }).cause);
}

/** The URL with its password, if any, replaced by `***`, so the line can be logged and pasted. */
export function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable)';
  }
}
