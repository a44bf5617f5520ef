import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useMemo, useRef } from 'react';
import { ErrorState } from '../../app/ui/ErrorState';
import { flattenPages, type PhotoSource, sourceParam, usePhotoList } from '../queries';
import { GridSkeleton } from './GridSkeleton';
import { computeLayout } from './layout';
import { useLayoutMode } from './layoutPreference';
import { groupByMonth, localTimeZone } from './monthGroups';
import { PhotoTile } from './PhotoTile';
import { useElementGeometry } from './useElementGeometry';
import { useLivePhotoStatus } from './useLivePhotoStatus';
import './photo-grid.css';

/** Rows from the end at which the next page is asked for, so scrolling rarely meets the edge. */
const PREFETCH_ROWS = 12;
const GAP = 2;
const HEADER_HEIGHT = 52;
const MONTH_GAP = 12;

/**
 * A photo list as a timeline: photos under sticky month headers, in square tiles or a masonry
 * (the remembered choice), windowed against the page's own scroll so only the rows near the
 * screen exist (a few dozen images at most, however long the list), loading the next page
 * before the end comes into view. Loading, failure and emptiness are drawn here too, so every
 * screen that shows photos behaves the same.
 */
export function PhotoGrid(props: {
  source: PhotoSource;
  /** Put each photographer's name on their tiles (galleries, where many people upload). */
  showPhotographer?: boolean;
  /** Shown when the list is empty. */
  empty: ReactNode;
  /** Where the month headers stick, below the screen's own sticky bar (CSS length). */
  stickyTop?: string;
}) {
  const list = usePhotoList(props.source);
  const mode = useLayoutMode();
  useLivePhotoStatus();
  const container = useRef<HTMLDivElement>(null);
  const { width, top } = useElementGeometry(container);

  const photos = useMemo(() => flattenPages(list.data), [list.data]);
  const groups = useMemo(() => groupByMonth(photos, localTimeZone()), [photos]);
  const layout = useMemo(
    () => computeLayout(groups, { width, mode, gap: GAP, headerHeight: HEADER_HEIGHT, monthGap: MONTH_GAP }),
    [groups, width, mode],
  );

  const virtualizer = useWindowVirtualizer({
    count: layout.rows.length,
    estimateSize: (index) => layout.rows[index]?.height ?? 0,
    getItemKey: (index) => layout.rows[index]?.key ?? index,
    overscan: 1,
    scrollMargin: top,
  });
  // The heights are computed, not measured: a new layout replaces them all.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `layout` is the trigger, read through estimateSize
  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, layout]);

  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= layout.rows.length - PREFETCH_ROWS) {
      void fetchNextPage();
    }
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastIndex, layout.rows.length]);

  const inParam = encodeURIComponent(sourceParam(props.source));
  const style = { '--grid-sticky-top': props.stickyTop ?? '0px' } as React.CSSProperties;

  // The host is always there, so its width is known by the time the first page arrives.
  let content: ReactNode;
  if (list.isPending) content = <GridSkeleton />;
  else if (list.isError && photos.length === 0) {
    content = (
      <ErrorState error={list.error} retry={() => void list.refetch()} title="Could not load the photos" />
    );
  } else if (photos.length === 0) content = props.empty;
  if (content) {
    return (
      <div ref={container} className="photo-grid-host">
        {content}
      </div>
    );
  }

  // The visible rows, by month: each month is one block holding its sticky header and its rows.
  const byMonth = new Map<number, typeof items>();
  for (const item of items) {
    const row = layout.rows[item.index];
    if (!row) continue;
    byMonth.set(row.month, [...(byMonth.get(row.month) ?? []), item]);
  }

  return (
    <div ref={container} className="photo-grid-host">
      <div className="photo-grid" style={{ ...style, height: layout.totalHeight }} data-layout={mode}>
        {[...byMonth].map(([monthIndex, monthItems]) => {
          const month = layout.months[monthIndex];
          if (!month) return null;
          return (
            <section
              key={month.key}
              className="photo-grid-month"
              style={{ top: month.top, height: month.height }}
              aria-label={month.label}
            >
              <h2 className="photo-grid-month-title" style={{ height: HEADER_HEIGHT }}>
                {month.label}
              </h2>
              {monthItems.map((item) => {
                const row = layout.rows[item.index];
                if (!row || row.tiles.length === 0) return null;
                return (
                  <div key={row.key} className="photo-grid-row" style={{ top: row.top, height: row.height }}>
                    {row.tiles.map((tile) => (
                      <PhotoTile
                        key={tile.item.id}
                        photo={tile.item}
                        href={`/photos/${tile.item.id}?in=${inParam}`}
                        x={tile.x}
                        y={tile.y}
                        width={tile.width}
                        height={tile.height}
                        showPhotographer={props.showPhotographer ?? false}
                      />
                    ))}
                  </div>
                );
              })}
            </section>
          );
        })}
      </div>
      {isFetchingNextPage && (
        <p className="visually-hidden" role="status">
          Loading more photos
        </p>
      )}
    </div>
  );
}
