import type { EventRead, Me } from '@pixeli/contract';
import { CalendarPlus, Plus, UserRound } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMe } from '../app/hooks';
import { EmptyState } from '../app/ui/EmptyState';
import { ErrorState } from '../app/ui/ErrorState';
import { TopBar } from '../app/ui/TopBar';
import { EventCard, EventCardSkeleton } from './EventCard';
import { useEventList } from './queries';
import './events-screen.css';

/** Mine: the events I run (as the original's "my events" toggle), or where I hold a role. */
export function isMyEvent(event: EventRead, me: Pick<Me, 'id'> | undefined): boolean {
  if (event.coordinator && me && event.coordinator.id === me.id) return true;
  return event.my_role === 'coordinator';
}

/** `/events`: every event the viewer can see as a grid of cards, with a "My events" filter. */
export default function EventsScreen() {
  const list = useEventList();
  const me = useMe();
  const [mineOnly, setMineOnly] = useState(false);
  const all = list.data?.pages.flatMap((page) => page.items) ?? [];
  const shown = mineOnly ? all.filter((e) => isMyEvent(e, me.data)) : all;

  return (
    <div className="events-screen">
      <TopBar
        title="Events"
        actions={
          <Link to="/events/new" className="btn btn-primary events-new-button">
            <Plus size={18} aria-hidden /> New event
          </Link>
        }
      />
      <div className="events-content">
        <div className="events-filters">
          <button
            type="button"
            className="filter-chip"
            aria-pressed={mineOnly}
            onClick={() => setMineOnly((on) => !on)}
          >
            <UserRound size={16} aria-hidden /> My events
          </button>
        </div>
        {list.isPending ? (
          <div className="events-grid" role="status" aria-busy="true">
            <span className="visually-hidden">Loading events</span>
            {[0, 1, 2, 3, 4, 5].map((n) => (
              <EventCardSkeleton key={n} tall={n % 3 === 1} />
            ))}
          </div>
        ) : list.isError ? (
          <ErrorState
            error={list.error}
            retry={() => void list.refetch()}
            title="Could not load the events"
          />
        ) : shown.length === 0 ? (
          <EmptyState
            icon={<CalendarPlus size={32} aria-hidden />}
            title={mineOnly ? 'You run no events yet' : 'No events yet'}
            action={
              <Link to="/events/new" className="btn btn-primary">
                <Plus size={18} aria-hidden /> Create an event
              </Link>
            }
          >
            {mineOnly
              ? 'Events you create show up here. Invite people to them with a link or a QR code.'
              : 'Create one for your next meetup, trip or party, and invite everyone to add their photos.'}
          </EmptyState>
        ) : (
          <>
            <div className="events-grid">
              {shown.map((event) => (
                <EventCard key={event.id} event={event} />
              ))}
            </div>
            {list.hasNextPage && (
              <div className="events-more">
                <button
                  type="button"
                  className="btn btn-ghost"
                  disabled={list.isFetchingNextPage}
                  onClick={() => void list.fetchNextPage()}
                >
                  {list.isFetchingNextPage ? 'Loading…' : 'Show more events'}
                </button>
              </div>
            )}
          </>
        )}
      </div>
      <Link to="/events/new" className="events-fab" aria-label="New event">
        <Plus size={26} aria-hidden />
      </Link>
    </div>
  );
}
