import { Link } from 'react-router';
import { EmptyState } from './ui/EmptyState';

export default function NotFoundScreen() {
  return (
    <EmptyState
      title="Nothing here"
      action={
        <Link className="btn btn-primary" to="/">
          Back to photos
        </Link>
      }
    >
      This address does not lead anywhere in Pixel-i.
    </EmptyState>
  );
}
