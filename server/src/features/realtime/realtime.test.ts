import { once } from 'node:events';
import { WS_CLOSE } from '@pixeli/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { TEST_REDIS_URL } from '../../test/engines.js';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import { call, signUpVerified, useHarness } from '../../test/harness.js';

/** A real socket client that collects every message, so a test can wait for the one it expects. */
class Client {
  readonly messages: { type: string; [key: string]: unknown }[] = [];
  private waiters: (() => void)[] = [];
  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }
  async next(type: string, where: (m: Record<string, unknown>) => boolean = () => true, deadlineMs = 10_000) {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const found = this.messages.find((m) => m.type === type && where(m));
      if (found) return found;
      if (Date.now() > until) throw new Error(`no ${type} message; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        setTimeout(wake, 200);
      });
    }
  }
}

const buses = [['in-process bus', {}] as const];
if (TEST_REDIS_URL) buses.push(['Redis pub/sub bus', { REDIS_URL: TEST_REDIS_URL }] as never);

describe.each(buses)('realtime notifications over a WebSocket, %s', (_name, env) => {
  const h = useHarness('pglite', { WS_HEARTBEAT_S: '1', ...env });
  let base = '';
  beforeAll(async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const address = h.app.server.address();
    base = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => h.app.server.close());

  async function connect(token: string, viaProtocol = false) {
    const socket = viaProtocol
      ? new WebSocket(`${base}/api/ws/notifications/`, ['bearer', token])
      : new WebSocket(`${base}/api/ws/notifications/?token=${token}`);
    const client = new Client(socket);
    await once(socket, 'open');
    return client;
  }

  async function refused(url: string) {
    const socket = new WebSocket(url);
    // Terminating a refused handshake reports an error on the client; that is the expected end.
    socket.on('error', () => {});
    const [, response] = (await once(socket, 'unexpected-response')) as [unknown, { statusCode: number }];
    socket.terminate();
    return response.statusCode;
  }

  it('uses the expected bus', () => {
    expect(h.ctx.bus.kind).toBe(env && 'REDIS_URL' in env ? 'redis' : 'memory');
  });

  it('a like reaches the photographer at once, with the new badge count', async () => {
    const ada = await signUpVerified(h);
    const bob = await signUpVerified(h);
    const event = await createEvent(h, ada);
    const photo = await addPhoto(h, event.id, ada);
    const client = await connect(ada.access);
    await client.next('unread_count', (m) => m.unread_count === 0);
    await call(h, 'POST', `/api/photos/${photo}/likes/`, { token: bob.access });
    const pushed = await client.next('notification');
    expect(pushed.notification).toMatchObject({ verb: 'LIKED', target_id: photo, actor: { id: bob.id } });
    await client.next('unread_count', (m) => m.unread_count === 1);
    client.socket.close();
  });

  it('two likes committing together each reach the photographer with their own notification', async () => {
    const ada = await signUpVerified(h);
    const bob = await signUpVerified(h);
    const carol = await signUpVerified(h);
    const event = await createEvent(h, ada);
    const first = await addPhoto(h, event.id, ada);
    const second = await addPhoto(h, event.id, ada);
    const client = await connect(ada.access);
    await client.next('unread_count');
    await Promise.all([
      call(h, 'POST', `/api/photos/${first}/likes/`, { token: bob.access }),
      call(h, 'POST', `/api/photos/${second}/likes/`, { token: carol.access }),
    ]);
    const about = (photo: string) => (m: Record<string, unknown>) =>
      (m.notification as { target_id: string }).target_id === photo;
    await client.next('notification', about(first));
    await client.next('notification', about(second));
    await client.next('unread_count', (m) => m.unread_count === 2);
    client.socket.close();
  });

  it('accepts the token as a bearer subprotocol too', async () => {
    const ada = await signUpVerified(h);
    const client = await connect(ada.access, true);
    expect(client.socket.protocol).toBe('bearer');
    await client.next('unread_count');
    client.socket.close();
  });

  it('refuses a missing, forged or expired token at the handshake', async () => {
    const ada = await signUpVerified(h);
    expect(await refused(`${base}/api/ws/notifications/`)).toBe(401);
    expect(await refused(`${base}/api/ws/notifications/?token=not.a.token`)).toBe(401);
    h.clock.advance(h.ctx.config.ACCESS_TOKEN_TTL_S + 1);
    expect(await refused(`${base}/api/ws/notifications/?token=${ada.access}`)).toBe(401);
  });

  it('closes the socket of a sign-in that ended', async () => {
    const ada = await signUpVerified(h);
    const client = await connect(ada.access);
    await call(h, 'POST', '/api/auth/logout-all/', { token: ada.access });
    const [code] = (await once(client.socket, 'close')) as [number];
    expect(code).toBe(WS_CLOSE.signedOut);
  });

  it('checks every socket of the process at once, and closes only those whose sign-in ended', async () => {
    const ada = await signUpVerified(h);
    const bob = await signUpVerified(h);
    const adas = [await connect(ada.access), await connect(ada.access)];
    const bobs = await connect(bob.access);
    await call(h, 'POST', '/api/auth/logout-all/', { token: ada.access });
    const codes = await Promise.all(adas.map(async (c) => ((await once(c.socket, 'close')) as [number])[0]));
    expect(codes).toEqual([WS_CLOSE.signedOut, WS_CLOSE.signedOut]);
    // Another heartbeat later (1 s here), the live sign-in's socket is still open.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(bobs.socket.readyState).toBe(WebSocket.OPEN);
    bobs.socket.close();
  });

  it('refuses more sockets than WS_MAX_PER_USER, and a socket that leaves at once frees its place', async () => {
    const ada = await signUpVerified(h);
    // Sockets closed the moment they open, some while the server still subscribes them.
    for (let i = 0; i < h.ctx.config.WS_MAX_PER_USER + 3; i++) {
      const quick = new WebSocket(`${base}/api/ws/notifications/?token=${ada.access}`);
      await once(quick, 'open');
      quick.close();
      await once(quick, 'close');
    }
    const open = [];
    for (let i = 0; i < h.ctx.config.WS_MAX_PER_USER; i++) {
      const client = await connect(ada.access);
      await client.next('unread_count');
      open.push(client);
    }
    const extra = new WebSocket(`${base}/api/ws/notifications/?token=${ada.access}`);
    const [code] = (await once(extra, 'close')) as [number];
    expect(code).toBe(WS_CLOSE.tooManySockets);
    for (const client of open) client.socket.close();
  });

  it('watch_event is refused for an event the user cannot read, and fills an open gallery otherwise', async () => {
    const ada = await signUpVerified(h);
    const bob = await signUpVerified(h);
    const secret = await createEvent(h, ada, { read_perm: 'PRV' });
    const open = await createEvent(h, ada);
    const client = await connect(bob.access);
    client.socket.send(JSON.stringify({ type: 'watch_event', event_id: secret.id }));
    expect((await client.next('error')).code).toBe('event_not_found');
    client.socket.send(JSON.stringify({ type: 'watch_event', event_id: open.id }));
    await client.next('watching');
    const visible = await addPhoto(h, open.id, ada);
    const hidden = await addPhoto(h, open.id, ada, { readPerm: 'PRV' });
    for (const photoId of [hidden, visible]) {
      await h.ctx.bus.publish(`event:${open.id}`, {
        type: 'event_photo_added',
        event_id: open.id,
        photo_id: photoId,
      });
    }
    await client.next('event_photo_added', (m) => m.photo_id === visible);
    expect(client.messages.some((m) => m.photo_id === hidden)).toBe(false);
    client.socket.close();
  });

  it('the badge goes down at once when what a notification was about goes: a comment, a tag, a photo', async () => {
    const ada = await signUpVerified(h);
    const bob = await signUpVerified(h);
    const event = await createEvent(h, ada);
    const photo = await addPhoto(h, event.id, ada);
    const adaClient = await connect(ada.access);
    const bobClient = await connect(bob.access);
    // Every badge count a client has heard so far, in order: each step waits for its own.
    const heard = (client: Client) =>
      client.messages.filter((m) => m.type === 'unread_count').map((m) => m.unread_count);
    const badges = (client: Client, ...counts: number[]) =>
      client.next('unread_count', () => heard(client).join() === counts.join());
    await badges(adaClient, 0);
    await badges(bobClient, 0);

    // Bob comments (Ada: 1), Ada tags Bob (Bob: 1).
    const comment = await call(h, 'POST', `/api/photos/${photo}/comments/`, {
      token: bob.access,
      body: { content: 'Nice one' },
    });
    await badges(adaClient, 0, 1);
    await call(h, 'POST', `/api/photos/${photo}/tags/`, {
      token: ada.access,
      body: { tagged_usernames: [bob.username] },
    });
    await badges(bobClient, 0, 1);

    // The comment goes: Ada's COMMENTED goes with it.
    const removed = await call(h, 'DELETE', `/api/photos/${photo}/comments/${comment.json().id}/`, {
      token: bob.access,
    });
    expect(removed.statusCode).toBe(204);
    await badges(adaClient, 0, 1, 0);

    // The tag goes: "Ada tagged you" is void.
    expect(
      (await call(h, 'DELETE', `/api/photos/${photo}/tags/${bob.id}/`, { token: bob.access })).statusCode,
    ).toBe(204);
    await badges(bobClient, 0, 1, 0);

    // A like on a second photo, then that photo is deleted.
    const second = await addPhoto(h, event.id, ada);
    await call(h, 'POST', `/api/photos/${second}/likes/`, { token: bob.access });
    await badges(adaClient, 0, 1, 0, 1);
    expect((await call(h, 'DELETE', `/api/photos/${second}/`, { token: ada.access })).statusCode).toBe(204);
    await badges(adaClient, 0, 1, 0, 1, 0);
    adaClient.socket.close();
    bobClient.socket.close();
  });
});

describe('a socket whose token runs out', () => {
  // Tokens that live six seconds: long enough to sign up and connect on a loaded machine, short
  // enough to watch one expire.
  const h = useHarness('pglite', { ACCESS_TOKEN_TTL_S: '6' });
  beforeAll(async () => h.app.listen({ port: 0, host: '127.0.0.1' }));
  afterAll(async () => h.app.server.close());

  it('is closed with 4001 so the client refreshes and reconnects', async () => {
    const ada = await signUpVerified(h);
    const address = h.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/ws/notifications/?token=${ada.access}`);
    await once(socket, 'open');
    const [code] = (await once(socket, 'close')) as [number];
    expect(code).toBe(WS_CLOSE.tokenExpired);
  });
});
