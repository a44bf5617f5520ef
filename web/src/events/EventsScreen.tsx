import { EmptyState } from '../app/ui/EmptyState';

/** Placeholder: Events is built in a later step. */
export default function Screen() {
  return <EmptyState title="Events">Coming soon.</EmptyState>;
}
