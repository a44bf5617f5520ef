import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { TEST_DATABASE_URL } from '../test/engines.js';
import { adminQuery, withDatabase } from '../test/global-setup.js';
import {
  api,
  cleanUpProcesses,
  codeFromOutbox,
  requireBuiltCli,
  type Server,
  serve,
  tempDir,
} from '../test/processes.js';

/** `pixeli serve` stopped by SIGTERM in the middle of work, as an orchestrator or Ctrl-C does. */

beforeAll(requireBuiltCli);
afterEach(cleanUpProcesses);

async function signUp(server: Server, dataDir: string, username: string) {
  const email = `${username}@example.com`;
  await api(server, 'POST', '/api/auth/signup/', {
    body: { username, email, password: 'a long enough passphrase', name: username },
  });
  const otp = await codeFromOutbox(dataDir, email);
  return (await api(server, 'POST', '/api/auth/verify-email/', { body: { email, otp } })).json
    .access as string;
}

/** What one request ended as: a whole answer, or its connection closed on it (never half an answer). */
async function outcome(request: Promise<Response>): Promise<'answered' | 'closed'> {
  let response: Response;
  try {
    response = await request;
  } catch {
    return 'closed';
  }
  // A body cut off half way rejects here, and fails the test: that is a broken answer.
  const text = await response.text();
  if (text) JSON.parse(text);
  // A refusal the client caused (a like already there) is an answer; a server error is not.
  expect(response.status === 503 || response.status < 500, `${response.status} ${text}`).toBe(true);
  return 'answered';
}

/** Log lines at warning level or worse: a clean stop has none. */
const troubleLines = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .filter((line) => (JSON.parse(line) as { level: number }).level >= 40);

async function processed(server: Server, token: string, photoId: string) {
  const deadline = Date.now() + 60_000;
  while ((await api(server, 'GET', `/api/photos/${photoId}/`, { token })).json.status !== 'CO') {
    if (Date.now() > deadline) throw new Error(`photo ${photoId} was not processed in time`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const jpeg = (background: string) =>
  sharp({ create: { width: 1200, height: 900, channels: 3, background } })
    .jpeg()
    .toBuffer();

function bulkUpload(server: Server, token: string, eventId: string, image: Buffer, name: string) {
  const form = new FormData();
  form.append('images', new Blob([new Uint8Array(image)], { type: 'image/jpeg' }), name);
  return fetch(`${server.url}/api/events/${eventId}/photos/bulk-upload/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
}

// On PostgreSQL the database is a pool: closing it under running work is what used to fail loudly.
const engines: [string, () => Promise<Record<string, string>>][] = [['PGlite', async () => ({})]];
if (TEST_DATABASE_URL) {
  engines.push([
    'PostgreSQL',
    async () => {
      const name = `pixeli_stop_${Date.now()}`;
      await adminQuery(`CREATE DATABASE ${name}`);
      onTestFinished(() => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      return { DATABASE_URL: withDatabase(TEST_DATABASE_URL!, name) };
    },
  ]);
}

describe.each(engines)('pixeli serve on SIGTERM (and a second signal), %s', (_name, databaseEnv) => {
  it('answers or cleanly closes every request in flight, logs no error, and loses no photo', async () => {
    const dataDir = await tempDir();
    const env = await databaseEnv();
    const first = await serve(dataDir, { env });
    const ada = await signUp(first, dataDir, 'ada');
    const bob = await signUp(first, dataDir, 'bob');
    const event = (await api(first, 'POST', '/api/events/', { token: ada, body: { title: 'Stop' } })).json;
    const firstUpload = await bulkUpload(first, ada, event.id, await jpeg('#37a'), 'liked.jpg');
    const liked = ((await firstUpload.json()) as { results: { photo_id: string }[] }).results[0]!.photo_id;
    await processed(first, ada, liked);

    // Until the server is gone: Ada reads her gallery, Bob likes and unlikes her photo (each like
    // commits, then is pushed to her), and a new photo is on its way up.
    const untilClosed = async (request: (i: number) => Promise<Response>) => {
      const outcomes: ('answered' | 'closed')[] = [];
      while (outcomes.at(-1) !== 'closed' && outcomes.length < 5000) {
        outcomes.push(await outcome(request(outcomes.length)));
      }
      return outcomes;
    };
    const readers = Array.from({ length: 4 }, () =>
      untilClosed(() =>
        fetch(`${first.url}/api/events/${event.id}/photos/`, { headers: { authorization: `Bearer ${ada}` } }),
      ),
    );
    const likers = Array.from({ length: 4 }, () =>
      untilClosed((i) =>
        fetch(`${first.url}/api/photos/${liked}/likes/`, {
          method: i % 2 === 0 ? 'POST' : 'DELETE',
          headers: { authorization: `Bearer ${bob}` },
        }),
      ),
    );
    const upload = bulkUpload(first, ada, event.id, await jpeg('#a73'), 'late.jpg');
    await new Promise((resolve) => setTimeout(resolve, 500));
    first.child.kill('SIGTERM');
    // A second signal, as Ctrl-C on `npm start` delivers one to npm and one to the server.
    await new Promise((resolve) => setTimeout(resolve, 20));
    first.child.kill('SIGINT');
    const { code } = await first.exited;
    const outcomes = (await Promise.all([...readers, ...likers])).flat();
    const uploaded = await upload.then(
      async (response) => ({ status: response.status, body: await response.text() }),
      () => ({ status: 0, body: '' }),
    );

    expect(code).toBe(0);
    expect(outcomes.filter((o) => o === 'answered').length).toBeGreaterThan(8);
    expect(troubleLines(first.stdout())).toEqual([]);
    expect(first.stderr()).toBe('');

    // After a restart, every photo the uploads created is processed: nothing was lost on the way.
    const second = await serve(dataDir, { env });
    const photos = (await api(second, 'GET', '/api/photos/', { token: ada })).json as { id: string }[];
    if (uploaded.status === 207) expect(photos.length).toBe(2);
    else expect([0, 503]).toContain(uploaded.status);
    for (const photo of photos) await processed(second, ada, photo.id);
    expect(await second.stop()).toBe(0);
    expect(troubleLines(second.stdout())).toEqual([]);
  }, 180_000);
});
