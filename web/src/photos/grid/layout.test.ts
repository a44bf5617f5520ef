import { describe, expect, it } from 'vitest';
import { columnCount, computeLayout, MIN_ASPECT, tileAspect } from './layout';
import type { MonthGroup } from './monthGroups';

type P = { id: number; width: number | null; height: number | null };
const photos = (count: number, size: (i: number) => [number | null, number | null] = () => [400, 300]): P[] =>
  Array.from({ length: count }, (_, id) => {
    const [width, height] = size(id);
    return { id, width, height };
  });
const month = (key: string, items: P[]): MonthGroup<P> => ({ key, label: key, items });

describe('columns', () => {
  it('gives a phone three square columns and a desktop tiles of at most 200 px', () => {
    expect(columnCount(360, 'grid')).toBe(3);
    expect(columnCount(1192, 'grid')).toBe(6);
    const tile = (1192 - 2 * 5) / 6;
    expect(tile).toBeGreaterThanOrEqual(120);
    expect(tile).toBeLessThanOrEqual(200);
  });

  it('gives the masonry two columns on a phone and four to six on a desktop', () => {
    expect(columnCount(360, 'masonry')).toBe(2);
    expect(columnCount(1192, 'masonry')).toBeGreaterThanOrEqual(4);
    expect(columnCount(1192, 'masonry')).toBeLessThanOrEqual(6);
    expect(columnCount(2400, 'masonry')).toBe(6);
  });

  it('uses a photo aspect ratio, square when unknown, clamped when extreme', () => {
    expect(tileAspect({ width: 400, height: 300 })).toBeCloseTo(4 / 3);
    expect(tileAspect({ width: null, height: null })).toBe(1);
    expect(tileAspect({ width: 100, height: 1000 })).toBe(MIN_ASPECT);
  });
});

describe('grid layout', () => {
  it('lays each month out as a header row then rows of square tiles, back to back', () => {
    const layout = computeLayout([month('a', photos(7)), month('b', photos(2))], {
      width: 362,
      mode: 'grid',
      gap: 1,
      headerHeight: 40,
      monthGap: 10,
    });
    expect(layout.columns).toBe(3);
    expect(layout.rows.map((r) => [r.key, r.tiles.length])).toEqual([
      ['a:header', 0],
      ['a:0', 3],
      ['a:1', 3],
      ['a:2', 1],
      ['b:header', 0],
      ['b:0', 2],
    ]);
    const tile = layout.rows[1]?.tiles[1];
    expect(tile).toMatchObject({ x: 121, y: 0, width: 120, height: 120 });
    // Month a: header 40 + three rows of 121 + 10 after the month.
    expect(layout.months[0]).toMatchObject({ top: 0, height: 40 + 3 * 121 + 10 });
    expect(layout.months[1]?.top).toBe(413);
    // The virtualizer adds heights up: they must sum to each month's block and to the whole.
    const sum = layout.rows.reduce((total, row) => total + row.height, 0);
    expect(sum).toBe(layout.totalHeight);
    for (const row of layout.rows) {
      const block = layout.months[row.month];
      expect(row.top + row.height).toBeLessThanOrEqual(block?.height ?? 0);
    }
  });
});

describe('masonry layout', () => {
  it('fills the shortest column first and keeps each tile at its aspect ratio', () => {
    const sizes: [number, number][] = [
      [300, 600],
      [600, 300],
      [600, 300],
    ];
    const layout = computeLayout(
      [
        month(
          'm',
          photos(3, (i) => sizes[i] ?? [1, 1]),
        ),
      ],
      {
        width: 202,
        mode: 'masonry',
        gap: 2,
        headerHeight: 0,
        monthGap: 0,
      },
    );
    const tiles = layout.rows.flatMap((row) => row.tiles.map((t) => ({ ...t, top: row.top + t.y })));
    // Columns of 100: a tall 0.6-clamped tile left (≈167), then a wide one right, then the
    // next wide one under it on the right since the right column is still shorter.
    expect(tiles.map((t) => [t.item.id, t.x, Math.round(t.top), Math.round(t.height)])).toEqual([
      [0, 0, 0, 167],
      [1, 102, 0, 50],
      [2, 102, 52, 50],
    ]);
  });

  it('cuts a long month into bands at least as tall as its tallest tile', () => {
    const items = photos(300, (i) => (i % 3 === 0 ? [300, 600] : i % 3 === 1 ? [600, 400] : [null, null]));
    const layout = computeLayout([month('m', items)], {
      width: 360,
      mode: 'masonry',
      gap: 2,
      headerHeight: 48,
    });
    const body = layout.rows.filter((r) => r.tiles.length > 0 || !r.key.endsWith('header'));
    expect(body.length).toBeGreaterThan(10);
    const placed = body.flatMap((r) => r.tiles);
    expect(placed).toHaveLength(300);
    const tallest = Math.max(...placed.map((t) => t.height));
    for (const row of body.slice(0, -1)) {
      expect(row.height).toBeGreaterThanOrEqual(tallest);
      // A tile starts inside its band (it may reach into the next one, never further).
      for (const tile of row.tiles) {
        expect(tile.y).toBeGreaterThanOrEqual(0);
        expect(tile.y).toBeLessThan(row.height);
        expect(tile.y + tile.height).toBeLessThan(2 * row.height);
      }
    }
    expect(layout.rows.reduce((total, row) => total + row.height, 0)).toBe(layout.totalHeight);
  });

  it('places every one of 10,000 photos', () => {
    const items = photos(10_000, (i) => [3000 + (i % 7) * 300, 2000 + (i % 5) * 400]);
    const groups = Array.from({ length: 40 }, (_, m) => month(`m${m}`, items.slice(m * 250, m * 250 + 250)));
    const layout = computeLayout(groups, { width: 1192, mode: 'masonry' });
    expect(layout.rows.flatMap((r) => r.tiles)).toHaveLength(10_000);
  });
});
