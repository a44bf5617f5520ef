import { describe, expect, it } from 'vitest';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import {
  call,
  countRows,
  forEachEngine,
  type Harness,
  signUpVerified,
  type TestUser,
} from '../../test/harness.js';

const post = (h: Harness, who: TestUser, photo: string, body: object) =>
  call(h, 'POST', `/api/photos/${photo}/comments/`, { token: who.access, body });

forEachEngine((h) => {
  describe('comment threads', () => {
    it('keeps one tier: a reply to a reply joins the thread and remembers whom it answers', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      const top = (await post(h, ada, photo, { content: 'What a night!' })).json();
      const reply = (await post(h, bob, photo, { content: 'Agreed', parent_comment: top.id })).json();
      const nested = await post(h, ada, photo, { content: ' Thanks Bob ', parent_comment: reply.id });
      expect(nested.statusCode).toBe(201);
      expect(nested.json()).toMatchObject({
        content: 'Thanks Bob',
        parent_comment: top.id,
        in_reply_to: { id: reply.id, user: { id: bob.id } },
      });
      const list = (await call(h, 'GET', `/api/photos/${photo}/comments/`, { token: bob.access })).json();
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ id: top.id, replies_count: 2, can_edit: false, can_delete: false });
      const children = (
        await call(h, 'GET', `/api/comments/${top.id}/children/`, { token: bob.access })
      ).json();
      expect(children.map((c: { content: string }) => c.content)).toEqual(['Agreed', 'Thanks Bob']);
    });

    it('edits by the author only, marked edited; blank or overlong content is refused', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      const c = (await post(h, bob, photo, { content: 'frist' })).json();
      const url = `/api/photos/${photo}/comments/${c.id}/`;
      expect((await call(h, 'PATCH', url, { token: ada.access, body: { content: 'x' } })).statusCode).toBe(
        403,
      );
      const edited = await call(h, 'PATCH', url, { token: bob.access, body: { content: 'first' } });
      expect(edited.json()).toMatchObject({ content: 'first', edited: true });
      expect((await post(h, bob, photo, { content: '   ' })).statusCode).toBe(400);
      expect((await post(h, bob, photo, { content: 'x'.repeat(2001) })).statusCode).toBe(400);
    });

    it('a deleted comment with replies stays as a placeholder; it goes with its last reply', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      const top = (await post(h, bob, photo, { content: 'top' })).json();
      const reply = (await post(h, ada, photo, { content: 'reply', parent_comment: top.id })).json();
      // The photographer may delete a guest's comment.
      expect(
        (await call(h, 'DELETE', `/api/photos/${photo}/comments/${top.id}/`, { token: ada.access }))
          .statusCode,
      ).toBe(204);
      const list = (await call(h, 'GET', `/api/photos/${photo}/comments/`, { token: bob.access })).json();
      expect(list[0]).toMatchObject({ id: top.id, deleted: true, content: '', user: null, replies_count: 1 });
      await call(h, 'DELETE', `/api/photos/${photo}/comments/${reply.id}/`, { token: ada.access });
      expect(await countRows(h, 'comments')).toBe(0);
    });

    it('only the author, the photographer, the coordinator or an admin may delete', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const carol = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, bob);
      const c = (await post(h, bob, photo, { content: 'mine' })).json();
      const url = `/api/photos/${photo}/comments/${c.id}/`;
      expect((await call(h, 'DELETE', url, { token: carol.access })).statusCode).toBe(403);
      expect((await call(h, 'DELETE', url, { token: ada.access })).statusCode).toBe(204);
    });

    it('strangers can neither read nor write comments on a photo they cannot see (original hole 6)', async () => {
      const ada = await signUpVerified(h);
      const stranger = await signUpVerified(h);
      const event = await createEvent(h, ada, { read_perm: 'PRV' });
      const photo = await addPhoto(h, event.id, ada);
      const c = (await post(h, ada, photo, { content: 'private' })).json();
      expect((await call(h, 'GET', `/api/photos/${photo}/comments/`)).statusCode).toBe(401);
      expect(
        (await call(h, 'GET', `/api/photos/${photo}/comments/`, { token: stranger.access })).statusCode,
      ).toBe(404);
      expect((await post(h, stranger, photo, { content: 'hi' })).statusCode).toBe(404);
      expect(
        (await call(h, 'GET', `/api/comments/${c.id}/children/`, { token: stranger.access })).statusCode,
      ).toBe(404);
      const other = await addPhoto(h, (await createEvent(h, ada)).id, ada);
      const cross = await post(h, ada, other, { content: 'x', parent_comment: c.id });
      expect(cross.statusCode).toBe(400);
    });
  });
});
