import { EmptyState } from '../app/ui/EmptyState';

/** Placeholder: Sign in is built in a later step. */
export default function Screen() {
  return <EmptyState title="Sign in">Coming soon.</EmptyState>;
}
