import { Link } from 'react-router';
import { EmptyState } from '../ui/EmptyState';

export function NotFound() {
  return (
    <EmptyState
      title="Nothing here"
      action={
        <Link className="btn primary" to="/">
          Go home
        </Link>
      }
    >
      This address does not lead to a screen of Tapedeck.
    </EmptyState>
  );
}
