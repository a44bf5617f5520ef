import type { ServerMessage } from '@pixeli/contract';
import { describe, expect, it, vi } from 'vitest';
import {
  createUploadQueue,
  describeUploadError,
  type UploadOptions,
  type UploadQueueDeps,
  type UploadRequest,
  type UploadResponse,
} from './upload-queue';

/**
 * The queue's logic against a scripted server: each request it sends is recorded with its files,
 * metadata and token, and answered by the test (or by default: every file created).
 */
const EVENT = '00000000-0000-4000-8000-0000000000e1';
const OPTIONS: UploadOptions = {
  read_perm: 'PUB',
  share_perm: 'AN',
  user_tags: ['party'],
  tagged_usernames: [],
  caption: 'Garden',
};

interface Sent {
  url: string;
  token: string | null;
  names: string[];
  metadata: { client_id: string; caption?: string; user_tags?: string[] }[];
  request: UploadRequest;
}

const photoIdFor = (clientId: string) =>
  `00000000-0000-4000-8000-${clientId.replace(/\D/g, '').padStart(12, '0').slice(-12)}`;

const created = (names: string[]): UploadResponse => ({
  status: 207,
  retryAfter: null,
  body: {
    results: names.map((name) => ({
      client_id: name,
      photo_id: photoIdFor(name),
      status: 'created',
      error: null,
    })),
  },
});

function harness(
  answer: (sent: Sent, index: number) => UploadResponse | Promise<UploadResponse> = (sent) =>
    created(sent.names),
  options: Partial<UploadQueueDeps> = {},
) {
  const sent: Sent[] = [];
  const listeners = new Set<(message: ServerMessage) => void>();
  let ids = 0;
  let access = 'token-1';
  const session = {
    snapshot: () => ({ status: 'signed-in' as const, access }),
    refresh: vi.fn(async () => access),
    refreshAfter: vi.fn(async (stale: string | null) => {
      if (stale === access) access = `token-${Number(access.split('-')[1]) + 1}`;
      return access;
    }),
  };
  const waits: number[] = [];
  const changed: string[] = [];
  const queue = createUploadQueue({
    session,
    transport: async (request) => {
      const names = (request.body.getAll('images') as File[]).map((f) => f.name);
      const metadata = JSON.parse(String(request.body.get('metadata')));
      const record = { url: request.url, token: request.token, names, metadata, request };
      sent.push(record);
      return answer(record, sent.length - 1);
    },
    live: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    wait: async (ms) => {
      waits.push(ms);
    },
    newId: () => `id${++ids}`,
    onPhotosChanged: (eventId) => changed.push(eventId),
    ...options,
  });
  const say = (message: ServerMessage) => {
    for (const listener of listeners) listener(message);
  };
  return { queue, sent, session, waits, changed, say };
}

const file = (name: string, size = 10) => {
  const made = new File([new Uint8Array(Math.min(size, 1024))], name, { type: 'image/jpeg' });
  // Large sizes are only claimed: the queue reads `size`, and tests need not hold 75 MB.
  if (size > 1024) Object.defineProperty(made, 'size', { value: size });
  return made;
};
const files = (count: number, size = 10) =>
  Array.from({ length: count }, (_, i) => ({ file: file(`IMG_${i}.JPG`, size), options: OPTIONS }));

/** Resolves once the queue has nothing queued, uploading or waiting. */
async function settled(queue: ReturnType<typeof harness>['queue']) {
  await vi.waitFor(() => {
    const busy = queue
      .snapshot()
      .items.some((i) => i.state === 'queued' || i.state === 'uploading' || i.state === 'waiting');
    expect(busy).toBe(false);
  });
}

