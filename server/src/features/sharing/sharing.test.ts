import { describe, expect, it } from 'vitest';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import { call, forEachEngine, setRole, signUpVerified } from '../../test/harness.js';
import { inDays, postShare } from '../../test/sharing.js';

forEachEngine((h) => {
  describe('share links', () => {
    it('default to the watermarked copy, open without an account, count opens, and list for their creator', async () => {
      const ada = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada, { meta: { gps: { latitude: 1, longitude: 2 } } });
      const created = await postShare(h, ada, photo);
      expect(created.statusCode).toBe(201);
      const link = created.json();
      expect(link).toMatchObject({ photo, variant_key: 'W', has_password: false, opens: 0 });
      expect(link.token.length).toBeGreaterThanOrEqual(32);
      expect(link.share_url).toContain(`/s/${link.token}`);
      const opened = await call(h, 'GET', `/api/photos/share/${link.token}/`);
      expect(opened.statusCode).toBe(200);
      expect(opened.json().url).toContain(`photos/${photo}/watermarked.jpg`);
      expect(JSON.stringify(opened.json())).not.toContain('latitude');
      const short = await call(h, 'GET', `/s/${link.token}`);
      expect(short.statusCode).toBe(302);
      const mine = (await call(h, 'GET', '/api/photos/shares/', { token: ada.access })).json();
      expect(mine).toEqual([expect.objectContaining({ id: link.id, opens: 2 })]);
      expect(mine[0]).not.toHaveProperty('token');
    });

    it('revocation stops a link at once', async () => {
      const ada = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      const link = (await postShare(h, ada, photo)).json();
      expect(
        (await call(h, 'DELETE', `/api/photos/share/${link.token}/`, { token: ada.access })).statusCode,
      ).toBe(204);
      expect((await call(h, 'GET', `/api/photos/share/${link.token}/`)).statusCode).toBe(410);
      expect((await call(h, 'GET', `/s/${link.token}`)).statusCode).toBe(410);
    });

    it('expires, and refuses deadlines in the past or beyond a year', async () => {
      const ada = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      expect((await postShare(h, ada, photo, { expires_at: inDays(-1) })).statusCode).toBe(400);
      expect((await postShare(h, ada, photo, { expires_at: inDays(400) })).statusCode).toBe(400);
      expect((await postShare(h, ada, photo, { expires_at: undefined })).statusCode).toBe(400);
      const link = (await postShare(h, ada, photo, { expires_at: inDays(1) })).json();
      h.clock.advance(2 * 86_400);
      expect((await call(h, 'GET', `/api/photos/share/${link.token}/`)).statusCode).toBe(410);
    });

    it('a password is asked for in a header, and checked', async () => {
      const ada = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      const link = (await postShare(h, ada, photo, { password: 'open sesame' })).json();
      const url = `/api/photos/share/${link.token}/`;
      expect((await call(h, 'GET', url)).json().code).toBe('share_password_required');
      expect((await call(h, 'GET', url, { headers: { 'x-share-password': 'nope' } })).json().code).toBe(
        'share_password_invalid',
      );
      expect((await call(h, 'GET', url, { headers: { 'x-share-password': 'open sesame' } })).statusCode).toBe(
        200,
      );
    });

    it('follows share_perm, and originals only for those allowed them (original holes 7 and 8)', async () => {
      const ada = await signUpVerified(h);
      const guest = await signUpVerified(h);
      const stranger = await signUpVerified(h);
      const admin = await signUpVerified(h);
      await setRole(h, admin.id, 'admin');
      const open = await createEvent(h, ada);
      const secret = await createEvent(h, ada, { read_perm: 'PRV' });
      const byOwner = await addPhoto(h, open.id, ada, { sharePerm: 'OR' });
      const byAnyone = await addPhoto(h, open.id, ada, { sharePerm: 'AN' });
      const disabled = await addPhoto(h, open.id, ada, { sharePerm: 'DI' });
      const hidden = await addPhoto(h, secret.id, ada, { sharePerm: 'AN' });
      expect((await postShare(h, guest, byOwner)).statusCode).toBe(403);
      expect((await postShare(h, guest, byAnyone)).statusCode).toBe(201);
      expect((await postShare(h, guest, byAnyone, { variant_key: 'O' })).statusCode).toBe(403);
      expect((await postShare(h, ada, byAnyone, { variant_key: 'O' })).statusCode).toBe(201);
      expect((await postShare(h, ada, disabled)).statusCode).toBe(403);
      expect((await postShare(h, admin, disabled)).statusCode).toBe(201);
      // AN never reaches a photo the sharer cannot see.
      expect((await postShare(h, stranger, hidden)).statusCode).toBe(404);
    });

    it('only the creator, the photographer or an admin may revoke', async () => {
      const ada = await signUpVerified(h);
      const guest = await signUpVerified(h);
      const other = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada, { sharePerm: 'AN' });
      const link = (await postShare(h, guest, photo)).json();
      expect(
        (await call(h, 'DELETE', `/api/photos/shares/${link.id}/`, { token: other.access })).statusCode,
      ).toBe(403);
      expect((await call(h, 'DELETE', `/api/photos/share/${link.token}/`)).statusCode).toBe(401);
      expect(
        (await call(h, 'DELETE', `/api/photos/shares/${link.id}/`, { token: ada.access })).statusCode,
      ).toBe(204);
    });
  });
});
