import { Lock } from 'lucide-react';
import { useNavigate, useParams } from 'react-router';
import { EmptyState } from '../app/ui/EmptyState';
import { ErrorState } from '../app/ui/ErrorState';
import { TopBar } from '../app/ui/TopBar';
import { showToast } from '../lib/toasts';
import { DangerZone } from './DangerZone';
import { EventForm } from './EventForm';
import { NEW_EVENT, valuesOf } from './eventForm';
import { useCreateEvent, useEvent, useUpdateEvent } from './queries';

/** `/events/new` and `/events/:id/edit`: one form for both. */
export default function EventFormScreen() {
  const { id } = useParams();
  return id ? <EditEvent id={id} /> : <NewEvent />;
}

function NewEvent() {
  const create = useCreateEvent();
  const navigate = useNavigate();
  return (
    <div>
      <TopBar title="New event" back="/events" />
      <div className="event-form-page">
        <EventForm
          initial={NEW_EVENT}
          submitLabel="Create event"
          save={async (body) => {
            const event = await create.mutateAsync(body);
            showToast(`“${event.title}” is ready. Invite people from its members page.`, { tone: 'success' });
            navigate(`/events/${event.id}`, { replace: true });
          }}
        />
      </div>
    </div>
  );
}

function EditEvent(props: { id: string }) {
  const event = useEvent(props.id);
  const update = useUpdateEvent(props.id);
  const navigate = useNavigate();
  const back = `/events/${props.id}`;
  return (
    <div>
      <TopBar title="Edit event" back={back} />
      <div className="event-form-page">
        {event.isPending ? (
          <div className="event-form-skeleton" role="status" aria-busy="true">
            <span className="visually-hidden">Loading the event</span>
            <div className="skeleton" />
            <div className="skeleton" />
            <div className="skeleton" />
          </div>
        ) : event.isError ? (
          <ErrorState
            error={event.error}
            retry={() => void event.refetch()}
            title="Could not load the event"
          />
        ) : !event.data.can_manage ? (
          <EmptyState icon={<Lock size={32} aria-hidden />} title="Only its organiser can edit this event">
            Ask {event.data.coordinator?.name || 'the organiser'} or a site admin to change it.
          </EmptyState>
        ) : (
          <>
            <EventForm
              key={event.data.id}
              initial={valuesOf(event.data)}
              existing
              submitLabel="Save changes"
              save={async (body) => {
                await update.mutateAsync(body);
                showToast('Changes saved.', { tone: 'success' });
                navigate(back, { replace: true });
              }}
            />
            <DangerZone event={event.data} />
          </>
        )}
      </div>
    </div>
  );
}
