import { EmptyState } from '../app/ui/EmptyState';

/** Placeholder: Photo is built in a later step. */
export default function Screen() {
  return <EmptyState title="Photo">Coming soon.</EmptyState>;
}
