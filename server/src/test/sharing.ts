import { expect } from 'vitest';
import { call, type Harness, type TestUser } from './harness.js';

/** Share-link helpers for the tests of links, their pages and their images. */

/** An ISO time `days` from now (a link's deadline). */
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** What a browser sends: the share and invite routes answer it with a page. */
export const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** `POST /api/photos/<id>/share/` with a week's deadline unless `body` says otherwise. */
export const postShare = (h: Harness, who: TestUser, photo: string, body: object = {}) =>
  call(h, 'POST', `/api/photos/${photo}/share/`, {
    token: who.access,
    body: { expires_at: inDays(7), ...body },
  });

/** A link that must be created (201), with its id and its token. */
export async function createShare(h: Harness, who: TestUser, photo: string, body: object = {}) {
  const res = await postShare(h, who, photo, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string };
}
