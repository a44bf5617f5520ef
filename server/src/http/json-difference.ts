/** Where two JSON values part, as a JSON Pointer (`/3/photographer/username`), with each side's value there. */
export interface JsonDifference {
  path: string;
  /** `undefined` where that side has no such property or item. */
  expected: unknown;
  actual: unknown;
}

/** The first place, in document order, where two parsed JSON documents differ; undefined if they are equal. */
export function firstDifference(expected: unknown, actual: unknown, path = ''): JsonDifference | undefined {
  const here = { path: path || '/', expected, actual };
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return here;
    const length = Math.max(expected.length, actual.length);
    for (let i = 0; i < length; i++) {
      const found = firstDifference(expected[i], actual[i], `${path}/${i}`);
      if (found) return found;
    }
    return undefined;
  }
  if (isObject(expected) || isObject(actual)) {
    if (!isObject(expected) || !isObject(actual)) return here;
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const found = firstDifference(expected[key], actual[key], `${path}/${escapePointer(key)}`);
      if (found) return found;
    }
    return undefined;
  }
  return Object.is(expected, actual) ? undefined : here;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 6901: `~` and `/` inside a key are written `~0` and `~1`. */
const escapePointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');
