import { Heart } from 'lucide-react';
import { useState } from 'react';

/**
 * The spring heart: filled when liked, and on each tap it springs 1.0 → 1.15 → 1.0 (~220 ms, none
 * with reduced motion). The state is the cache's, changed optimistically by the caller.
 */
export function LikeButton(props: { liked: boolean; onToggle: () => void }) {
  const [bounce, setBounce] = useState(0);
  return (
    <button
      type="button"
      className="icon-btn viewer-icon-btn viewer-like"
      aria-label="Like"
      aria-pressed={props.liked}
      aria-keyshortcuts="L"
      data-liked={props.liked || undefined}
      onClick={() => {
        setBounce((n) => n + 1);
        props.onToggle();
      }}
    >
      <Heart key={bounce} className={bounce ? 'viewer-like-spring' : undefined} size={24} aria-hidden />
    </button>
  );
}
