import { RefreshCw } from 'lucide-react';
import { EmptyState } from './EmptyState';

/** A failed load in the server's words, with a retry. */
export function ErrorState(props: { error: unknown; retry: () => void; title?: string }) {
  const message = props.error instanceof Error ? props.error.message : 'Something went wrong.';
  return (
    <EmptyState
      title={props.title ?? 'Could not load this'}
      action={
        <button type="button" className="btn btn-soft" onClick={props.retry}>
          <RefreshCw size={18} aria-hidden /> Try again
        </button>
      }
    >
      {message}
    </EmptyState>
  );
}
