import { EmptyState } from '../app/ui/EmptyState';

/** Placeholder: Your profile is built in a later step. */
export default function Screen() {
  return <EmptyState title="Your profile">Coming soon.</EmptyState>;
}
