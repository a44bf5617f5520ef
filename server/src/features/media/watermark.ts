/**
 * The Pixel-i watermark, drawn in code as SVG and rendered by sharp (librsvg): a rounded-square
 * "pixel" mark and the word "pixel-i" set in a small pixel font made of squares, so the logo looks
 * the same on every machine whatever fonts are installed. White, with a dark outline and a soft
 * shadow so it reads on light and dark photos, and semi-transparent. An optional line of text (an
 * event name) goes under the logo, right-aligned, in the system sans-serif font.
 *
 * Everything is laid out on a grid of "cells": the logo is 9 cells tall.
 */
import sharp from 'sharp';

/** 9 rows each: rows 0-1 ascender, 2-6 x-height, 7-8 descender. */
const GLYPHS: Record<string, string[]> = {
  p: ['....', '....', '###.', '#..#', '#..#', '#..#', '###.', '#...', '#...'],
  i: ['#', '.', '#', '#', '#', '#', '#', '.', '.'],
  x: ['.....', '.....', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '.....', '.....'],
  e: ['....', '....', '.##.', '#..#', '####', '#...', '.###', '....', '....'],
  l: ['#', '#', '#', '#', '#', '#', '#', '.', '.'],
  '-': ['...', '...', '...', '...', '###', '...', '...', '...', '...'],
};
const WORD = 'pixel-i';
const MARK_SIZE = 9;
const MARK_GAP = 2.5;
const MARGIN = 1; // room for the outline and the shadow
const LOGO_WIDTH = MARK_SIZE + MARK_GAP + wordWidth();
const VIEW_WIDTH = LOGO_WIDTH + 2 * MARGIN;

const TEXT_GAP = 0.9;
const TEXT_SIZE = 4;
const TEXT_MIN_SIZE = 2;
/** A generous average advance of DejaVu Sans Bold, in em: estimates never overflow the box. */
const TEXT_ADVANCE = 0.7;
const TEXT_MAX_CHARS = 60;
const FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";

function wordWidth(): number {
  let width = 0;
  for (const char of WORD) width += (GLYPHS[char]?.[0]?.length ?? 0) + 1;
  return width - 1;
}

/** One square per lit pixel, in a single path (paint-order hides the strokes between them). */
function wordPath(originX: number): string {
  const parts: string[] = [];
  let x = originX;
  for (const char of WORD) {
    const rows = GLYPHS[char] ?? [];
    rows.forEach((row, y) => {
      for (let column = 0; column < row.length; column++) {
        if (row[column] === '#') parts.push(`M${x + column} ${y}h1v1h-1z`);
      }
    });
    x += (rows[0]?.length ?? 0) + 1;
  }
  return parts.join('');
}

function roundedRect(x: number, y: number, size: number, r: number): string {
  const s = size - 2 * r;
  return `M${x + r} ${y}h${s}a${r} ${r} 0 0 1 ${r} ${r}v${s}a${r} ${r} 0 0 1 ${-r} ${r}h${-s}a${r} ${r} 0 0 1 ${-r} ${-r}v${-s}a${r} ${r} 0 0 1 ${r} ${-r}z`;
}

const MARK_PATH = [
  roundedRect(0, 0, MARK_SIZE, 2.2), // outer edge of the frame
  roundedRect(1.3, 1.3, MARK_SIZE - 2.6, 1.2), // inner edge (even-odd makes a ring)
  roundedRect(3, 3, 3, 0.5), // the pixel
].join('');
const WORD_PATH = wordPath(MARK_SIZE + MARK_GAP);

export const escapeXml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** One line, no control or bidi-override characters, at most 60 characters. */
export function cleanWatermarkText(text: string | undefined): string {
  if (!text) return '';
  const line = text
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(line);
  return chars.length > TEXT_MAX_CHARS
    ? `${chars
        .slice(0, TEXT_MAX_CHARS - 1)
        .join('')
        .trimEnd()}…`
    : line;
}

interface Layout {
  svg: string;
  width: number;
  height: number;
}

function layout(width: number, rawText?: string): Layout {
  let text = cleanWatermarkText(rawText);
  let fontSize = TEXT_SIZE;
  if (text) {
    const fits = (chars: number, size: number) => chars * size * TEXT_ADVANCE <= LOGO_WIDTH;
    const chars = Array.from(text);
    if (!fits(chars.length, fontSize))
      fontSize = Math.max(TEXT_MIN_SIZE, LOGO_WIDTH / (chars.length * TEXT_ADVANCE));
    if (!fits(chars.length, fontSize)) {
      const keep = Math.max(1, Math.floor(LOGO_WIDTH / (fontSize * TEXT_ADVANCE)) - 1);
      text = `${chars.slice(0, keep).join('').trimEnd()}…`;
    }
  }
  const contentHeight = text ? MARK_SIZE + TEXT_GAP + fontSize * 1.05 : MARK_SIZE;
  const viewHeight = contentHeight + 2 * MARGIN;
  const height = Math.max(1, Math.round((width * viewHeight) / VIEW_WIDTH));

  const textElement = text
    ? `<text x="${LOGO_WIDTH}" y="${MARK_SIZE + TEXT_GAP + fontSize * 0.8}" text-anchor="end" ` +
      `font-family="${FONT_FAMILY}" font-weight="700" font-size="${fontSize}" ` +
      `stroke-width="${fontSize * 0.09}">${escapeXml(text)}</text>`
    : '';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="${-MARGIN} ${-MARGIN} ${VIEW_WIDTH} ${viewHeight}" preserveAspectRatio="none">` +
    '<defs><filter id="shadow" filterUnits="userSpaceOnUse" ' +
    `x="${-MARGIN}" y="${-MARGIN}" width="${VIEW_WIDTH}" height="${viewHeight}">` +
    '<feDropShadow dx="0.2" dy="0.3" stdDeviation="0.35" flood-color="#000" flood-opacity="0.45"/>' +
    '</filter></defs>' +
    '<g opacity="0.85" filter="url(#shadow)" fill="#fff" stroke="#000" stroke-opacity="0.55" ' +
    'stroke-linejoin="round" paint-order="stroke">' +
    `<path fill-rule="evenodd" stroke-width="0.45" d="${MARK_PATH}"/>` +
    `<path stroke-width="0.45" d="${WORD_PATH}"/>` +
    textElement +
    '</g></svg>';
  return { svg, width, height };
}

/** The pixel size `renderWatermark(width, text)` will have, without rendering it. */
export function watermarkSize(width: number, text?: string): { width: number; height: number } {
  const { height } = layout(checkedWidth(width), text);
  return { width: checkedWidth(width), height };
}

function checkedWidth(width: number): number {
  if (!Number.isFinite(width) || width < 1 || width > 10_000)
    throw new RangeError(`bad watermark width ${width}`);
  return Math.round(width);
}

const CACHE_LIMIT = 32;
const cache = new Map<string, Promise<Buffer>>();

/** The watermark as a PNG with alpha, `width` pixels wide. Renders are cached (LRU of 32). */
export function renderWatermark(width: number, text?: string): Promise<Buffer> {
  const w = checkedWidth(width);
  const key = `${w}\u0000${cleanWatermarkText(text)}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // most recently used goes last
    cache.set(key, hit);
    return hit;
  }
  const { svg } = layout(w, text);
  const rendered = sharp(Buffer.from(svg)).png().toBuffer();
  cache.set(key, rendered);
  rendered.catch(() => cache.delete(key));
  while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return rendered;
}
