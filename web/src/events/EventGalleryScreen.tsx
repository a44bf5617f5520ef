import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ImagePlus, Images } from 'lucide-react';
import { lazy, Suspense, useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMe } from '../app/hooks';
import { api, live } from '../app/services';
import { EmptyState } from '../app/ui/EmptyState';
import { ErrorState } from '../app/ui/ErrorState';
import { TopBar } from '../app/ui/TopBar';
import { endpoints } from '../lib/api/endpoints';
import { findMeOpen, personFilterOf, withFindMe, withPersonFilter } from '../people/galleryParams';
import { PeopleStrip } from '../people/PeopleStrip';
import { usePeople } from '../people/queries';
import { LayoutToggle } from '../photos/grid/LayoutToggle';
import { PhotoGrid } from '../photos/grid/PhotoGrid';
import { insertPhoto, toListPhoto } from '../photos/liveCache';
import { type PhotoPages, type PhotoSource, photoKeys } from '../photos/queries';
import { EventGalleryHeader } from './EventGalleryHeader';
import './event-gallery.css';
import '../people/people-strip.css';

const FindMeSheet = lazy(() => import('../people/FindMeSheet'));

/** The cache key of one event (`GET /api/events/:id/`). */
export const eventKey = (id: string) => ['events', 'one', id] as const;

/**
 * An event's page: its header (blurred cover, title, dates, who runs it and what the viewer may
 * do there) and its photos, which appear live as people upload them.
 */
export default function EventGalleryScreen() {
  const { id = '' } = useParams();
  const event = useQuery({
    queryKey: eventKey(id),
    queryFn: ({ signal }) => api.call(endpoints.events.get, { params: { id }, signal }),
  });
  useLiveGallery(id);
  const [searchParams, setSearchParams] = useSearchParams();
  // A filter left in the URL of an event whose faces are now off is dropped, not sent to be refused.
  const personId = event.data?.faces_enabled === false ? null : personFilterOf(searchParams);
  const source: PhotoSource = personId
    ? { kind: 'event', eventId: id, personId }
    : { kind: 'event', eventId: id };
  const facesOn = event.data?.faces_enabled ?? false;
  const people = usePeople(id, facesOn);
  const me = useMe();
  const findingMe = findMeOpen(searchParams);
  // Replaced, not pushed: the sheet is not a page of its own, but back from a match reopens it.
  const setFindingMe = (open: boolean) => setSearchParams(withFindMe(searchParams, open), { replace: true });
  const linkedHere = !!me.data && !!people.data?.some((p) => p.user?.id === me.data.id);

  if (event.isError) {
    return (
      <>
        <TopBar title="Event" back="/events" />
        <ErrorState
          error={event.error}
          retry={() => void event.refetch()}
          title="Could not load this event"
        />
      </>
    );
  }
  const canWrite = event.data?.can_write ?? false;
  return (
    <div className="event-gallery">
      <TopBar title={event.data?.title ?? ''} back="/events" actions={<LayoutToggle />} />
      {event.data ? (
        <EventGalleryHeader event={event.data} />
      ) : (
        <div className="event-hero skeleton" aria-busy="true" />
      )}
      {facesOn && people.data && people.data.length > 0 && (
        <PeopleStrip
          people={people.data}
          selected={personId}
          // Pushed, not replaced: back returns to the whole gallery.
          onSelect={(pid) => setSearchParams(withPersonFilter(searchParams, pid))}
          onFindMe={() => setFindingMe(true)}
        />
      )}
      {findingMe && (
        <Suspense fallback={null}>
          <FindMeSheet eventId={id} linked={linkedHere} onClose={() => setFindingMe(false)} />
        </Suspense>
      )}
      <PhotoGrid
        key={personId ?? 'everyone'}
        source={source}
        showPhotographer
        stickyTop="calc(var(--topbar-height) + var(--safe-top))"
        empty={
          personId ? (
            <EmptyState title="No photos of this person" icon={<Images size={32} aria-hidden />}>
              None of the photos you can see here show them.
            </EmptyState>
          ) : (
            <EmptyState
              title="No photos here yet"
              icon={<Images size={32} aria-hidden />}
              action={
                canWrite ? (
                  <Link className="btn btn-primary" to={`/events/${id}/upload`}>
                    <ImagePlus size={18} aria-hidden /> Upload the first ones
                  </Link>
                ) : undefined
              }
            >
              {canWrite
                ? 'Photos people add to this event will show up here as they arrive.'
                : 'Photos will show up here as soon as someone adds them.'}
            </EmptyState>
          )
        }
      />
    </div>
  );
}

/**
 * While the gallery is open, the server tells this tab about every photo added to the event: it
 * is fetched and put in its place in the cached list (no refetch, so the scroll position and
 * the loaded pages stay), and the event's count is refreshed.
 */
function useLiveGallery(eventId: string) {
  const client = useQueryClient();
  useEffect(() => {
    if (!eventId) return;
    const unwatch = live.watchEvent(eventId);
    const unsubscribe = live.subscribe((message) => {
      if (message.type !== 'event_photo_added' || message.event_id !== eventId) return;
      api
        .call(endpoints.photos.get, { params: { id: message.photo_id } })
        .then((full) => {
          const photo = toListPhoto(full);
          for (const source of [{ kind: 'event', eventId }, { kind: 'feed' }] as PhotoSource[]) {
            client.setQueryData<PhotoPages>(photoKeys.list(source), (data) =>
              data ? insertPhoto(data, photo) : data,
            );
          }
          void client.invalidateQueries({ queryKey: eventKey(eventId) });
        })
        .catch(() => {
          // Not visible to this viewer (or gone already): nothing to show.
        });
    });
    return () => {
      unsubscribe();
      unwatch();
    };
  }, [client, eventId]);
}
