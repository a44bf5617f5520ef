import { ChevronDown, ChevronUp, CloudUpload, RotateCw, X } from 'lucide-react';
import { useState } from 'react';
import { useMatch } from 'react-router';
import { uploads } from '../app/services';
import type { UploadItem, UploadSnapshot } from '../lib/upload-queue';
import { UploadRow } from './UploadRow';
import { useUploads } from './useUploads';
import './upload-tray.css';

const photos = (n: number) => `${n} photo${n === 1 ? '' : 's'}`;

/** The tray's one-line story of the queue. */
export function trayTitle({ items, summary }: UploadSnapshot): string {
  const sending = items.some((i) => i.state === 'queued' || i.state === 'uploading' || i.state === 'waiting');
  if (sending)
    return `Uploading ${summary.finished} of ${summary.total} · ${Math.round(summary.progress * 100)}%`;
  const processing = items.filter((i) => i.state === 'processing').length;
  if (processing > 0) return `Processing ${photos(processing)}`;
  if (summary.failed > 0) return `${summary.failed} failed · ${summary.done} uploaded`;
  return `${photos(summary.done)} uploaded`;
}

/**
 * A small card above the bottom bar (bottom right on a desktop) while uploads are on their way or
 * have failed, so the person can keep browsing. It opens to a row per file. The upload screen
 * shows the same rows itself, so the tray steps aside there.
 */
export function UploadTray() {
  const snapshot = useUploads();
  const [open, setOpen] = useState(false);
  const onUploadScreen = useMatch('/events/:id/upload');
  const { summary, items } = snapshot;
  if (summary.total === 0 || onUploadScreen) return <TrayAnnouncer snapshot={snapshot} />;
  const retryable = items.some((i) => i.state === 'failed' && i.canRetry);
  const title = trayTitle(snapshot);

  return (
    <section className="upload-tray" aria-label="Uploads">
      <TrayAnnouncer snapshot={snapshot} />
      <div className="upload-tray-head">
        <CloudUpload size={20} aria-hidden className="upload-tray-icon" />
        <p className="upload-tray-title">{title}</p>
        <button
          type="button"
          className="icon-btn"
          aria-expanded={open}
          aria-controls="upload-tray-list"
          aria-label={open ? 'Hide upload details' : 'Show upload details'}
          onClick={() => setOpen(!open)}
        >
          {open ? <ChevronDown size={20} aria-hidden /> : <ChevronUp size={20} aria-hidden />}
        </button>
        {summary.active === 0 && (
          <button
            type="button"
            className="icon-btn"
            aria-label="Dismiss uploads"
            onClick={() => {
              setOpen(false);
              uploads.clearFinished();
            }}
          >
            <X size={20} aria-hidden />
          </button>
        )}
      </div>
      <div className="upload-tray-bar" aria-hidden>
        <span style={{ width: `${summary.progress * 100}%` }} />
      </div>
      {retryable && (
        <div className="upload-tray-actions">
          <button
            type="button"
            className="btn btn-soft upload-tray-retry"
            onClick={() => uploads.retryFailed()}
          >
            <RotateCw size={16} aria-hidden /> Retry failed
          </button>
        </div>
      )}
      {open && (
        <ul id="upload-tray-list" className="upload-tray-list">
          {byAttention(items).map((item) => (
            <UploadRow key={item.id} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

const ATTENTION: Record<UploadItem['state'], number> = {
  failed: 0,
  uploading: 1,
  waiting: 1,
  queued: 2,
  processing: 3,
  done: 4,
};

/** Failures first (each with its reason and retry in view), then what is moving, then the done. */
const byAttention = (items: readonly UploadItem[]) =>
  [...items].sort((a, b) => ATTENTION[a.state] - ATTENTION[b.state]);

/** Says once, politely, when every upload has ended (and how many failed). */
function TrayAnnouncer({ snapshot }: { snapshot: UploadSnapshot }) {
  const { summary } = snapshot;
  const message =
    summary.total > 0 && summary.active === 0
      ? summary.failed > 0
        ? `Uploads finished: ${photos(summary.done)} uploaded, ${summary.failed} failed.`
        : `All ${photos(summary.done)} uploaded.`
      : '';
  return (
    <p className="visually-hidden" role="status">
      {message}
    </p>
  );
}
