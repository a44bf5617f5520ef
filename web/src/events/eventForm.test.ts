import { describe, expect, it } from 'vitest';
import { bodyOf, facesOffNeedsConfirm, NEW_EVENT, valuesOf } from './eventForm';

describe('the event form', () => {
  it('sends dates as instants with an offset and an empty watermark as none', () => {
    const result = bodyOf({ ...NEW_EVENT, title: 'Hike', startsAt: '2026-11-03T09:00', watermarkText: '  ' });
    expect(result).toHaveProperty('body');
    if (!('body' in result)) return;
    expect(result.body.starts_at).toMatch(/^2026-11-03T09:00:00[+-]\d{2}:\d{2}$/);
    expect(result.body.ends_at).toBeNull();
    expect(result.body.watermark_text).toBeNull();
  });

  it('names the date field it cannot read instead of sending it', () => {
    expect(bodyOf({ ...NEW_EVENT, title: 'Hike', endsAt: '2026-13-01T10:00' })).toEqual({
      errors: { ends_at: 'Enter a date and time.' },
    });
  });

  it('reads an event back into the same values it was made from', () => {
    const values = { ...NEW_EVENT, title: 'Hike', startsAt: '2026-11-03T09:00', readPerm: 'PRV' as const };
    const result = bodyOf(values);
    if (!('body' in result)) throw new Error('expected a body');
    const event = {
      ...result.body,
      id: '00000000-0000-4000-8000-000000000000',
      starts_at: new Date(result.body.starts_at as string).toISOString(),
      ends_at: null,
      can_write: true,
      can_manage: true,
      my_role: 'coordinator' as const,
      coordinator: null,
      images_count: 0,
      members_count: 0,
      cover_photo: null,
      created_at: '2026-11-01T00:00:00.000Z',
    };
    expect(valuesOf(event as Parameters<typeof valuesOf>[0])).toEqual(values);
  });

  it('sends the faces setting, on by default', () => {
    const result = bodyOf({ ...NEW_EVENT, title: 'Hike' });
    if (!('body' in result)) throw new Error('expected a body');
    expect(result.body.faces_enabled).toBe(true);
    const off = bodyOf({ ...NEW_EVENT, title: 'Hike', facesEnabled: false });
    if (!('body' in off)) throw new Error('expected a body');
    expect(off.body.faces_enabled).toBe(false);
  });

  it('asks before turning faces off only where there is face data to delete', () => {
    const saved = { ...NEW_EVENT, title: 'Hike' };
    expect(facesOffNeedsConfirm(saved, false)).toBe(true);
    expect(facesOffNeedsConfirm(saved, true)).toBe(false);
    expect(facesOffNeedsConfirm({ ...saved, facesEnabled: false }, false)).toBe(false);
    expect(facesOffNeedsConfirm(null, false)).toBe(false);
  });
});
