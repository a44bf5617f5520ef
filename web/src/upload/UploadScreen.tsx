import { useQuery } from '@tanstack/react-query';
import { ImagePlus, Upload } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, uploads } from '../app/services';
import { ErrorState } from '../app/ui/ErrorState';
import { TopBar } from '../app/ui/TopBar';
import { endpoints } from '../lib/api/endpoints';
import type { UploadOptions } from '../lib/upload-queue';
import { DEFAULT_OPTIONS, formatBytes } from './choices';
import { FilePicker, type Picked } from './FilePicker';
import { OptionsForm } from './OptionsForm';
import { SelectedGrid } from './SelectedGrid';
import { UploadRow } from './UploadRow';
import { useUploads } from './useUploads';
import './upload-screen.css';

/**
 * Choosing photos for an event and the options they go up with, for all of them or one at a time
 * (tap a photo, then "This photo"). "Upload" hands them to the queue, which carries on if the
 * person leaves; this screen then lists the event's uploads as they progress.
 */
export default function UploadScreen() {
  const { id: eventId = '' } = useParams();
  const event = useQuery({
    queryKey: ['events', 'one', eventId],
    queryFn: ({ signal }) => api.call(endpoints.events.get, { params: { id: eventId }, signal }),
  });
  const [picked, setPicked] = useState<Picked[]>([]);
  const [common, setCommon] = useState<UploadOptions>(DEFAULT_OPTIONS);
  const [custom, setCustom] = useState<Record<string, UploadOptions>>({});
  const [selected, setSelected] = useState<string | null>(null);
  const [scope, setScope] = useState<'all' | 'one'>('all');
  const queue = useUploads();
  const mine = useMemo(() => queue.items.filter((i) => i.eventId === eventId), [queue.items, eventId]);

  const selectedFile = picked.find((p) => p.key === selected) ?? null;
  const editingOne = scope === 'one' && selectedFile !== null;
  const options = editingOne ? (custom[selectedFile.key] ?? common) : common;
  const setOptions = (next: UploadOptions) => {
    if (editingOne) setCustom({ ...custom, [selectedFile.key]: next });
    else setCommon(next);
  };

  const add = (more: Picked[]) => setPicked((current) => [...current, ...more]);
  const remove = (key: string) => {
    setPicked((current) => current.filter((p) => p.key !== key));
    if (selected === key) {
      setSelected(null);
      setScope('all');
    }
  };
  const send = () => {
    uploads.add(
      eventId,
      picked.map((p) => ({ file: p.file, options: custom[p.key] ?? common })),
    );
    setPicked([]);
    setCustom({});
    setSelected(null);
    setScope('all');
  };

  if (event.isError) return <ErrorState error={event.error} retry={() => void event.refetch()} />;
  const title = event.data?.title ?? '';
  const bytes = picked.reduce((sum, p) => sum + p.file.size, 0);
  const failed = mine.filter((i) => i.state === 'failed' && i.canRetry).length;

  return (
    <div className="upload-screen">
      <TopBar title="Upload photos" back={`/events/${eventId}`} />
      <div className="upload-content">
        <p className="upload-event muted">
          To <strong>{title || '…'}</strong>
        </p>
        {event.data && !event.data.can_write ? (
          <p className="upload-refused card">You cannot add photos to this event.</p>
        ) : picked.length === 0 ? (
          <FilePicker onPick={add} />
        ) : (
          <div className="upload-layout">
            <section className="upload-picked" aria-labelledby="picked-heading">
              <div className="upload-picked-head">
                <h2 id="picked-heading">
                  {picked.length} photo{picked.length === 1 ? '' : 's'}{' '}
                  <span className="muted">· {formatBytes(bytes)}</span>
                </h2>
                <FilePicker onPick={add} compact />
              </div>
              <SelectedGrid
                picked={picked}
                selected={selected}
                custom={custom}
                onSelect={(key) => {
                  const same = key === selected;
                  setSelected(same ? null : key);
                  setScope(same ? 'all' : 'one');
                }}
                onRemove={remove}
              />
            </section>
            <section className="upload-options card" aria-labelledby="options-heading">
              <h2 id="options-heading" className="visually-hidden">
                Options
              </h2>
              <fieldset className="scope">
                <legend className="visually-hidden">Apply options to</legend>
                <button type="button" aria-pressed={!editingOne} onClick={() => setScope('all')}>
                  All photos
                </button>
                <button
                  type="button"
                  aria-pressed={editingOne}
                  disabled={!selectedFile}
                  onClick={() => setScope('one')}
                >
                  This photo
                </button>
              </fieldset>
              <p className="scope-hint muted">
                {editingOne
                  ? `Only for ${selectedFile.file.name}.`
                  : selectedFile
                    ? 'For every photo without its own options.'
                    : 'For every photo. Tap a photo to give it its own.'}
                {editingOne && custom[selectedFile.key] && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="link-btn"
                      onClick={() => {
                        const { [selectedFile.key]: _dropped, ...rest } = custom;
                        setCustom(rest);
                      }}
                    >
                      Use the options for all
                    </button>
                  </>
                )}
              </p>
              <OptionsForm
                key={editingOne ? selectedFile.key : 'all'}
                value={options}
                onChange={setOptions}
              />
            </section>
            <div className="upload-submit">
              <button type="button" className="btn btn-primary btn-block" onClick={send}>
                <Upload size={18} aria-hidden /> Upload {picked.length} photo{picked.length === 1 ? '' : 's'}
              </button>
            </div>
          </div>
        )}
        {mine.length > 0 && (
          <section className="upload-progress card" aria-labelledby="progress-heading">
            <div className="upload-progress-head">
              <h2 id="progress-heading">Uploads to this event</h2>
              {failed > 0 && (
                <button type="button" className="btn btn-soft" onClick={() => uploads.retryFailed()}>
                  Retry failed
                </button>
              )}
            </div>
            <p className="muted upload-progress-hint">
              You can leave this screen: uploads carry on, and the tray shows how they are doing.
            </p>
            <ul className="upload-progress-list">
              {mine.map((item) => (
                <UploadRow key={item.id} item={item} />
              ))}
            </ul>
            <Link className="btn btn-ghost" to={`/events/${eventId}`}>
              <ImagePlus size={18} aria-hidden /> Back to the event
            </Link>
          </section>
        )}
      </div>
    </div>
  );
}
