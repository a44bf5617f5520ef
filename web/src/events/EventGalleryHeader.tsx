import type { EventRead } from '@pixeli/contract';
import { CalendarDays, ImagePlus, MapPin, Pencil, Users } from 'lucide-react';
import { Link } from 'react-router';
import { Avatar } from '../app/ui/Avatar';

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** "3–5 Nov 2026", one day, or when it was created when it has no dates. */
export function eventDates(event: Pick<EventRead, 'starts_at' | 'ends_at' | 'created_at'>): string {
  const start = event.starts_at ? new Date(event.starts_at) : null;
  const end = event.ends_at ? new Date(event.ends_at) : null;
  if (start && end) return dayFormat.formatRange(start, end);
  if (start ?? end) return dayFormat.format((start ?? end) as Date);
  return `Created ${dayFormat.format(new Date(event.created_at))}`;
}

/** The viewer's relation to the event, in words. */
export function roleInWords(event: Pick<EventRead, 'my_role' | 'can_write' | 'can_manage'>): string {
  switch (event.my_role) {
    case 'admin':
      return 'You manage this event as an admin';
    case 'coordinator':
      return 'You coordinate this event';
    case 'contributor':
      return 'You can add photos';
    case 'viewer':
      return event.can_write ? 'Member · you can add photos' : 'Member · you can view';
    default:
      return event.can_write ? 'Open event · you can add photos' : 'You can view';
  }
}

/** The top of an event's page: the cover blurred behind a dark gradient, the facts and the actions. */
export function EventGalleryHeader(props: { event: EventRead }) {
  const { event } = props;
  const count = `${event.images_count} ${event.images_count === 1 ? 'photo' : 'photos'}`;
  return (
    <section className="event-hero" aria-labelledby="event-hero-title">
      {event.cover_photo && (
        <img
          className="event-hero-cover"
          src={event.cover_photo.thumbnail_url}
          alt=""
          aria-hidden
          decoding="async"
        />
      )}
      <div className="event-hero-body">
        <h2 id="event-hero-title" className="event-hero-title">
          {event.title}
        </h2>
        <p className="event-hero-facts">
          <span>{count}</span>
          <span>
            <CalendarDays size={14} aria-hidden /> {eventDates(event)}
          </span>
          {event.location && (
            <span>
              <MapPin size={14} aria-hidden /> {event.location}
            </span>
          )}
        </p>
        <div className="event-hero-people">
          {event.coordinator && (
            <span className="event-hero-coordinator">
              <Avatar user={event.coordinator} size={28} />
              <span>
                by <strong>{event.coordinator.name || event.coordinator.username}</strong>
              </span>
            </span>
          )}
          <span className="event-hero-role">{roleInWords(event)}</span>
        </div>
        <div className="event-hero-actions">
          {event.can_write && (
            <Link className="btn btn-primary" to={`/events/${event.id}/upload`}>
              <ImagePlus size={18} aria-hidden /> Upload
            </Link>
          )}
          <Link className="btn event-hero-btn" to={`/events/${event.id}/members`}>
            <Users size={18} aria-hidden /> Members
          </Link>
          {event.can_manage && (
            <Link className="btn event-hero-btn" to={`/events/${event.id}/edit`}>
              <Pencil size={18} aria-hidden /> Edit
            </Link>
          )}
        </div>
      </div>
    </section>
  );
}
