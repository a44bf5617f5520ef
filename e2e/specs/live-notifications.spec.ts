import { expect, test } from '@playwright/test';
import { uploadPhoto, useWorld } from '../support/world.js';

/**
 * Live notifications as a web page receives them: Chromium's own WebSocket, signed in with the
 * `bearer, <access>` subprotocol pair (a browser cannot set headers on a socket), hears its badge
 * count at once and a like on the photographer's photo the moment it happens.
 */

const world = useWorld();

test('a browser socket hears the badge count, then a like as it happens', async ({ page }) => {
  const w = world();
  const ada = await w.signUp('ada');
  const bob = await w.signUp('bob');
  const { json: event } = await w.api<{ id: string }>('POST', '/api/events/', {
    token: ada,
    body: { title: 'Garden party' },
  });
  const photoId = await uploadPhoto(w, ada, event.id);

  // The socket is opened from a page the server serves, as a web app's would be: the API docs,
  // whose policy allows connections to its own origin (the JSON routes' `default-src 'none'` does not).
  await page.goto(`${w.server.url}/api/docs`);
  const wsUrl = `${w.server.url.replace(/^http/, 'ws')}/api/ws/notifications/`;
  await page.evaluate(
    ([url, token]) =>
      new Promise<void>((resolve, reject) => {
        const socket = new WebSocket(url!, ['bearer', token!]);
        const heard: unknown[] = [];
        Object.assign(window, { heard, socket });
        socket.onmessage = (message) => {
          heard.push(JSON.parse(message.data as string));
          resolve();
        };
        socket.onerror = () => reject(new Error('the socket failed'));
      }),
    [wsUrl, ada],
  );
  const heard = () => page.evaluate(() => (window as unknown as { heard: { type: string }[] }).heard);
  expect((await heard())[0]).toEqual({ type: 'unread_count', unread_count: 0 });
  expect(await page.evaluate(() => (window as unknown as { socket: WebSocket }).socket.protocol)).toBe(
    'bearer',
  );

  await w.api('POST', `/api/photos/${photoId}/likes/`, { token: bob });
  await expect
    .poll(async () => (await heard()).map((m) => m.type))
    .toEqual(['unread_count', 'notification', 'unread_count']);
  const [, notification, badge] = (await heard()) as [
    unknown,
    { notification: { verb: string; actor: { username: string }; data: { photo_id: string } } },
    { unread_count: number },
  ];
  expect(notification.notification).toMatchObject({
    verb: 'LIKED',
    actor: { username: 'bob' },
    data: { photo_id: photoId },
  });
  expect(badge.unread_count).toBe(1);
});
