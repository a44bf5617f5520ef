import { useQueryClient } from '@tanstack/react-query';
import { CalendarPlus, Images, RefreshCw, Users } from 'lucide-react';
import { useCallback } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../app/ui/EmptyState';
import { TopBar } from '../app/ui/TopBar';
import { LayoutToggle } from './grid/LayoutToggle';
import { PhotoGrid } from './grid/PhotoGrid';
import { PullIndicator } from './PullIndicator';
import { type PhotoPages, type PhotoSource, photoKeys } from './queries';
import { usePullToRefresh } from './usePullToRefresh';
import './feed.css';

const FEED: PhotoSource = { kind: 'feed' };

/** Home: every photo the person may see, newest first, under month headers. */
export default function FeedScreen() {
  const client = useQueryClient();
  // Back to the first page only (refetching every loaded page of a long feed would be slow),
  // keeping it on screen while the fresh one loads.
  const refresh = useCallback(() => {
    const key = photoKeys.list(FEED);
    client.setQueryData<PhotoPages>(key, (data) =>
      data ? { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) } : data,
    );
    return client.refetchQueries({ queryKey: key });
  }, [client]);
  const { pull, refreshing } = usePullToRefresh(refresh);
  return (
    <div className="feed-screen">
      <TopBar
        title="Photos"
        actions={
          <>
            <button
              type="button"
              className="icon-btn feed-refresh"
              aria-label="Refresh"
              title="Refresh"
              disabled={refreshing}
              onClick={() => void refresh()}
            >
              <RefreshCw size={20} aria-hidden />
            </button>
            <LayoutToggle />
          </>
        }
      />
      <PullIndicator pull={pull} refreshing={refreshing} />
      <PhotoGrid
        source={FEED}
        stickyTop="calc(var(--topbar-height) + var(--safe-top))"
        empty={
          <EmptyState
            title="No photos yet"
            icon={<Images size={32} aria-hidden />}
            action={
              <div className="feed-empty-actions">
                <Link className="btn btn-primary" to="/events/new">
                  <CalendarPlus size={18} aria-hidden /> Create an event
                </Link>
                <Link className="btn btn-soft" to="/events">
                  <Users size={18} aria-hidden /> Join one
                </Link>
              </div>
            }
          >
            Create an event or join one, and its photos will show up here.
          </EmptyState>
        }
      />
    </div>
  );
}
