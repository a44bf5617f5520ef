import { EmptyState } from '../app/ui/EmptyState';

/** Placeholder: Sign up is built in a later step. */
export default function Screen() {
  return <EmptyState title="Sign up">Coming soon.</EmptyState>;
}
