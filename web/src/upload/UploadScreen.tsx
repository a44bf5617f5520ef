import { EmptyState } from '../app/ui/EmptyState';

/** Placeholder: Upload is built in a later step. */
export default function Screen() {
  return <EmptyState title="Upload">Coming soon.</EmptyState>;
}
