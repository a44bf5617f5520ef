import { thumbHashToAverageRGBA, thumbHashToDataURL } from 'thumbhash';

/**
 * The blurred stand-in painted under a tile before its image arrives: the photo's thumbhash
 * decoded to a tiny PNG data URL. Decoding costs a fraction of a millisecond, but a fast scroll
 * meets the same photos again and again, so each hash is decoded once (a bounded cache, the
 * oldest entry leaving first).
 */
const MAX_CACHED = 4000;
const cache = new Map<string, { image: string; colour: string }>();

function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function placeholderFor(thumbhash: string | null): { image: string; colour: string } | null {
  if (!thumbhash) return null;
  const hit = cache.get(thumbhash);
  if (hit) return hit;
  try {
    const bytes = bytesOf(thumbhash);
    const { r, g, b } = thumbHashToAverageRGBA(bytes);
    const made = {
      image: `url("${thumbHashToDataURL(bytes)}")`,
      colour: `rgb(${Math.round(r * 255)} ${Math.round(g * 255)} ${Math.round(b * 255)})`,
    };
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(thumbhash, made);
    return made;
  } catch {
    // A malformed hash only costs the placeholder: the tile keeps its neutral background.
    return null;
  }
}
