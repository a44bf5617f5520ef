import { thumbHashToRGBA } from 'thumbhash';

/**
 * The viewer's background, tinted from the photo's own colours (as the original did with its
 * palette): the thumbhash is decoded (a ~32 px image, well under a millisecond) and the average
 * colour of its top and bottom thirds, darkened so the light bars and text keep their contrast,
 * become a vertical gradient. Null when there is no thumbhash (the plain dark background stays).
 */
export interface Tint {
  top: string;
  bottom: string;
}

type Rgb = [number, number, number];

function decode(hash: string): { w: number; h: number; rgba: Uint8Array } | null {
  try {
    const bytes = Uint8Array.from(atob(hash), (c) => c.charCodeAt(0));
    return thumbHashToRGBA(bytes);
  } catch {
    return null;
  }
}

function averageRows(image: { w: number; h: number; rgba: Uint8Array }, from: number, to: number): Rgb {
  const sum: Rgb = [0, 0, 0];
  let count = 0;
  for (let y = from; y < to; y++) {
    for (let x = 0; x < image.w; x++) {
      const at = (y * image.w + x) * 4;
      sum[0] += image.rgba[at] ?? 0;
      sum[1] += image.rgba[at + 1] ?? 0;
      sum[2] += image.rgba[at + 2] ?? 0;
      count++;
    }
  }
  return count ? [sum[0] / count, sum[1] / count, sum[2] / count] : [0, 0, 0];
}

/** Scales a colour down so its brightest channel is at most `max` (0-255): hue kept, always dark. */
function darken([r, g, b]: Rgb, max: number): string {
  const k = Math.min(1, max / Math.max(1, r, g, b));
  return `rgb(${Math.round(r * k)} ${Math.round(g * k)} ${Math.round(b * k)})`;
}

export function tintFromThumbhash(hash: string | null | undefined): Tint | null {
  if (!hash) return null;
  const image = decode(hash);
  if (!image || image.h < 3) return null;
  const third = Math.max(1, Math.floor(image.h / 3));
  return {
    top: darken(averageRows(image, 0, third), 70),
    bottom: darken(averageRows(image, image.h - third, image.h), 46),
  };
}

/** The thumbhash as an image URL, the first thing the viewer paints. */
export { thumbHashToDataURL } from 'thumbhash';
