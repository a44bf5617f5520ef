import { describe, expect, it } from 'vitest';
import { RecentMap } from './recent-map.js';

describe('RecentMap', () => {
  it('makes a value once while it is kept', () => {
    const recent = new RecentMap<string>(10);
    let made = 0;
    const make = () => `value-${++made}`;
    expect(recent.getOrMake('a', make)).toBe('value-1');
    expect(recent.getOrMake('a', make)).toBe('value-1');
    expect(recent.getOrMake('b', make)).toBe('value-2');
    expect(made).toBe(2);
  });

  it('keeps at most two generations, carrying forward what is still asked for', () => {
    const recent = new RecentMap<string>(2);
    let made = 0;
    const make = () => `value-${++made}`;
    recent.getOrMake('a', make); // newer: a
    recent.getOrMake('b', make); // newer: a, b
    recent.getOrMake('c', make); // older: a, b; newer: c
    expect(recent.getOrMake('a', make)).toBe('value-1'); // from the older generation, carried forward
    recent.getOrMake('d', make); // older: c, a; newer: d (b is gone)
    expect(recent.get('b')).toBeUndefined();
    expect(recent.get('a')).toBe('value-1');
    expect(made).toBe(4);
  });
});
