import { EmptyState } from '../app/ui/EmptyState';

/** Placeholder: Event is built in a later step. */
export default function Screen() {
  return <EmptyState title="Event">Coming soon.</EmptyState>;
}
