import { describe, expect, it } from 'vitest';
import { groupByMonth, monthKey, monthLabel } from './monthGroups';

const at = (timestamp: string, id = timestamp) => ({ id, timestamp });

describe('month grouping', () => {
  it('puts an instant in the month its local wall clock shows', () => {
    // 31 Oct 23:30 UTC: still October in London (GMT) and New York, already November in Tokyo.
    const instant = '2026-10-31T23:30:00Z';
    expect(monthKey(instant, 'UTC')).toBe('2026-10');
    expect(monthKey(instant, 'Europe/London')).toBe('2026-10');
    expect(monthKey(instant, 'America/New_York')).toBe('2026-10');
    expect(monthKey(instant, 'Asia/Tokyo')).toBe('2026-11');
    expect(monthKey(instant, 'Asia/Kolkata')).toBe('2026-11');
  });

  it('reads offsets written into the timestamp', () => {
    // 1 Nov 00:10 at UTC+5:30 is 31 Oct 18:40 UTC: October in UTC and Los Angeles.
    expect(monthKey('2026-11-01T00:10:00+05:30', 'UTC')).toBe('2026-10');
    expect(monthKey('2026-11-01T00:10:00+05:30', 'America/Los_Angeles')).toBe('2026-10');
    expect(monthKey('2026-11-01T00:10:00+05:30', 'Asia/Kolkata')).toBe('2026-11');
  });

  it('moves a new-year photo between years by zone', () => {
    expect(monthKey('2027-01-01T03:00:00Z', 'America/Los_Angeles')).toBe('2026-12');
    expect(monthKey('2027-01-01T03:00:00Z', 'Pacific/Auckland')).toBe('2027-01');
  });

  it('labels a month in words, the same in every zone', () => {
    expect(monthLabel('2026-11')).toBe('November 2026');
    expect(monthLabel('2027-01')).toBe('January 2027');
  });

  it('groups consecutive photos by local month, keeping the list order', () => {
    const photos = [
      at('2026-11-03T10:00:00Z'),
      at('2026-11-01T02:00:00Z'),
      at('2026-10-31T20:00:00Z'),
      at('2026-09-15T12:00:00Z'),
    ];
    const inUtc = groupByMonth(photos, 'UTC');
    expect(inUtc.map((g) => [g.label, g.items.length])).toEqual([
      ['November 2026', 2],
      ['October 2026', 1],
      ['September 2026', 1],
    ]);
    // In New York the 02:00 UTC photo of 1 November was taken on the evening of 31 October.
    const inNewYork = groupByMonth(photos, 'America/New_York');
    expect(inNewYork.map((g) => [g.key, g.items.map((p) => p.id)])).toEqual([
      ['2026-11', ['2026-11-03T10:00:00Z']],
      ['2026-10', ['2026-11-01T02:00:00Z', '2026-10-31T20:00:00Z']],
      ['2026-09', ['2026-09-15T12:00:00Z']],
    ]);
    // In Tokyo the 20:00 UTC photo of 31 October is already a November one.
    expect(groupByMonth(photos, 'Asia/Tokyo').map((g) => g.items.length)).toEqual([3, 1]);
  });

  it('gives a month met again out of order its own group and a distinct key', () => {
    const groups = groupByMonth(
      [at('2026-11-03T10:00:00Z'), at('2026-10-03T10:00:00Z'), at('2026-11-02T10:00:00Z')],
      'UTC',
    );
    expect(groups.map((g) => g.label)).toEqual(['November 2026', 'October 2026', 'November 2026']);
    expect(new Set(groups.map((g) => g.key)).size).toBe(3);
  });

  it('has no group for no photos', () => {
    expect(groupByMonth([], 'UTC')).toEqual([]);
  });
});
