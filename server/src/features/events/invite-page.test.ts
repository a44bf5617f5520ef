import { describe, expect, it } from 'vitest';
import { createEvent } from '../../test/fixtures.js';
import { call, forEachEngine, type Harness, signUpVerified, type TestUser } from '../../test/harness.js';
import { BROWSER } from '../../test/sharing.js';

async function invite(h: Harness, coord: TestUser, eventId: string, body: object = {}) {
  const res = await call(h, 'POST', `/api/events/${eventId}/invites/`, { token: coord.access, body });
  expect(res.statusCode).toBe(201);
  const created = res.json() as { id: string; token: string; url: string };
  return { ...created, path: new URL(created.url).pathname };
}

forEachEngine((h) => {
  describe('the invite page', () => {
    it("opens an invite's url in a browser: the event, who invites, the role, the expiry, how to join", async () => {
      const coord = await signUpVerified(h, { name: 'Zoë <i>host</i>' });
      const event = await createEvent(h, coord, {
        title: 'Gala <b>2026</b>',
        read_perm: 'PRV',
        location: 'Hall & Co',
      });
      const link = await invite(h, coord, event.id, { role: 'contributor', expires_in_hours: 24 });
      expect(link.path).toBe(`/invite/${link.token}`);

      // Anyone holding the link may see what it is for, signed in or not.
      for (const token of [undefined, (await signUpVerified(h)).access]) {
        const res = await call(h, 'GET', link.path, { headers: BROWSER, token });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.headers['cache-control']).toBe('no-store');
        expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'");
        const html = res.body;
        expect(html).toContain('<h1>Gala &lt;b&gt;2026&lt;/b&gt;</h1>');
        expect(html).not.toMatch(/<b>|<i>/);
        expect(html).toContain('Zoë &lt;i&gt;host&lt;/i&gt; invites you');
        expect(html).toContain('Hall &amp; Co');
        expect(html).toContain('<strong>contributor</strong>');
        expect(html).toContain('Sign in to join');
        expect(html).toContain(`POST /api/invites/${link.token}/accept/`);
        expect(html).toMatch(/works until \w+ \d+, \d{4} at .+ UTC/);
      }

      // Looking spends no use: the link still joins afterwards.
      const guest = await signUpVerified(h);
      const joined = await call(h, 'POST', `/api/invites/${link.token}/accept/`, { token: guest.access });
      expect(joined.statusCode).toBe(200);

      // A script gets the same JSON as the API's preview.
      const json = await call(h, 'GET', link.path);
      expect(json.statusCode).toBe(200);
      expect(json.json()).toMatchObject({ event: { title: 'Gala <b>2026</b>' }, role: 'contributor' });
    });

    it('says plainly that a revoked, expired or used-up invite no longer works (410), and an unknown one is not valid (404)', async () => {
      const coord = await signUpVerified(h);
      const event = await createEvent(h, coord, { title: 'reunion' });
      const revoked = await invite(h, coord, event.id);
      await call(h, 'DELETE', `/api/events/${event.id}/invites/${revoked.id}/`, { token: coord.access });
      const usedUp = await invite(h, coord, event.id, { max_uses: 1 });
      const guest = await signUpVerified(h);
      await call(h, 'POST', `/api/invites/${usedUp.token}/accept/`, { token: guest.access });
      const expiring = await invite(h, coord, event.id, { expires_in_hours: 1 });
      h.clock.advance(3601);

      for (const dead of [revoked, usedUp, expiring]) {
        const res = await call(h, 'GET', dead.path, { headers: BROWSER });
        expect(res.statusCode).toBe(410);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.body).toContain('This invite no longer works');
        expect(res.body).not.toContain('reunion');
        // Its JSON twin (the preview) says the same: ended, not unknown.
        const json = await call(h, 'GET', dead.path);
        expect(json.statusCode).toBe(410);
        expect(json.json().code).toBe('invite_ended');
      }
      const unknown = await call(h, 'GET', '/invite/not-a-real-token-at-all', { headers: BROWSER });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.body).toContain('This invite link is not valid');
      expect((await call(h, 'GET', '/invite/short', { headers: BROWSER })).statusCode).toBe(400);
    });
  });
});
