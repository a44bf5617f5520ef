import { describe, expect, it } from 'vitest';
import { formatEventDates, formatExpiry, isoToLocalInput, localInputToIso } from './dates';

describe('datetime-local ↔ ISO', () => {
  it('gives back the same wall-clock time it was given, as an instant with an offset', () => {
    const iso = localInputToIso('2026-11-03T18:30');
    expect(iso).toMatch(/^2026-11-03T18:30:00[+-]\d{2}:\d{2}$/);
    expect(isoToLocalInput(iso)).toBe('2026-11-03T18:30');
  });

  it('names the same instant as the local clock does', () => {
    const iso = localInputToIso('2026-07-01T09:05') as string;
    expect(new Date(iso).getTime()).toBe(new Date(2026, 6, 1, 9, 5).getTime());
  });

  it('reads an empty input as no date, and a broken one as unreadable', () => {
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('2026-02-30T10:00')).toBeUndefined();
    expect(localInputToIso('tomorrow')).toBeUndefined();
  });

  it('shows nothing for a missing or broken instant', () => {
    expect(isoToLocalInput(null)).toBe('');
    expect(isoToLocalInput('not a date')).toBe('');
  });
});

describe('formatEventDates', () => {
  const utc = (s: string) =>
    formatEventDates(...(s.split('|') as [string, string]), 'en-GB', 'UTC')?.replaceAll('\u2009', ' ');

  it('joins days of one month into one range', () => {
    expect(utc('2026-11-03T10:00:00Z|2026-11-05T18:00:00Z')).toBe('3–5 Nov 2026');
  });

  it('follows the locale’s order, keeping day numbers tight around the dash', () => {
    expect(formatEventDates('2026-11-05T10:00:00Z', '2026-11-07T10:00:00Z', 'en-US', 'UTC')).toBe(
      'Nov 5–7, 2026',
    );
  });

  it('spells both months when the range crosses one', () => {
    expect(utc('2026-11-30T10:00:00Z|2026-12-02T18:00:00Z')).toBe('30 Nov – 2 Dec 2026');
  });

  it('shows a single day once', () => {
    expect(utc('2026-11-03T10:00:00Z|2026-11-03T18:00:00Z')).toBe('3 Nov 2026');
    expect(formatEventDates('2026-11-03T10:00:00Z', null, 'en-GB', 'UTC')).toBe('3 Nov 2026');
  });

  it('says nothing when the event has no dates', () => {
    expect(formatEventDates(null, null, 'en-GB', 'UTC')).toBeNull();
  });
});

describe('formatExpiry', () => {
  const now = Date.parse('2026-11-01T00:00:00Z');
  it('speaks of days, hours or minutes ahead', () => {
    expect(formatExpiry('2026-11-08T00:00:00Z', now, 'en')).toBe('in 7 days');
    expect(formatExpiry('2026-11-01T03:00:00Z', now, 'en')).toBe('in 3 hours');
    expect(formatExpiry('2026-11-01T00:20:00Z', now, 'en')).toBe('in 20 minutes');
  });
});
