import { RefreshCw } from 'lucide-react';
import { PULL_THRESHOLD } from './usePullToRefresh';
import './pull-indicator.css';

/** The round arrow that follows a pull down and spins while the refresh runs. */
export function PullIndicator(props: { pull: number; refreshing: boolean }) {
  if (props.pull <= 0 && !props.refreshing) return null;
  const progress = Math.min(1, props.pull / PULL_THRESHOLD);
  return (
    <div
      className="pull-indicator"
      data-refreshing={props.refreshing || undefined}
      data-armed={progress >= 1 || undefined}
      style={{ transform: `translate(-50%, ${props.pull}px)`, opacity: 0.3 + progress * 0.7 }}
      role="status"
      aria-label={props.refreshing ? 'Refreshing' : 'Pull to refresh'}
    >
      <RefreshCw size={20} aria-hidden style={{ transform: `rotate(${progress * 270}deg)` }} />
    </div>
  );
}
