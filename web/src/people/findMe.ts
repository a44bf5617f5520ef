import { FIND_ME_FIELD, FindMeMatch } from '@pixeli/contract';
import { z } from 'zod';
import { api } from '../app/services';
import { endpoints } from '../lib/api/endpoints';
import { ApiError, toApiError } from '../lib/api/errors';
import { shrinkSelfie } from './selfie';

/**
 * "Find my photos": what the sheet shows at each step, as a reducer (testable without React),
 * and the one request behind it.
 */
export type FindMeState =
  | { step: 'choose'; problem?: string }
  | { step: 'searching'; via: 'face' | 'selfie' }
  | { step: 'found'; matches: FindMeMatch[] }
  | { step: 'failed'; message: string; canRetry: boolean };

export type FindMeAction =
  | { type: 'start'; via: 'face' | 'selfie' }
  | { type: 'found'; matches: FindMeMatch[] }
  | { type: 'failed'; error: unknown }
  | { type: 'badFile'; problem: string }
  | { type: 'again' };

export const FIND_ME_START: FindMeState = { step: 'choose' };

export function findMeReducer(state: FindMeState, action: FindMeAction): FindMeState {
  switch (action.type) {
    case 'start':
      return state.step === 'searching' ? state : { step: 'searching', via: action.via };
    case 'found':
      return state.step === 'searching' ? { step: 'found', matches: action.matches } : state;
    case 'failed':
      return state.step === 'searching' ? failure(action.error) : state;
    case 'badFile':
      return { step: 'choose', problem: action.problem };
    case 'again':
      return FIND_ME_START;
  }
}

/** The server's words; a refusal (faces off, not linked) is final, a rate limit or outage is worth another try. */
function failure(error: unknown): FindMeState {
  if (error instanceof ApiError) {
    const wait = error.retryAfterSeconds ? ` (try again in ${error.retryAfterSeconds} s)` : '';
    const retriable = error.status === 429 || error.status >= 500;
    return {
      step: 'failed',
      message: `${error.message}${retriable ? wait : ''}`,
      canRetry: retriable || error.status === 400,
    };
  }
  const message = error instanceof Error ? error.message : 'Something went wrong. Try again.';
  return { step: 'failed', message, canRetry: true };
}

/** Why a chosen file cannot be sent as a selfie, or null. The server judges the face itself. */
export function selfieProblem(file: Pick<File, 'type' | 'size'>): string | null {
  if (!file.type.startsWith('image/')) return 'Choose a photo (an image file).';
  if (file.size === 0) return 'That file is empty. Take or choose another photo.';
  return null;
}

const Matches = z.array(FindMeMatch);

/**
 * Asks for the caller's photos in an event: from a selfie (multipart, read in memory by the server
 * and never kept), or with no body, from the person the caller is linked to there.
 */
export async function findMyPhotos(
  eventId: string,
  selfie: File | null,
  signal?: AbortSignal,
): Promise<FindMeMatch[]> {
  const params = { eventId };
  if (!selfie) return api.call(endpoints.people.findMe, { params, signal });
  const sent = await shrinkSelfie(selfie);
  const form = new FormData();
  form.append(FIND_ME_FIELD, sent, sent.name || 'selfie.jpg');
  const response = await api.authorizedFetch(endpoints.people.findMe.path(params), {
    method: 'POST',
    body: form,
    signal,
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw toApiError(response.status, body, response.headers.get('retry-after'));
  return Matches.parse(body);
}
