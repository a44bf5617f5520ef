import { describe, expect, it } from 'vitest';
import { parseSource, sourceParam } from '../photos/queries';
import { findMeOpen, personFilterOf, withFindMe, withPersonFilter } from './galleryParams';

const PID = '0b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f';
const EID = '7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6';

describe("the gallery's URL", () => {
  it('reads a person id and ignores a mangled one', () => {
    expect(personFilterOf(new URLSearchParams(`person=${PID}`))).toBe(PID);
    expect(personFilterOf(new URLSearchParams(`person=${PID.toUpperCase()}`))).toBe(PID);
    expect(personFilterOf(new URLSearchParams('person=nope'))).toBeNull();
    expect(personFilterOf(new URLSearchParams(''))).toBeNull();
  });

  it('sets and clears the filter, keeping the other params', () => {
    const set = withPersonFilter(new URLSearchParams('layout=grid'), PID);
    expect(set.toString()).toBe(`layout=grid&person=${PID}`);
    expect(withPersonFilter(set, null).toString()).toBe('layout=grid');
  });

  it('carries the filter into the viewer, so swiping stays within that person', () => {
    const filtered = { kind: 'event', eventId: EID, personId: PID } as const;
    expect(parseSource(sourceParam(filtered))).toEqual(filtered);
    expect(parseSource(sourceParam({ kind: 'event', eventId: EID }))).toEqual({
      kind: 'event',
      eventId: EID,
    });
    expect(parseSource(`event:${EID}:person:`)).toEqual({ kind: 'event', eventId: EID });
    expect(parseSource('feed')).toEqual({ kind: 'feed' });
    expect(parseSource('event:')).toBeNull();
  });

  it('keeps the find-me sheet open in the URL, beside the filter', () => {
    const open = withFindMe(new URLSearchParams(`person=${PID}`), true);
    expect(findMeOpen(open)).toBe(true);
    expect(personFilterOf(open)).toBe(PID);
    const closed = withFindMe(open, false);
    expect(findMeOpen(closed)).toBe(false);
    expect(closed.toString()).toBe(`person=${PID}`);
    expect(findMeOpen(new URLSearchParams('find=you'))).toBe(false);
  });
});