describe('batches', () => {
  it('sends 120 files as 12 requests of at most 10, one at a time, each file named by its client_id', async () => {
    let open = 0;
    let most = 0;
    const { queue, sent } = harness(async (s) => {
      open += 1;
      most = Math.max(most, open);
      await new Promise((resolve) => setTimeout(resolve, 1));
      open -= 1;
      return created(s.names);
    });
    const ids = queue.add(EVENT, files(120));
    await settled(queue);
    expect(sent).toHaveLength(12);
    expect(sent.every((s) => s.names.length <= 10)).toBe(true);
    expect(most).toBe(1);
    expect(sent.flatMap((s) => s.names)).toEqual(ids);
    expect(ids[0]).toBe('id1.jpg');
    expect(sent[0]?.url).toBe(`/api/events/${EVENT}/photos/bulk-upload/`);
    expect(sent[0]?.metadata[0]).toEqual({
      client_id: 'id1.jpg',
      read_perm: 'PUB',
      share_perm: 'AN',
      user_tags: ['party'],
      caption: 'Garden',
    });
  });

  it('closes a batch before 40 MB, and never asks for more than 50 files whatever it is told', async () => {
    const big = harness();
    big.queue.add(EVENT, files(5, 15 * 1024 * 1024));
    await settled(big.queue);
    expect(big.sent.map((s) => s.names.length)).toEqual([2, 2, 1]);

    const greedy = harness(undefined, { batchFiles: 500 });
    greedy.queue.add(EVENT, files(120));
    await settled(greedy.queue);
    expect(greedy.sent.map((s) => s.names.length)).toEqual([50, 50, 20]);
  });

  it('keeps each event in its own requests', async () => {
    const other = '00000000-0000-4000-8000-0000000000e2';
    const { queue, sent } = harness();
    queue.add(EVENT, files(2));
    queue.add(other, files(2));
    await settled(queue);
    expect(sent.map((s) => [s.url.split('/')[3], s.names.length])).toEqual([
      [EVENT, 2],
      [other, 2],
    ]);
  });

  it('halves its batches when the server says they hold too many files', async () => {
    const { queue, sent } = harness((s) =>
      s.names.length > 3
        ? {
            status: 413,
            retryAfter: null,
            body: { detail: 'At most 3 photos per upload.', code: 'too_many_files' },
          }
        : created(s.names),
    );
    queue.add(EVENT, files(8));
    await settled(queue);
    expect(sent.map((s) => s.names.length)).toEqual([8, 4, 2, 2, 2, 2]);
    expect(queue.snapshot().items.every((i) => i.state === 'processing')).toBe(true);
  });
});

describe('progress', () => {
  it("spreads a request's sent bytes over its files in order and sums them overall", async () => {
    let release: (r: UploadResponse) => void = () => {};
    const { queue, sent } = harness(() => new Promise((resolve) => (release = resolve)));
    queue.add(EVENT, [
      { file: file('a.jpg', 100), options: OPTIONS },
      { file: file('b.jpg', 300), options: OPTIONS },
    ]);
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    // The body is a little larger than the files (the metadata, part headers): 440 bytes here.
    sent[0]?.request.onProgress(220, 440);
    const { items, summary } = queue.snapshot();
    expect(items.map((i) => [i.state, i.sent])).toEqual([
      ['uploading', 100],
      ['uploading', 100],
    ]);
    expect(summary).toMatchObject({ total: 2, bytesSent: 200, bytesTotal: 400, progress: 0.5, finished: 0 });
    release(created(sent[0]?.names ?? []));
    await settled(queue);
    expect(queue.snapshot().summary).toMatchObject({ progress: 1, finished: 2, active: 2 });
  });
});

