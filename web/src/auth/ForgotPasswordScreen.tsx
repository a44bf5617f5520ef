import { EmptyState } from '../app/ui/EmptyState';

/** Placeholder: Forgot password is built in a later step. */
export default function Screen() {
  return <EmptyState title="Forgot password">Coming soon.</EmptyState>;
}
