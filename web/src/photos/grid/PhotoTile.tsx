import type { PhotoList } from '@pixeli/contract';
import { Heart, ImageOff, Loader } from 'lucide-react';
import { memo, useState } from 'react';
import { Link } from 'react-router';
import { placeholderFor } from './placeholder';

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** What a screen reader says for a tile: who took it and when, its likes, and its state if not ready. */
export function tileLabel(photo: PhotoList): string {
  const by = photo.photographer.name || photo.photographer.username;
  const state =
    photo.status === 'FA' ? ', could not be processed' : photo.status !== 'CO' ? ', processing' : '';
  const likes =
    photo.likes_count > 0 ? `, ${photo.likes_count} ${photo.likes_count === 1 ? 'like' : 'likes'}` : '';
  return `Photo by ${by}, ${dayFormat.format(new Date(photo.timestamp))}${likes}${state}`;
}

/**
 * One photo of a grid: a link to the viewer, sized by the layout before anything loads, with the
 * thumbhash painted underneath and the 400 px thumbnail (the only variant a list has, and enough
 * for every tile) fading in over it. A thumbnail that fails to load leaves the placeholder with a
 * quiet mark instead of a broken-image icon.
 */
export const PhotoTile = memo(function PhotoTile(props: {
  photo: PhotoList;
  href: string;
  x: number;
  y: number;
  width: number;
  height: number;
  showPhotographer: boolean;
}) {
  const { photo } = props;
  const [broken, setBroken] = useState(false);
  const placeholder = placeholderFor(photo.thumbhash);
  const ready = photo.status === 'CO' && photo.thumbnail_url && !broken;
  return (
    <Link
      to={props.href}
      className="photo-tile"
      data-status={photo.status}
      aria-label={tileLabel(photo)}
      style={{
        transform: `translate(${props.x}px, ${props.y}px)`,
        width: props.width,
        height: props.height,
        backgroundImage: placeholder?.image,
        backgroundColor: placeholder?.colour,
      }}
    >
      {ready && (
        <img
          src={photo.thumbnail_url ?? undefined}
          srcSet={`${photo.thumbnail_url} 400w`}
          sizes={`${Math.ceil(props.width)}px`}
          width={Math.round(props.width)}
          height={Math.round(props.height)}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
          // An image the cache already holds shows at once (no fade to wait for: it is the
          // feed's largest paint on a warm start); one that arrives later fades in over its thumbhash.
          ref={(img) => {
            if (img?.complete && img.naturalWidth > 0) img.classList.add('is-loaded', 'no-fade');
          }}
          onLoad={(e) => e.currentTarget.classList.add('is-loaded')}
          onError={() => setBroken(true)}
        />
      )}
      {(photo.status === 'PE' || photo.status === 'PR') && (
        <span className="photo-tile-state">
          <Loader className="photo-tile-spinner" size={22} aria-hidden />
        </span>
      )}
      {(photo.status === 'FA' || broken) && (
        <span className="photo-tile-state photo-tile-failed">
          <ImageOff size={22} aria-hidden />
        </span>
      )}
      {(photo.likes_count > 0 || props.showPhotographer) && (
        <span className="photo-tile-chips">
          {props.showPhotographer && props.width >= 110 && (
            <span className="photo-tile-chip photo-tile-by">
              {photo.photographer.name || photo.photographer.username}
            </span>
          )}
          {photo.likes_count > 0 && (
            <span className="photo-tile-chip" data-liked={photo.is_liked || undefined}>
              <Heart size={12} aria-hidden fill={photo.is_liked ? 'currentColor' : 'none'} />
              {photo.likes_count}
            </span>
          )}
        </span>
      )}
    </Link>
  );
});