describe('results', () => {
  it('maps created, duplicate and refused files, with the server reason made readable', async () => {
    const { queue, changed } = harness((s) => ({
      status: 207,
      retryAfter: null,
      body: {
        results: [
          { client_id: s.names[0], photo_id: photoIdFor('1'), status: 'created', error: null },
          { client_id: s.names[1], photo_id: photoIdFor('2'), status: 'duplicate', error: null },
          { client_id: s.names[2], photo_id: null, status: 'error', error: 'This file is not an image.' },
          {
            client_id: s.names[3],
            photo_id: null,
            status: 'error',
            error: { tagged_usernames: ['Unknown usernames: zed'] },
          },
        ],
      },
    }));
    queue.add(EVENT, files(5));
    await settled(queue);
    const items = queue.snapshot().items;
    expect(items.map((i) => [i.state, i.photoId, i.error])).toEqual([
      ['processing', photoIdFor('1'), null],
      ['done', photoIdFor('2'), null],
      ['failed', null, 'This file is not an image.'],
      ['failed', null, 'Tagged usernames: Unknown usernames: zed'],
      ['failed', null, 'The server gave no answer for this photo. Try again.'],
    ]);
    expect(items[1]?.duplicate).toBe(true);
    expect(changed).toEqual([EVENT]);
    expect(queue.snapshot().summary).toMatchObject({ failed: 3, done: 1, active: 1 });
  });

  it('follows processing on the socket: completed is done, failed cannot be sent again', async () => {
    const { queue, say, sent } = harness();
    queue.add(EVENT, files(2));
    await settled(queue);
    const [a, b] = queue.snapshot().items;
    say({ type: 'photo_status', photo_id: a?.photoId as string, status: 'CO' });
    say({ type: 'photo_status', photo_id: b?.photoId as string, status: 'FA' });
    const [doneA, failedB] = queue.snapshot().items;
    expect(doneA?.state).toBe('done');
    expect(failedB).toMatchObject({ state: 'failed', canRetry: false });
    expect(failedB?.error).toMatch(/could not process/);
    queue.retryFailed();
    expect(sent).toHaveLength(1);
  });

  it('keeps a status heard before the answer that names the photo', async () => {
    let say: (m: ServerMessage) => void = () => {};
    const h = harness((s) => {
      say({ type: 'photo_status', photo_id: photoIdFor(s.names[0] as string), status: 'CO' });
      return created(s.names);
    });
    say = h.say;
    h.queue.add(EVENT, files(1));
    await settled(h.queue);
    expect(h.queue.snapshot().items[0]?.state).toBe('done');
  });

  it('asks the API about photos still processing when the socket stays silent', async () => {
    vi.useFakeTimers();
    try {
      const checkStatus = vi.fn(async () => 'CO' as const);
      const { queue } = harness(undefined, { checkStatus, statusPollMs: 1000 });
      queue.add(EVENT, files(1));
      await vi.waitFor(() => expect(queue.snapshot().items[0]?.state).toBe('processing'));
      await vi.advanceTimersByTimeAsync(1000);
      expect(checkStatus).toHaveBeenCalledTimes(1);
      expect(queue.snapshot().items[0]?.state).toBe('done');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('failures and retry', () => {
  it('fails a dropped batch with a reason, and retries only the failed files, one or all', async () => {
    const { queue, sent } = harness((s, index) => {
      if (index === 1) throw new Error('offline');
      return created(s.names);
    });
    queue.add(EVENT, files(13));
    await settled(queue);
    const failed = queue.snapshot().items.filter((i) => i.state === 'failed');
    expect(failed).toHaveLength(3);
    expect(failed[0]?.error).toMatch(/connection dropped/);

    queue.retry(failed[0]?.id as string);
    await settled(queue);
    expect(sent[2]?.names).toEqual([failed[0]?.id]);

    queue.retryFailed();
    await settled(queue);
    expect(sent[3]?.names).toEqual([failed[1]?.id, failed[2]?.id]);
    expect(sent).toHaveLength(4);
    expect(queue.snapshot().summary.failed).toBe(0);
  });

  it('on a 401 asks the session for a newer token once and sends the same batch again', async () => {
    const { queue, sent, session } = harness((s) =>
      s.token === 'token-1'
        ? { status: 401, retryAfter: null, body: { detail: 'expired', code: 'token_not_valid' } }
        : created(s.names),
    );
    queue.add(EVENT, files(3));
    await settled(queue);
    expect(sent.map((s) => [s.token, s.names.length])).toEqual([
      ['token-1', 3],
      ['token-2', 3],
    ]);
    expect(session.refreshAfter).toHaveBeenCalledTimes(1);
    expect(session.refreshAfter).toHaveBeenCalledWith('token-1');
    expect(queue.snapshot().items.every((i) => i.state === 'processing')).toBe(true);
  });

  it('does not loop on a second 401: the files fail asking to sign in again', async () => {
    const { queue, sent } = harness(() => ({
      status: 401,
      retryAfter: null,
      body: { detail: 'Please sign in again.', code: 'not_authenticated' },
    }));
    queue.add(EVENT, files(2));
    await settled(queue);
    expect(sent).toHaveLength(2);
    expect(queue.snapshot().items.map((i) => i.error)).toEqual([
      'Please sign in again.',
      'Please sign in again.',
    ]);
  });

  it('on a 429 waits Retry-After, showing the files as waiting, then sends again', async () => {
    let statesWhileWaiting: string[] = [];
    const h = harness(
      (s, index) =>
        index === 0
          ? { status: 429, retryAfter: '7', body: { detail: 'Slow down.', code: 'throttled' } }
          : created(s.names),
      {
        wait: async (ms) => {
          h.waits.push(ms);
          statesWhileWaiting = h.queue.snapshot().items.map((i) => i.state);
        },
      },
    );
    h.queue.add(EVENT, files(2));
    await settled(h.queue);
    expect(h.waits).toEqual([7000]);
    expect(statesWhileWaiting).toEqual(['waiting', 'waiting']);
    expect(h.sent).toHaveLength(2);
    expect(h.queue.snapshot().items.every((i) => i.state === 'processing')).toBe(true);
  });

  it('other refusals fail the batch in the server words; remove and clear forget files', async () => {
    const { queue } = harness(() => ({
      status: 403,
      retryAfter: null,
      body: { detail: 'You cannot add photos to this event.', code: 'forbidden' },
    }));
    queue.add(EVENT, files(2));
    await settled(queue);
    const [first] = queue.snapshot().items;
    expect(first?.error).toBe('You cannot add photos to this event.');
    queue.remove(first?.id as string);
    expect(queue.snapshot().items).toHaveLength(1);
    queue.clearFinished();
    expect(queue.snapshot().items).toHaveLength(0);
  });
});

describe('describeUploadError', () => {
  it('reads a sentence, field errors, and nothing at all', () => {
    expect(describeUploadError('Too large.')).toBe('Too large.');
    expect(describeUploadError({ non_field_errors: ['Broken.'], caption: ['Too long.'] })).toBe(
      'Broken. Caption: Too long.',
    );
    expect(describeUploadError(null)).toBe('The server refused this photo.');
  });
});
