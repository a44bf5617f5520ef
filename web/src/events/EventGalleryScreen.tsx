import { EmptyState } from '../app/ui/EmptyState';

/** Placeholder: Event gallery is built in a later step. */
export default function Screen() {
  return <EmptyState title="Event gallery">Coming soon.</EmptyState>;
}
