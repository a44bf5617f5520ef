import { type Browser, expect, type Page, test } from '@playwright/test';
import {
  expectAccessible,
  keepScreenshot,
  SIZES,
  type SizeName,
  signInContext,
  watchConsole,
} from '../support/app.js';
import { uploadPhoto, useWorld, type World } from '../support/world.js';

/**
 * Events in the web app, as people use them: an organiser creates an event through the form,
 * finds it in the list with its visibility in words, edits it, adds someone found by name, makes
 * an invite link (copied, shown as a QR code); a second person opens the link and joins; someone
 * signed out sees what it is for and how to sign in; a withdrawn link shows its own page; the
 * organiser deletes the event. Each screen is kept as a screenshot and scanned with axe, at both
 * sizes, with no console error.
 */

// A viewer east of UTC, so the form's wall-clock times must reach the API with their offset.
const TIME_ZONE = 'Asia/Kolkata';

const contextOptions = (size: SizeName) => ({
  viewport: SIZES[size],
  timezoneId: TIME_ZONE,
  locale: 'en-GB',
  ...(size === 'desktop' ? { isMobile: false, hasTouch: false, deviceScaleFactor: 1 } : {}),
});

interface EventJson {
  id: string;
  title: string;
  description: string;
  read_perm: string;
  write_perm: string;
  original_access: string;
  allow_download: boolean;
  members_can_tag: boolean;
  watermark_text: string | null;
  location: string;
  starts_at: string | null;
  ends_at: string | null;
}

/** A signed-in page of its own context, with its console watched. */
async function openAs(browser: Browser, w: World, size: SizeName, username: string | null) {
  const context = await browser.newContext(contextOptions(size));
  if (username) await signInContext(context, w, username);
  const page = await context.newPage();
  const errors = watchConsole(page);
  return { context, page, errors };
}

/** A screen as people see it: kept as a screenshot and free of serious accessibility problems. */
async function judge(page: Page, name: string, from: 'top' | 'here' = 'top') {
  // From the top, as a person arrives at the screen (a filled form leaves it scrolled to its end).
  if (from === 'top') await page.evaluate(() => window.scrollTo(0, 0));
  await keepScreenshot(page, name);
  await expectAccessible(page);
}

