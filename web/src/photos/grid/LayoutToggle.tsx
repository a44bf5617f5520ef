import { LayoutDashboard, LayoutGrid } from 'lucide-react';
import { setLayoutMode, useLayoutMode } from './layoutPreference';

/** The top bar's switch between square tiles and the masonry of whole photos. */
export function LayoutToggle() {
  const mode = useLayoutMode();
  const next = mode === 'grid' ? 'masonry' : 'grid';
  return (
    <button
      type="button"
      className="icon-btn"
      aria-label={next === 'masonry' ? 'Show whole photos (masonry)' : 'Show square tiles (grid)'}
      title={next === 'masonry' ? 'Masonry' : 'Grid'}
      onClick={() => setLayoutMode(next)}
    >
      {mode === 'grid' ? <LayoutDashboard size={22} aria-hidden /> : <LayoutGrid size={22} aria-hidden />}
    </button>
  );
}
