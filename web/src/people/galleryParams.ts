/**
 * What the gallery shows beyond its photos lives in its URL: the people filter (`?person=<id>`),
 * so back, reload and a shared link land on the same filtered gallery, and an open find-me sheet
 * (`?find=me`), so coming back from a match in the viewer finds the sheet and its results again.
 * Plain functions over search params, testable without React.
 */
export const PERSON_PARAM = 'person';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The person the gallery is filtered by, or null; a mangled value is ignored rather than sent. */
export function personFilterOf(params: URLSearchParams): string | null {
  const value = params.get(PERSON_PARAM);
  return value && UUID.test(value) ? value.toLowerCase() : null;
}

/** The same search params with the filter set to `personId`, or cleared (null); others are kept. */
export function withPersonFilter(params: URLSearchParams, personId: string | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (personId) next.set(PERSON_PARAM, personId);
  else next.delete(PERSON_PARAM);
  return next;
}

export const FIND_PARAM = 'find';

export const findMeOpen = (params: URLSearchParams) => params.get(FIND_PARAM) === 'me';

export function withFindMe(params: URLSearchParams, open: boolean): URLSearchParams {
  const next = new URLSearchParams(params);
  if (open) next.set(FIND_PARAM, 'me');
  else next.delete(FIND_PARAM);
  return next;
}
