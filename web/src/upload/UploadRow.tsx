import { CheckCircle2, Clock, RotateCw, TriangleAlert } from 'lucide-react';
import { uploads } from '../app/services';
import type { UploadItem } from '../lib/upload-queue';
import { formatBytes } from './choices';
import { Thumb } from './Thumb';
import './upload-row.css';

/** What a file is doing, in words. */
export function statusText(item: UploadItem): string {
  switch (item.state) {
    case 'queued':
      return 'Waiting to upload';
    case 'uploading':
      return `Uploading ${Math.round((item.sent / Math.max(1, item.file.size)) * 100)}%`;
    case 'waiting':
      return 'Paused: the server asked to slow down';
    case 'processing':
      return 'Processing';
    case 'done':
      return item.duplicate ? 'Done · already in this event' : 'Done';
    case 'failed':
      return 'Failed';
  }
}

/** One file of the queue: thumbnail, name, bar, status, and the reason and a retry when it failed. */
export function UploadRow(props: { item: UploadItem }) {
  const { item } = props;
  const percent =
    item.state === 'processing' || item.state === 'done'
      ? 100
      : (item.sent / Math.max(1, item.file.size)) * 100;
  return (
    <li className={`upload-row upload-row-${item.state}`}>
      <Thumb file={item.file} className="upload-row-thumb" />
      <div className="upload-row-body">
        <div className="upload-row-line">
          <span className="upload-row-name">{item.file.name}</span>
          <span className="upload-row-size">{formatBytes(item.file.size)}</span>
        </div>
        {item.state !== 'failed' && item.state !== 'done' && (
          <div
            className="upload-row-bar"
            role="progressbar"
            aria-label={`${item.file.name} upload`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(percent)}
          >
            <span style={{ width: `${percent}%` }} />
          </div>
        )}
        <p className="upload-row-status">
          {item.state === 'done' && <CheckCircle2 size={14} aria-hidden />}
          {item.state === 'failed' && <TriangleAlert size={14} aria-hidden />}
          {(item.state === 'queued' || item.state === 'waiting') && <Clock size={14} aria-hidden />}
          <span>{statusText(item)}</span>
        </p>
        {item.error && <p className="upload-row-error">{item.error}</p>}
      </div>
      {item.state === 'failed' && item.canRetry && (
        <button
          type="button"
          className="icon-btn upload-row-retry"
          aria-label={`Retry ${item.file.name}`}
          onClick={() => uploads.retry(item.id)}
        >
          <RotateCw size={18} aria-hidden />
        </button>
      )}
    </li>
  );
}
