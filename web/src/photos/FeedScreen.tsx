import { EmptyState } from '../app/ui/EmptyState';

/** Placeholder: Photos is built in a later step. */
export default function Screen() {
  return <EmptyState title="Photos">Coming soon.</EmptyState>;
}
