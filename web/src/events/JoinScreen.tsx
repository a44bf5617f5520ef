import { EmptyState } from '../app/ui/EmptyState';

/** Placeholder: Join an event is built in a later step. */
export default function Screen() {
  return <EmptyState title="Join an event">Coming soon.</EmptyState>;
}
