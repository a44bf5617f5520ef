import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api/errors';
import { FIND_ME_START, type FindMeState, findMeReducer, selfieProblem } from './findMe';

const match = {
  id: '0b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f',
  event: '7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6',
  timestamp: '2026-11-01T10:00:00.000Z',
  photographer: {
    id: '1b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f',
    username: 'ana',
    name: 'Ana',
    profile_pic: null,
  },
  thumbnail_url: '/media/t.webp',
  thumbhash: null,
  width: 400,
  height: 300,
  status: 'CO',
  likes_count: 0,
  is_liked: false,
  can_edit: false,
  can_delete: false,
  can_share: false,
  similarity: 0.81,
} as never;

const searching: FindMeState = { step: 'searching', via: 'selfie' };

describe('the find-me sheet', () => {
  it('goes from choosing to searching to the matches', () => {
    const started = findMeReducer(FIND_ME_START, { type: 'start', via: 'face' });
    expect(started).toEqual({ step: 'searching', via: 'face' });
    expect(findMeReducer(started, { type: 'found', matches: [match] })).toEqual({
      step: 'found',
      matches: [match],
    });
  });

  it('ignores a second start while searching, and an answer that comes after closing or retrying', () => {
    expect(findMeReducer(searching, { type: 'start', via: 'face' })).toBe(searching);
    expect(findMeReducer(FIND_ME_START, { type: 'found', matches: [match] })).toBe(FIND_ME_START);
    expect(findMeReducer(FIND_ME_START, { type: 'failed', error: new Error('late') })).toBe(FIND_ME_START);
  });

  it("shows the server's words; a rate limit says when to retry, faces off is final", () => {
    const limited = findMeReducer(searching, {
      type: 'failed',
      error: new ApiError(429, 'Too many searches.', 'rate_limited', {}, 30),
    });
    expect(limited).toEqual({
      step: 'failed',
      message: 'Too many searches. (try again in 30 s)',
      canRetry: true,
    });
    const off = findMeReducer(searching, {
      type: 'failed',
      error: new ApiError(403, 'Faces are off in this event.', 'faces_disabled'),
    });
    expect(off).toEqual({ step: 'failed', message: 'Faces are off in this event.', canRetry: false });
    const noFace = findMeReducer(searching, {
      type: 'failed',
      error: new ApiError(400, 'No face was found in the picture.', 'no_face'),
    });
    expect(noFace).toMatchObject({ canRetry: true });
  });

  it('names a wrong file before sending it, and starts over on "again"', () => {
    expect(selfieProblem({ type: 'application/pdf', size: 10 })).toMatch(/image/);
    expect(selfieProblem({ type: 'image/jpeg', size: 0 })).toMatch(/empty/);
    expect(selfieProblem({ type: 'image/heic', size: 10 })).toBeNull();
    const bad = findMeReducer(FIND_ME_START, { type: 'badFile', problem: 'Choose a photo.' });
    expect(bad).toEqual({ step: 'choose', problem: 'Choose a photo.' });
    expect(findMeReducer(bad, { type: 'again' })).toEqual(FIND_ME_START);
  });
});