test.describe('events in the web app', () => {
  // One long story per size, with four browser contexts, and a first start of the server (PGlite's
  // initdb): more than the default minute on a busy machine. Inside a describe so the hooks get it too.
  test.describe.configure({ timeout: 240_000 });
  const world = useWorld();

  for (const size of ['phone', 'desktop'] as const) {
    test.describe(`events at ${size} size`, () => {
      test.use(contextOptions(size));

      test('an organiser creates, edits and shares an event; others join by its link', async ({
        browser,
        context,
        page,
      }) => {
        const w = world();
        const organiser = `olga-${size}`;
        const added = `bea-${size}`;
        const joiner = `cyril-${size}`;
        const organiserToken = await w.signUp(organiser);
        const addedToken = await w.signUp(added);
        const joinerToken = await w.signUp(joiner);
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: w.server.url });
        await signInContext(context, w, organiser);
        const errors = watchConsole(page);

        // The list starts empty, with a way to begin.
        await page.goto(`${w.server.url}/events`);
        await page.getByRole('button', { name: 'My events' }).click();
        await expect(page.getByRole('heading', { name: 'You run no events yet' })).toBeVisible();
        await page.getByRole('button', { name: 'My events' }).click();
        await expect(page.getByRole('heading', { name: 'No events yet' })).toBeVisible();
        await judge(page, 'events-empty');

        // The form, every field.
        await page.getByRole('link', { name: 'New event' }).click();
        await expect(page).toHaveURL(/\/events\/new$/);
        const title = `Monsoon photo walk ${size}`;
        await page.getByLabel('Title').fill(title);
        await page.getByLabel('Description').fill('A slow walk through the old town, cameras out.');
        await page.getByLabel('Starts').fill('2026-11-05T18:30');
        await page.getByLabel('Ends').fill('2026-11-03T09:00');
        await page.getByLabel('Location').fill('Old Town Gate');
        await page.getByRole('radio', { name: /^Private/ }).check();
        await page.getByRole('radio', { name: /^Only contributors/ }).check();
        await page.getByRole('radio', { name: /^Members Also everyone/ }).check();
        await page.getByRole('switch', { name: /Allow downloads/ }).uncheck();
        await page.getByRole('switch', { name: /Members may tag people/ }).check();
        await page.getByLabel('Watermark text').fill('© Photo Club');
        await judge(page, 'event-form');

        // An end before the start is named next to the end, and nothing is created.
        await page.getByRole('button', { name: 'Create event' }).click();
        await expect(page.getByText('The event cannot end before it starts.')).toBeVisible();
        await expect(page.getByLabel('Ends')).toHaveAttribute('aria-invalid', 'true');
        await page.getByLabel('Ends').fill('2026-11-07T21:00');
        await page.getByRole('button', { name: 'Create event' }).click();
        await expect(page).toHaveURL(/\/events\/[0-9a-f-]{36}$/);
        const eventId = page.url().split('/').pop()!;

        const { json: created } = await w.api<EventJson>('GET', `/api/events/${eventId}/`, {
          token: organiserToken,
        });
        expect(created).toMatchObject({
          title,
          description: 'A slow walk through the old town, cameras out.',
          location: 'Old Town Gate',
          read_perm: 'PRV',
          write_perm: 'PRV',
          original_access: 'members',
          allow_download: false,
          members_can_tag: true,
          watermark_text: '© Photo Club',
        });
        // 18:30 in Kolkata (UTC+05:30) is 13:00 UTC.
        expect(new Date(created.starts_at!).toISOString()).toBe('2026-11-05T13:00:00.000Z');
        expect(new Date(created.ends_at!).toISOString()).toBe('2026-11-07T15:30:00.000Z');

        // More events around it: one with a photo as its cover, one run by someone else.
        const { json: withCover } = await w.api<{ id: string }>('POST', '/api/events/', {
          token: organiserToken,
          body: { title: 'Graduation day', read_perm: 'IMG', location: 'Main hall' },
        });
        const coverId = await uploadPhoto(w, organiserToken, withCover.id);
        await w.api('PATCH', `/api/events/${withCover.id}/`, {
          token: organiserToken,
          body: { cover_photo: coverId },
        });
        const { json: beasEvent } = await w.api<{ id: string }>('POST', '/api/events/', {
          token: addedToken,
          body: { title: 'Saturday football, and the picnic after it in the park', read_perm: 'PUB' },
        });

        // The list shows it, its visibility in words and its dates as a range.
        await page.goto(`${w.server.url}/events`);
        await expect(page.getByRole('article')).toHaveCount(3);
        const graduation = page.getByRole('article').filter({ hasText: 'Graduation day' });
        await expect(graduation.getByText('Members of the site')).toBeVisible();
        await expect
          .poll(() =>
            graduation
              .locator('img')
              .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
          )
          .toBe(true);
        const card = page.getByRole('article').filter({ hasText: title });
        await expect(card).toBeVisible();
        await expect(card.getByText('Private', { exact: true })).toBeVisible();
        await expect(card.getByText('5–7 Nov 2026')).toBeVisible();
        await expect(card.getByText('Organiser')).toBeVisible();
        await expect(card).not.toContainText('PRV');
        await judge(page, 'events');
        // "My events": only what I run.
        await page.getByRole('button', { name: 'My events' }).click();
        await expect(page.getByRole('article')).toHaveCount(2);
        await expect(page.getByText('Saturday football')).toHaveCount(0);
        await page.getByRole('button', { name: 'My events' }).click();

        // Edit: the form comes back filled in; saving returns to the event.
        await page.goto(`${w.server.url}/events/${eventId}/edit`);
        await expect(page.getByLabel('Title')).toHaveValue(title);
        await expect(page.getByLabel('Starts')).toHaveValue('2026-11-05T18:30');
        await expect(page.getByRole('radio', { name: /^Private/ })).toBeChecked();
        await expect(page.getByRole('switch', { name: /Allow downloads/ })).not.toBeChecked();
        const renamed = `${title} (rescheduled)`;
        await page.getByLabel('Title').fill(renamed);
        await page.getByRole('radio', { name: /^Members of the site/ }).check();
        await judge(page, 'event-edit');
        await page.getByRole('button', { name: 'Save changes' }).click();
        await expect(page).toHaveURL(new RegExp(`/events/${eventId}$`));
        const { json: edited } = await w.api<EventJson>('GET', `/api/events/${eventId}/`, {
          token: organiserToken,
        });
        expect(edited).toMatchObject({ title: renamed, read_perm: 'IMG' });

        // Members: find Bea by name and add her as a contributor.
        await page.goto(`${w.server.url}/events/${eventId}/members`);
        await expect(page.getByRole('heading', { name: 'Nobody else yet' })).toBeVisible();
        await page.getByLabel('Name or username').fill(added.slice(0, 5));
        await page.getByRole('button', { name: new RegExp(`@${added}`) }).click();
        await page
          .getByRole('radio', { name: /^Contributor/ })
          .first()
          .check();
        await page.getByRole('button', { name: `Add ${added}` }).click();
        await expect(page.getByRole('listitem').filter({ hasText: `@${added}` })).toBeVisible();
        await expect(page.getByRole('combobox', { name: `Role of ${added}` })).toHaveValue('contributor');
        const { json: members } = await w.api<{ user: { username: string }; role: string }[]>(
          'GET',
          `/api/events/${eventId}/members/`,
          { token: organiserToken },
        );
        expect(members.map((m) => [m.user.username, m.role])).toEqual([[added, 'contributor']]);
        await judge(page, 'members');

        // An invite link: shown once, copied, and drawn as a QR code.
        await page.getByLabel('Expires after (days)').fill('3');
        await page.getByLabel('Most people (optional)').fill('5');
        await page.getByRole('button', { name: 'Create invite link' }).click();
        const link = page.getByLabel(/Invite link/);
        await expect(link).toHaveValue(new RegExp(`^${w.server.url}/invite/.+`));
        const inviteUrl = await link.inputValue();
        await expect(page.getByText('This link is shown only now')).toBeVisible();
        const qr = page.getByRole('img', { name: 'QR code of the invite link' });
        await expect(qr).toBeVisible();
        await expect
          .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
          .toBe(true);
        await page.getByRole('button', { name: 'Copy', exact: true }).click();
        await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(inviteUrl);
        await expect(page.getByText('Joins as viewer', { exact: true })).toBeVisible();
        await expect(page.getByText(/0 of 5 joined/)).toBeVisible();
        await qr.scrollIntoViewIfNeeded();
        await judge(page, 'members-invite', 'here');

        // Someone else, signed in, opens the link and joins.
        const cyril = await openAs(browser, w, size, joiner);
        await cyril.page.goto(inviteUrl);
        await expect(cyril.page.getByRole('heading', { level: 1, name: renamed })).toBeVisible();
        await expect(cyril.page.getByText(`Organised by ${organiser}`)).toBeVisible();
        await expect(cyril.page.getByText(/You join as a viewer/)).toBeVisible();
        await judge(cyril.page, 'join');
        await cyril.page.getByRole('button', { name: `Join ${renamed}` }).click();
        await expect(cyril.page).toHaveURL(new RegExp(`/events/${eventId}$`));
        const { json: joined } = await w.api<EventJson & { my_role: string }>(
          'GET',
          `/api/events/${eventId}/`,
          {
            token: joinerToken,
          },
        );
        expect(joined.my_role).toBe('viewer');
        expect(cyril.errors()).toEqual([]);
        await cyril.context.close();

        // Someone signed out sees what the link is for and how to sign in and come back.
        const guest = await openAs(browser, w, size, null);
        await guest.page.goto(inviteUrl);
        await expect(guest.page.getByRole('heading', { level: 1, name: renamed })).toBeVisible();
        const next = encodeURIComponent(new URL(inviteUrl).pathname);
        await expect(guest.page.getByRole('link', { name: 'Sign in to join' })).toHaveAttribute(
          'href',
          `/signin?next=${next}`,
        );
        await expect(guest.page.getByRole('link', { name: 'Create an account' })).toHaveAttribute(
          'href',
          `/signup?next=${next}`,
        );
        await judge(guest.page, 'join-signed-out');
        // A signed-out load asks once for a session from the (absent) cookie; Chromium logs its 401.
        const realErrors = (e: string) => !/status of 401/.test(e);
        expect(guest.errors().filter(realErrors)).toEqual([]);

        // A withdrawn link has its own page (the API answers 404 for every link that does not work).
        const { json: spare } = await w.api<{ id: string; url: string }>(
          'POST',
          `/api/events/${eventId}/invites/`,
          {
            token: organiserToken,
            body: {},
          },
        );
        await w.api('DELETE', `/api/events/${eventId}/invites/${spare.id}/`, {
          token: organiserToken,
          expect: [204],
        });
        await guest.page.goto(spare.url);
        // A withdrawn link says it has ended (410), unlike a token that never existed (404).
        await expect(guest.page.getByRole('heading', { name: 'This invite has ended' })).toBeVisible();
        await expect(guest.page.getByRole('link', { name: 'Go to Pixel-i' })).toBeVisible();
        await judge(guest.page, 'join-ended');
        // The only error is the browser's own line for the refused preview.
        expect(guest.errors().filter((e) => realErrors(e) && !/status of 410/.test(e))).toEqual([]);
        await guest.context.close();

        // Bea, a member, sees the people but no tools, and may leave.
        const bea = await openAs(browser, w, size, added);
        await bea.page.goto(`${w.server.url}/events/${eventId}/members`);
        await expect(bea.page.getByText(`@${joiner}`)).toBeVisible();
        await expect(bea.page.getByRole('heading', { name: 'Add someone' })).toHaveCount(0);
        await expect(bea.page.getByRole('combobox')).toHaveCount(0);
        await judge(bea.page, 'members-as-member');
        await bea.page.getByRole('button', { name: 'Leave this event' }).click();
        await bea.page
          .getByRole('dialog', { name: 'Leave this event?' })
          .getByRole('button', { name: 'Leave' })
          .click();
        await expect(bea.page).toHaveURL(/\/events$/);
        const { json: left } = await w.api<EventJson & { my_role: string | null }>(
          'GET',
          `/api/events/${eventId}/`,
          {
            token: organiserToken,
          },
        );
        expect(left).toMatchObject({ members_count: 1 });
        expect(bea.errors()).toEqual([]);
        await bea.context.close();

        // Deleting the event: the danger zone asks first.
        await page.goto(`${w.server.url}/events/${eventId}/edit`);
        await page.getByRole('button', { name: 'Delete event' }).click();
        const dialog = page.getByRole('dialog', { name: `Delete “${renamed}”?` });
        await expect(dialog).toBeVisible();
        await judge(page, 'event-delete');
        await dialog.getByRole('button', { name: 'Delete event' }).click();
        await expect(page).toHaveURL(/\/events$/);
        await expect(page.getByRole('article')).toHaveCount(2);
        await expect(page.getByText(renamed)).toHaveCount(0);
        await w.api('GET', `/api/events/${eventId}/`, { token: organiserToken, expect: [404] });

        expect(errors()).toEqual([]);

        // Leave the world as the next size's story expects it: no events.
        await w.api('DELETE', `/api/events/${withCover.id}/?cascade=true`, {
          token: organiserToken,
          expect: [204],
        });
        await w.api('DELETE', `/api/events/${beasEvent.id}/`, { token: addedToken, expect: [204] });
      });
    });
  }
});
