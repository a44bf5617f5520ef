import { EmptyState } from '../app/ui/EmptyState';

/** Placeholder: Members is built in a later step. */
export default function Screen() {
  return <EmptyState title="Members">Coming soon.</EmptyState>;
}
