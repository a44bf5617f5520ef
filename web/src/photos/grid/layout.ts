import type { MonthGroup } from './monthGroups';

/**
 * Where every tile of a long photo list goes, as pure arithmetic: the grid (square tiles, 3 columns
 * on a phone, tiles of at most ~200 px on wider screens) or the masonry (2 columns on a phone, up
 * to 6 on a desktop, each tile at its photo's aspect ratio). The result is a list of rows of fixed
 * height that a virtualizer windows over: a month's header row, then its tile rows. Masonry
 * columns do not line up into rows, so a month's masonry is cut into horizontal bands instead,
 * each tile belonging to the band its top edge falls in; a band is at least as tall as the
 * tallest tile, so rendering one band above the visible range (overscan) never drops a tile
 * that still reaches into view.
 */

export type LayoutMode = 'grid' | 'masonry';

export interface Sized {
  width: number | null;
  height: number | null;
}

export interface TileBox<T> {
  item: T;
  /** Position inside its row, in px. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LayoutRow<T> {
  key: string;
  /** Index of the month in `months`. */
  month: number;
  /** Top edge from the top of the month's block. */
  top: number;
  height: number;
  tiles: TileBox<T>[];
}

export interface MonthBlock {
  key: string;
  label: string;
  /** Top edge from the top of the whole layout. */
  top: number;
  height: number;
}

export interface GridLayout<T> {
  rows: LayoutRow<T>[];
  months: MonthBlock[];
  columns: number;
  totalHeight: number;
}

export interface LayoutOptions {
  /** The width the tiles share, in px. */
  width: number;
  mode: LayoutMode;
  gap?: number;
  headerHeight?: number;
  /** Space after each month's last tile. */
  monthGap?: number;
}

export const GRID_MAX_TILE = 200;
export const GRID_MIN_COLUMNS = 3;
const MASONRY_TARGET_COLUMN = 240;
/** Aspect ratios (width / height) are clamped so a panorama or a sliver stays a usable tile. */
export const MIN_ASPECT = 0.6;
export const MAX_ASPECT = 2.2;

export function columnCount(width: number, mode: LayoutMode, gap = 2): number {
  if (mode === 'grid') return Math.max(GRID_MIN_COLUMNS, Math.ceil((width + gap) / (GRID_MAX_TILE + gap)));
  if (width < 600) return 2;
  return Math.min(6, Math.max(3, Math.round(width / MASONRY_TARGET_COLUMN)));
}

/** A photo's width / height for its tile; 1:1 while its size is unknown. */
export function tileAspect(photo: Sized): number {
  if (!photo.width || !photo.height) return 1;
  return Math.min(MAX_ASPECT, Math.max(MIN_ASPECT, photo.width / photo.height));
}

export function computeLayout<T extends Sized>(
  groups: readonly MonthGroup<T>[],
  options: LayoutOptions,
): GridLayout<T> {
  const gap = options.gap ?? 2;
  const headerHeight = options.headerHeight ?? 48;
  const monthGap = options.monthGap ?? 16;
  const width = Math.max(1, options.width);
  const columns = columnCount(width, options.mode, gap);
  const tileWidth = (width - gap * (columns - 1)) / columns;
  const rows: LayoutRow<T>[] = [];
  const months: MonthBlock[] = [];
  let top = 0;
  groups.forEach((group, month) => {
    rows.push({ key: `${group.key}:header`, month, top: 0, height: headerHeight, tiles: [] });
    const body =
      options.mode === 'grid'
        ? gridRows(group.items, columns, tileWidth, gap)
        : masonryBands(group.items, columns, tileWidth, gap);
    let bodyHeight = 0;
    body.forEach((row, index) => {
      rows.push({
        key: `${group.key}:${index}`,
        month,
        top: headerHeight + row.top,
        height: row.height,
        tiles: row.tiles,
      });
      bodyHeight = row.top + row.height;
    });
    // The month's closing space belongs to its last row, so the rows stay back to back.
    const last = rows[rows.length - 1];
    if (last) last.height += monthGap;
    const height = headerHeight + bodyHeight + monthGap;
    months.push({ key: group.key, label: group.label, top, height });
    top += height;
  });
  return { rows, months, columns, totalHeight: top };
}

type Body<T> = { top: number; height: number; tiles: TileBox<T>[] }[];

function gridRows<T>(items: readonly T[], columns: number, size: number, gap: number): Body<T> {
  const body: Body<T> = [];
  for (let start = 0; start < items.length; start += columns) {
    const tiles = items.slice(start, start + columns).map((item, column) => ({
      item,
      x: column * (size + gap),
      y: 0,
      width: size,
      height: size,
    }));
    body.push({ top: (start / columns) * (size + gap), height: size + gap, tiles });
  }
  return body;
}

function masonryBands<T extends Sized>(
  items: readonly T[],
  columns: number,
  columnWidth: number,
  gap: number,
): Body<T> {
  const heights = new Array<number>(columns).fill(0);
  const placed: { item: T; x: number; top: number; height: number }[] = [];
  for (const item of items) {
    // The shortest column takes the next photo (the leftmost on a tie), as a masonry reads.
    let column = 0;
    for (let c = 1; c < columns; c++) if ((heights[c] ?? 0) < (heights[column] ?? 0)) column = c;
    const height = columnWidth / tileAspect(item);
    const top = heights[column] ?? 0;
    placed.push({ item, x: column * (columnWidth + gap), top, height });
    heights[column] = top + height + gap;
  }
  const contentHeight = Math.max(0, ...heights);
  const band = Math.ceil(columnWidth / MIN_ASPECT + gap);
  const count = Math.ceil(contentHeight / band);
  const body: Body<T> = Array.from({ length: count }, (_, index) => ({
    top: index * band,
    height: Math.min(band, contentHeight - index * band),
    tiles: [],
  }));
  for (const tile of placed) {
    const row = body[Math.floor(tile.top / band)];
    row?.tiles.push({
      item: tile.item,
      x: tile.x,
      y: tile.top - row.top,
      width: columnWidth,
      height: tile.height,
    });
  }
  return body;
}
