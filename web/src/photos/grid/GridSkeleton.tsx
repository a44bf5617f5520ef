import './photo-grid.css';

/** Grey tiles in the grid's shape while the first page loads (no spinner: the layout is known). */
export function GridSkeleton() {
  return (
    <div className="photo-grid-skeleton" role="status" aria-busy="true" aria-label="Loading photos">
      <div className="skeleton photo-grid-skeleton-title" />
      <div className="photo-grid-skeleton-tiles">
        {Array.from({ length: 24 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed decorative placeholders
          <div key={i} className="skeleton photo-grid-skeleton-tile" />
        ))}
      </div>
    </div>
  );
}
