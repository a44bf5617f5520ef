import type { EventRead } from '@pixeli/contract';
import { CalendarDays, Images, MapPin } from 'lucide-react';
import { Link } from 'react-router';
import { Avatar } from '../app/ui/Avatar';
import { formatEventDates } from './dates';
import { EventCover } from './EventCover';
import { PermissionBadge } from './PermissionBadge';
import { myRoleLabel } from './words';
import './event-card.css';

const count = new Intl.NumberFormat();

/** One event in the list: cover, who can see it, title, when, where, how many photos, who runs it. */
export function EventCard(props: { event: EventRead }) {
  const { event } = props;
  const dates = formatEventDates(event.starts_at, event.ends_at);
  const role = myRoleLabel(event.my_role);
  return (
    <article className="event-card card">
      <Link to={`/events/${event.id}`} className="event-card-link">
        <div className="event-card-cover">
          <EventCover event={event} />
          <PermissionBadge perm={event.read_perm} floating />
        </div>
        <div className="event-card-body">
          <h2 className="event-card-title">{event.title}</h2>
          {dates && (
            <p className="event-card-line">
              <CalendarDays size={14} aria-hidden />
              <span>{dates}</span>
            </p>
          )}
          {event.location && (
            <p className="event-card-line">
              <MapPin size={14} aria-hidden />
              <span>{event.location}</span>
            </p>
          )}
          <div className="event-card-footer">
            {event.coordinator && (
              <span
                className="event-card-coordinator"
                title={`Organised by ${event.coordinator.name || event.coordinator.username}`}
              >
                <Avatar user={event.coordinator} size={24} />
                <span className="visually-hidden">
                  Organised by {event.coordinator.name || event.coordinator.username}
                </span>
              </span>
            )}
            <span className="event-card-count">
              <Images size={14} aria-hidden />
              {count.format(event.images_count)}
              <span className="visually-hidden">{event.images_count === 1 ? ' photo' : ' photos'}</span>
            </span>
            {role && <span className="event-card-role">{role}</span>}
          </div>
        </div>
      </Link>
    </article>
  );
}

/** The card's shape while the list loads, so nothing jumps when it arrives. */
export function EventCardSkeleton(props: { tall?: boolean }) {
  return (
    <div className="event-card card" aria-hidden>
      <div
        className="skeleton event-card-skeleton-cover"
        style={{ aspectRatio: props.tall ? '4 / 5' : '4 / 3' }}
      />
      <div className="event-card-body">
        <div className="skeleton event-card-skeleton-line" />
        <div className="skeleton event-card-skeleton-line short" />
      </div>
    </div>
  );
}
