import { readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { call, forEachEngine, type Harness, signUpVerified } from '../../test/harness.js';
import { type FormPart, multipartBody } from '../../test/multipart.js';

/** A camera-like JPEG that carries EXIF, so the test can see it is gone after the upload. */
const photo = (width = 900, height = 600) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .withExif({ IFD0: { Make: 'TestCam', Artist: 'Someone private' } })
    .jpeg()
    .toBuffer();

function upload(h: Harness, token: string | undefined, parts: FormPart[]) {
  const { payload, headers } = multipartBody(parts);
  return h.app.inject({
    method: 'POST',
    url: '/api/auth/me/avatar/',
    payload,
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}

const avatarPart = (data: Buffer, filename = 'me.jpg'): FormPart => ({ name: 'avatar', filename, data });

/** The picture files stored for one person (the media folder outlives each test's tables). */
async function storedAvatars(h: Harness, userId = ''): Promise<string[]> {
  const root = path.join(h.dataDir, 'media', 'avatars', userId);
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

/** The path and query of a signed URL, as `inject` wants it. */
const local = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

forEachEngine((h) => {
  describe('POST /api/auth/me/avatar/', () => {
    it('stores a 256 px square WebP without metadata and answers it as a signed URL others see too', async () => {
      const me = await signUpVerified(h);
      const res = await upload(h, me.access, [avatarPart(await photo())]);
      expect(res.statusCode).toBe(200);
      const url: string = res.json().profile_pic;
      expect(url).toMatch(new RegExp(`/media/avatars/${me.id}/[0-9a-f]{32}\\.webp\\?exp=\\d+&sig=`));

      const image = await h.app.inject({ method: 'GET', url: local(url) });
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe('image/webp');
      const meta = await sharp(image.rawPayload).metadata();
      expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['webp', 256, 256, undefined]);

      // The picture has no address without a signature.
      const bare = await h.app.inject({ method: 'GET', url: new URL(url).pathname });
      expect(bare.statusCode).toBe(403);

      // Someone else reading the profile gets the same (stable within its window) signed URL.
      const other = await signUpVerified(h);
      const profile = await call(h, 'GET', `/api/users/${me.username}/`, { token: other.access });
      expect(profile.json().profile_pic).toBe(url);
    });

    it('replaces an earlier picture and deletes its file', async () => {
      const me = await signUpVerified(h);
      const first = (await upload(h, me.access, [avatarPart(await photo())])).json().profile_pic;
      const second = await upload(h, me.access, [avatarPart(await photo(400, 400))]);
      expect(second.statusCode).toBe(200);
      expect(second.json().profile_pic).not.toBe(first);
      expect(await storedAvatars(h, me.id)).toHaveLength(1);
      expect((await h.app.inject({ method: 'GET', url: local(first) })).statusCode).toBe(404);
    });

    it('refuses a request without a sign-in and stores nothing', async () => {
      const before = await storedAvatars(h);
      const res = await upload(h, undefined, [avatarPart(await photo())]);
      expect(res.statusCode).toBe(401);
      expect(await storedAvatars(h)).toEqual(before);
    });

    it.each([
      ['a file that is not an image', () => [avatarPart(Buffer.from('hello, not a picture'), 'me.jpg')], 400],
      [
        'an image that cannot be decoded',
        async () => [avatarPart(Buffer.concat([(await photo()).subarray(0, 200)]))],
        400,
      ],
      ['two images', async () => [avatarPart(await photo()), avatarPart(await photo(), 'b.jpg')], 400],
      [
        'an image in another field',
        async () => [{ name: 'image', filename: 'a.jpg', data: await photo() }],
        400,
      ],
      [
        'an image over 10 MB',
        async () => [avatarPart(Buffer.concat([await photo(), Buffer.alloc(10 * 1024 * 1024)]))],
        413,
      ],
    ])('refuses %s with a 4xx and changes nothing', async (_name, parts, status) => {
      const me = await signUpVerified(h);
      const before = (await upload(h, me.access, [avatarPart(await photo())])).json().profile_pic;
      const res = await upload(h, me.access, await parts());
      expect(res.statusCode).toBe(status);
      expect(res.json().detail).toEqual(expect.any(String));
      const after = await call(h, 'GET', '/api/auth/me/', { token: me.access });
      expect(after.json().profile_pic).toBe(before);
      expect(await storedAvatars(h, me.id)).toHaveLength(1);
    });

    it('refuses a JSON body with 415', async () => {
      const me = await signUpVerified(h);
      const res = await call(h, 'POST', '/api/auth/me/avatar/', { token: me.access, body: { avatar: 'x' } });
      expect(res.statusCode).toBe(415);
      expect((await call(h, 'GET', '/api/auth/me/', { token: me.access })).json().profile_pic).toBeNull();
    });
  });

  describe('DELETE /api/auth/me/avatar/', () => {
    it('removes the picture and its file; a second delete is harmless', async () => {
      const me = await signUpVerified(h);
      const url = (await upload(h, me.access, [avatarPart(await photo())])).json().profile_pic;
      const res = await call(h, 'DELETE', '/api/auth/me/avatar/', { token: me.access });
      expect(res.statusCode).toBe(200);
      expect(res.json().profile_pic).toBeNull();
      expect(await storedAvatars(h, me.id)).toEqual([]);
      expect((await h.app.inject({ method: 'GET', url: local(url) })).statusCode).toBe(404);
      const again = await call(h, 'DELETE', '/api/auth/me/avatar/', { token: me.access });
      expect(again.statusCode).toBe(200);
    });

    it('refuses without a sign-in and leaves the picture', async () => {
      const me = await signUpVerified(h);
      await upload(h, me.access, [avatarPart(await photo())]);
      const res = await call(h, 'DELETE', '/api/auth/me/avatar/');
      expect(res.statusCode).toBe(401);
      expect(await storedAvatars(h, me.id)).toHaveLength(1);
    });
  });

  describe('PATCH /api/auth/me/ over an uploaded picture', () => {
    it('an outside URL replaces it and its file is deleted', async () => {
      const me = await signUpVerified(h);
      await upload(h, me.access, [avatarPart(await photo())]);
      const res = await call(h, 'PATCH', '/api/auth/me/', {
        token: me.access,
        body: { profile_pic: 'https://example.com/me.jpg' },
      });
      expect(res.json().profile_pic).toBe('https://example.com/me.jpg');
      expect(await storedAvatars(h, me.id)).toEqual([]);
    });
  });
});
