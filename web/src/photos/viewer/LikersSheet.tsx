import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/services';
import { Avatar } from '../../app/ui/Avatar';
import { endpoints } from '../../lib/api/endpoints';
import { Sheet } from './Sheet';

/** Who liked the photo, newest first as the API lists them (the first hundred). */
export function LikersSheet(props: { photoId: string; count: number; onClose: () => void }) {
  const likers = useQuery({
    queryKey: ['photos', 'likers', props.photoId, props.count],
    queryFn: ({ signal }) =>
      api.call(endpoints.photos.likers, { params: { id: props.photoId }, query: { limit: 100 }, signal }),
  });
  return (
    <Sheet
      title={props.count === 1 ? '1 like' : `${props.count} likes`}
      onClose={props.onClose}
      testId="likers"
    >
      {likers.isPending ? (
        <ul className="viewer-people" aria-busy="true">
          {[0, 1, 2].map((n) => (
            <li key={n} className="viewer-person">
              <span className="viewer-skeleton viewer-skeleton-round" />
              <span className="viewer-skeleton viewer-skeleton-line" />
            </li>
          ))}
        </ul>
      ) : likers.isError ? (
        <p className="viewer-muted">
          {likers.error.message}{' '}
          <button type="button" className="viewer-link-btn" onClick={() => void likers.refetch()}>
            Try again
          </button>
        </p>
      ) : likers.data.length === 0 ? (
        <p className="viewer-muted">No likes yet. Be the first.</p>
      ) : (
        <ul className="viewer-people">
          {likers.data.map(({ user }) => (
            <li key={user.id} className="viewer-person">
              <Avatar user={user} size={40} />
              <span className="viewer-person-names">
                <span>{user.name || user.username}</span>
                <span className="viewer-muted">@{user.username}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Sheet>
  );
}
