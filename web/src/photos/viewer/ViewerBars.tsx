import type { PhotoList, PhotoRead } from '@pixeli/contract';
import { ArrowLeft, Download, Info, LoaderCircle, Trash2 } from 'lucide-react';
import { Link } from 'react-router';
import { Avatar } from '../../app/ui/Avatar';
import { formatDay, formatTaken } from './facts';
import { LikeButton } from './LikeButton';
import { isFull } from './useViewerPhotos';

/** The top bar: back, who took the photo, at which event and when. */
export function ViewerTopBar(props: { photo: PhotoList | PhotoRead; hidden: boolean; onBack: () => void }) {
  const { photo } = props;
  const who = photo.photographer.name || photo.photographer.username;
  return (
    <header className="viewer-bar viewer-top" inert={props.hidden}>
      <button
        type="button"
        className="icon-btn viewer-icon-btn"
        aria-label="Back to photos"
        onClick={props.onBack}
      >
        <ArrowLeft size={22} aria-hidden />
      </button>
      <Avatar user={photo.photographer} size={36} />
      <div className="viewer-top-text">
        <span className="viewer-top-name">{who}</span>
        <span className="viewer-top-sub">
          {isFull(photo) ? (
            <Link className="viewer-top-event" to={`/events/${photo.event}`}>
              {photo.event_title}
            </Link>
          ) : null}
          {isFull(photo) && <span aria-hidden> · </span>}
          <time dateTime={photo.timestamp} title={formatTaken(photo.timestamp)}>
            {formatDay(photo.timestamp)}
          </time>
        </span>
      </div>
    </header>
  );
}

/** The bottom bar: the heart and its count (who liked), info, download, delete. */
export function ViewerBottomBar(props: {
  photo: PhotoList | PhotoRead;
  hidden: boolean;
  infoOpen: boolean;
  download: number | null | false;
  onLike: () => void;
  onLikers: () => void;
  onInfo: () => void;
  onDownload: () => void;
  onDelete: () => void;
}) {
  const { photo } = props;
  const full = isFull(photo) ? photo : undefined;
  const busy = props.download !== false;
  const count = photo.likes_count;
  return (
    <footer className="viewer-bar viewer-bottom" inert={props.hidden}>
      <div className="viewer-bottom-group">
        <LikeButton liked={photo.is_liked} onToggle={props.onLike} />
        <button
          type="button"
          className="viewer-count"
          onClick={props.onLikers}
          aria-label={`${count} ${count === 1 ? 'like' : 'likes'}: see who liked`}
          data-testid="likes-count"
        >
          {count}
        </button>
      </div>
      <div className="viewer-bottom-group">
        <button
          type="button"
          className="icon-btn viewer-icon-btn"
          aria-label="Info"
          aria-pressed={props.infoOpen}
          aria-keyshortcuts="I"
          onClick={props.onInfo}
        >
          <Info size={22} aria-hidden />
        </button>
        {full?.can_download && (
          <button
            type="button"
            className="icon-btn viewer-icon-btn viewer-download"
            aria-label={busy ? 'Downloading' : full.original_url ? 'Download original' : 'Download'}
            aria-busy={busy}
            disabled={busy}
            onClick={props.onDownload}
            style={
              typeof props.download === 'number'
                ? ({ '--progress': `${Math.round(props.download * 100)}%` } as React.CSSProperties)
                : undefined
            }
          >
            {busy ? (
              <LoaderCircle className="viewer-spin" size={22} aria-hidden />
            ) : (
              <Download size={22} aria-hidden />
            )}
          </button>
        )}
        {photo.can_delete && (
          <button
            type="button"
            className="icon-btn viewer-icon-btn"
            aria-label="Delete photo"
            onClick={props.onDelete}
          >
            <Trash2 size={22} aria-hidden />
          </button>
        )}
      </div>
    </footer>
  );
}
