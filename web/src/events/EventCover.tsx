import type { EventRead } from '@pixeli/contract';
import { useMemo, useState } from 'react';
import { thumbHashToDataURL } from 'thumbhash';
import './event-cover.css';

/** Covers keep their own shape within these bounds, so a panorama or a portrait stays a card. */
const TALLEST = 5 / 4;
const WIDEST = 9 / 16;

/** Height over width of a cover, clamped; events without one get a calm 3:4 gradient tile. */
export function coverRatio(cover: EventRead['cover_photo']): number {
  if (!cover?.width || !cover.height) return 3 / 4;
  return Math.min(TALLEST, Math.max(WIDEST, cover.height / cover.width));
}

/**
 * An event's cover: the thumbnail at its aspect ratio with its thumbhash painted underneath until
 * it loads, or, without a cover, a gradient (one of six, stable per event) with the title's initial.
 */
export function EventCover(props: { event: Pick<EventRead, 'id' | 'title' | 'cover_photo'> }) {
  const cover = props.event.cover_photo;
  const [loaded, setLoaded] = useState(false);
  const placeholder = useMemo(
    () => (cover?.thumbhash ? hashToDataUrl(cover.thumbhash) : null),
    [cover?.thumbhash],
  );
  const ratio = coverRatio(cover);
  if (!cover) {
    return (
      <div
        className="event-cover event-cover-blank"
        data-tone={toneOf(props.event.id)}
        style={{ aspectRatio: `${1 / ratio}` }}
      >
        <span aria-hidden>{initialOf(props.event.title)}</span>
      </div>
    );
  }
  return (
    <div
      className="event-cover"
      style={{
        aspectRatio: `${1 / ratio}`,
        backgroundImage: placeholder && !loaded ? `url(${placeholder})` : undefined,
      }}
    >
      <img
        src={cover.thumbnail_url}
        alt=""
        width={cover.width ?? undefined}
        height={cover.height ?? undefined}
        loading="lazy"
        decoding="async"
        data-loaded={loaded}
        onLoad={() => setLoaded(true)}
      />
    </div>
  );
}

function hashToDataUrl(base64: string): string | null {
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return thumbHashToDataURL(bytes);
  } catch {
    return null; // a broken hash only costs the placeholder
  }
}

const initialOf = (title: string) => (title.trim().match(/\p{L}|\p{N}/u)?.[0] ?? '•').toUpperCase();

function toneOf(id: string): number {
  let sum = 0;
  for (const char of id) sum = (sum * 31 + char.charCodeAt(0)) % 6;
  return sum;
}
