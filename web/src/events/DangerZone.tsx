import type { EventRead } from '@pixeli/contract';
import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { showToast } from '../lib/toasts';
import { ConfirmDialog } from './ConfirmDialog';
import { useDeleteEvent } from './queries';

/**
 * Deleting an event. The server refuses to drop an event that still has photos unless asked to
 * take them along (`cascade`), so the question says how many photos go with it.
 */
export function DangerZone(props: { event: EventRead }) {
  const { event } = props;
  const [asking, setAsking] = useState(false);
  const remove = useDeleteEvent(event.id);
  const navigate = useNavigate();
  const photos = event.images_count;
  const confirm = () =>
    remove.mutate(photos > 0, {
      onSuccess: () => {
        showToast(`“${event.title}” was deleted.`);
        navigate('/events', { replace: true });
      },
      onError: (error) => showToast(error.message, { tone: 'error' }),
    });
  return (
    <section className="danger-zone" aria-labelledby="danger-zone-title">
      <h2 id="danger-zone-title">Delete this event</h2>
      <p className="muted">
        {photos > 0
          ? `Its ${photos} photo${photos === 1 ? '' : 's'}, their likes, comments and files are deleted with it.`
          : 'It has no photos; only the event and its members list go.'}{' '}
        This cannot be undone.
      </p>
      <button type="button" className="btn btn-danger" onClick={() => setAsking(true)}>
        <Trash2 size={18} aria-hidden /> Delete event
      </button>
      <ConfirmDialog
        open={asking}
        title={`Delete “${event.title}”?`}
        confirmLabel={
          photos > 0 ? `Delete event and ${photos} photo${photos === 1 ? '' : 's'}` : 'Delete event'
        }
        busy={remove.isPending}
        onConfirm={confirm}
        onClose={() => setAsking(false)}
      >
        <p>
          {photos > 0
            ? `The event still holds ${photos} photo${photos === 1 ? '' : 's'}. Deleting it deletes them too, for everyone, files included.`
            : 'The event and its members list will be deleted.'}
        </p>
        <p>This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
