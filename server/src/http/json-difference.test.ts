import { describe, expect, it } from 'vitest';
import { firstDifference } from './json-difference.js';

describe('firstDifference', () => {
  it('finds nothing between equal documents, whatever their key order', () => {
    expect(firstDifference({ a: [1, { b: null }], c: 'x' }, { c: 'x', a: [1, { b: null }] })).toBeUndefined();
  });

  it('names the first path that differs, as a JSON Pointer', () => {
    expect(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: '2' }] })).toEqual({
      path: '/a/1/b',
      expected: 2,
      actual: '2',
    });
    expect(firstDifference({ 'x/y~': 1 }, {})).toEqual({ path: '/x~1y~0', expected: 1, actual: undefined });
    expect(firstDifference([1], [1, 2])).toEqual({ path: '/1', expected: undefined, actual: 2 });
    expect(firstDifference({}, [])).toEqual({ path: '/', expected: {}, actual: [] });
    expect(firstDifference(null, {})).toEqual({ path: '/', expected: null, actual: {} });
  });
});
