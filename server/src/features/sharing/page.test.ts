import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import { call, forEachEngine, type Harness, signUpVerified, type TestUser } from '../../test/harness.js';
import { BROWSER, postShare } from '../../test/sharing.js';

const FORM = { ...BROWSER, 'content-type': 'application/x-www-form-urlencoded' };

async function sharedLink(h: Harness, who: TestUser, body: object = {}, photo: object = {}) {
  const event = await createEvent(h, who, { title: 'Gala <b>2026</b>' });
  const photoId = await addPhoto(h, event.id, who, photo);
  const res = await postShare(h, who, photoId, body);
  return { photoId, ...(res.json() as { id: string; token: string }) };
}

const opensOf = async (h: Harness, who: TestUser, id: string) =>
  (await call(h, 'GET', '/api/photos/shares/', { token: who.access }))
    .json()
    .find((s: { id: string }) => s.id === id).opens;

forEachEngine((h) => {
  describe('the share page', () => {
    it('shows a browser the photo, who took it and where, with a download button, under a strict policy', async () => {
      const ada = await signUpVerified(h);
      const link = await sharedLink(h, ada, {}, { caption: '<script>alert(1)</script> & friends' });
      const res = await call(h, 'GET', `/s/${link.token}`, { headers: BROWSER });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      const html = res.body;
      // Texts from the database are escaped, never markup.
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends');
      expect(html).toContain('<h1>Gala &lt;b&gt;2026&lt;/b&gt;</h1>');
      const image = /<img src="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
      expect(image).toContain(`/media/photos/${link.photoId}/watermarked.jpg?`);
      const download = /<a class="button" href="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
      expect(new URL(download!).searchParams.get('dl')).toBe(`gala-b-2026-b-${link.photoId.slice(0, 8)}.jpg`);
      expect(html).toContain('<meta property="og:image"');
      const policy = String(res.headers['content-security-policy']);
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain(`img-src ${new URL(image!).origin}`);
      expect(policy).not.toContain('unsafe-inline');
      // The one inline stylesheet is allowed by its hash, computed as a browser does.
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
      expect(policy).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
      expect(await opensOf(h, ada, link.id)).toBe(1);
    });

    it('answers HEAD requests (link checkers, chat apps peeking) without counting an open', async () => {
      const ada = await signUpVerified(h);
      const link = await sharedLink(h, ada);
      for (const url of [`/s/${link.token}`, `/api/photos/share/${link.token}/`]) {
        expect((await call(h, 'HEAD', url, { headers: BROWSER })).statusCode).toBe(200);
        expect((await call(h, 'HEAD', url)).statusCode).toBeLessThan(400);
      }
      expect(await opensOf(h, ada, link.id)).toBe(0);
      await call(h, 'GET', `/s/${link.token}`, { headers: BROWSER });
      expect(await opensOf(h, ada, link.id)).toBe(1);
    });

    it('shows a link to the original with its clean preview, and downloads the original', async () => {
      const ada = await signUpVerified(h);
      const link = await sharedLink(h, ada, { variant_key: 'O' }, { originalType: 'image/png' });
      const html = (await call(h, 'GET', `/s/${link.token}`, { headers: BROWSER })).body;
      const image = /<img src="([^"]+)"/.exec(html)?.[1];
      expect(image).toContain(`/media/photos/${link.photoId}/preview.jpg?`);
      const download = /<a class="button" href="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
      expect(download).toContain(`/media/photos/${link.photoId}/original.png?`);
      expect(new URL(download!).searchParams.get('dl')).toMatch(/\.png$/);
      expect(html).toContain('Download the original');
      // Anything else following the link still gets the original itself.
      const direct = await call(h, 'GET', `/s/${link.token}`);
      expect(direct.headers.location).toContain(`/media/photos/${link.photoId}/original.png?`);
    });

    it('sends anything that does not ask for a page straight to the image, as before', async () => {
      const ada = await signUpVerified(h);
      const link = await sharedLink(h, ada);
      const res = await call(h, 'GET', `/s/${link.token}`, {
        headers: { accept: 'image/avif,image/*,*/*;q=0.8' },
      });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toContain(`/media/photos/${link.photoId}/watermarked.jpg?`);
    });

    it('asks for the password of a protected link in a form posted back to it, and checks it', async () => {
      const ada = await signUpVerified(h);
      const link = await sharedLink(h, ada, { password: 'open sesame' });
      const asked = await call(h, 'GET', `/s/${link.token}`, { headers: BROWSER });
      expect(asked.statusCode).toBe(401);
      expect(asked.body).toContain('<form method="post">');
      expect(asked.body).not.toContain('watermarked');

      const post = (payload: string) => call(h, 'POST', `/s/${link.token}`, { headers: FORM, body: payload });
      const wrong = await post('password=nope');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.body).toContain('That password is not right.');
      expect(wrong.body).not.toContain('watermarked');
      const right = await post(`password=${encodeURIComponent('open sesame')}`);
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain(`/media/photos/${link.photoId}/watermarked.jpg?`);
      // A protected photo is not handed to chat apps' link previews.
      expect(right.body).not.toContain('og:image');
      expect(await opensOf(h, ada, link.id)).toBe(1);
    });

    it('refuses bad forms with a clear 4xx and counts nothing', async () => {
      const ada = await signUpVerified(h);
      const link = await sharedLink(h, ada, { password: 'open sesame' });
      const url = `/s/${link.token}`;
      expect((await call(h, 'POST', url, { headers: FORM, body: 'password=' })).statusCode).toBe(400);
      expect((await call(h, 'POST', url, { headers: FORM, body: 'other=1' })).statusCode).toBe(400);
      const huge = `password=${'x'.repeat(5000)}`;
      expect((await call(h, 'POST', url, { headers: FORM, body: huge })).statusCode).toBe(413);
      const xml = { ...BROWSER, 'content-type': 'application/xml' };
      expect((await call(h, 'POST', url, { headers: xml, body: '<password/>' })).statusCode).toBe(415);
      expect(await opensOf(h, ada, link.id)).toBe(0);
      // Only the share page reads forms: the API still refuses them.
      const login = await call(h, 'POST', '/api/auth/login/', {
        headers: FORM,
        body: 'username=a&password=b',
      });
      expect(login.statusCode).toBe(415);
    });

    it('explains a revoked, expired or unknown link instead of showing JSON', async () => {
      const ada = await signUpVerified(h);
      const revoked = await sharedLink(h, ada);
      await call(h, 'DELETE', `/api/photos/share/${revoked.token}/`, { token: ada.access });
      const expiring = await sharedLink(h, ada);
      h.clock.advance(8 * 86_400);
      // Gone (410) when it existed, not found (404) when it never did; the page says the same.
      for (const [token, status] of [
        [revoked.token, 410],
        [expiring.token, 410],
        ['x'.repeat(32), 404],
      ] as const) {
        const res = await call(h, 'GET', `/s/${token}`, { headers: BROWSER });
        expect(res.statusCode).toBe(status);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.body).toContain('This link no longer works');
      }
    });
  });
});
