import { SMTPServer } from 'smtp-server';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { call, countRows, outboxCount, useHarness } from '../../test/harness.js';

/**
 * Real delivery over loopback: the app's SMTP driver talks to an in-process `smtp-server`, which
 * keeps each raw message so the test reads the code out of it like a mail client would.
 */

interface Received {
  from: string;
  to: string[];
  raw: string;
}

const received: Received[] = [];
/** While true the relay refuses every recipient, as a full or broken mail host would. */
let refusing = false;

const relay = new SMTPServer({
  disabledCommands: ['STARTTLS'],
  authOptional: true,
  logger: false,
  onRcptTo(_address, _session, callback) {
    if (refusing) {
      callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      return;
    }
    callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      callback();
    });
  },
});
// useHarness reads its env when called, so the relay's port must be known before that: listen now.
await new Promise<void>((resolve, reject) => {
  relay.once('error', reject);
  relay.listen(0, '127.0.0.1', () => resolve());
});
const { port } = relay.server.address() as { port: number };

afterAll(() => new Promise<void>((resolve) => relay.close(() => resolve())));

/** The MIME parts of a message, decoded, keyed by their content type. */
function mimeParts(raw: string): Map<string, string> {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  if (!boundary) throw new Error('not a multipart message');
  const parts = new Map<string, string>();
  for (const chunk of raw.split(`--${boundary}`).slice(1, -1)) {
    const split = chunk.search(/\r?\n\r?\n/);
    const headers = chunk.slice(0, split);
    const body = chunk.slice(split).trim();
    const type = /^Content-Type:\s*([^;\s]+)/im.exec(headers)?.[1]?.toLowerCase() ?? '';
    const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
    parts.set(type, decode(body, encoding));
  }
  return parts;
}

function decode(body: string, encoding: string | undefined): string {
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

const alice = {
  username: 'alice',
  email: 'alice@example.com',
  password: 'a long enough passphrase',
  name: 'Alice',
};

describe('the SMTP mail driver', () => {
  const h = useHarness('pglite', { SMTP_URL: `smtp://127.0.0.1:${port}/?ignoreTLS=true` });

  beforeEach(() => {
    received.length = 0;
    refusing = false;
  });

  it('delivers the verification mail with text and HTML parts, and its code verifies', async () => {
    expect(h.ctx.mailer.kind).toBe('smtp');
    const signup = await call(h, 'POST', '/api/auth/signup/', { body: alice });
    expect(signup.statusCode).toBe(201);

    expect(received).toHaveLength(1);
    const [mail] = received as [Received];
    expect(mail.to).toEqual([alice.email]);
    expect(mail.from).toBe('no-reply@pixeli.local');
    const code = /^Subject: (\d{6}) is your Pixel-i verification code\r?$/m.exec(mail.raw)?.[1];
    expect(code).toMatch(/^\d{6}$/);

    const parts = mimeParts(mail.raw);
    const text = parts.get('text/plain');
    const html = parts.get('text/html');
    expect(text).toContain('Pixel-i');
    expect(text).toContain(`    ${code}`);
    expect(text).toContain('Hi Alice,');
    expect(html).toContain('Pixel-i');
    expect(html).toContain(`>${code}</p>`);
    // Real delivery writes nothing to the embedded outbox.
    expect(await outboxCount(h)).toBe(0);

    const verify = await call(h, 'POST', '/api/auth/verify-email/', {
      body: { email: alice.email, otp: code },
    });
    expect(verify.statusCode).toBe(200);
    expect(verify.json()).toMatchObject({ access: expect.any(String), refresh: expect.any(String) });
  });

  it('answers 503 and keeps no account when the relay refuses, and the same signup works once it accepts', async () => {
    refusing = true;
    const refused = await call(h, 'POST', '/api/auth/signup/', { body: alice });
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ code: 'mail_unavailable' });
    expect(received).toHaveLength(0);
    expect(await countRows(h, 'users')).toBe(0);
    expect(await countRows(h, 'email_otps')).toBe(0);

    refusing = false;
    const again = await call(h, 'POST', '/api/auth/signup/', { body: alice });
    expect(again.statusCode).toBe(201);
    expect(received).toHaveLength(1);
    expect(await countRows(h, 'users')).toBe(1);
  });
});
