import { CalendarDays, CalendarX2, LinkIcon, MapPin, Users } from 'lucide-react';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../app/hooks';
import { Avatar } from '../app/ui/Avatar';
import { ApiError } from '../lib/api/errors';
import { showToast } from '../lib/toasts';
import { formatEventDates, formatExpiry } from './dates';
import { useAcceptInvite, useInvitePreview } from './queries';
import { memberRoleLabel, ROLE_CHOICES } from './words';
import './join.css';

/**
 * `/invite/:token`, signed in or out: what the link is for, then "Join" (signed in) or the way to
 * sign in or sign up and come back here (`next`).
 */
export default function JoinScreen() {
  const { token = '' } = useParams();
  const preview = useInvitePreview(token);
  const { status } = useSession();

  return (
    <main className="join-page">
      <Link to="/" className="join-brand">
        Pixel-i
      </Link>
      {preview.isPending ? (
        <JoinSkeleton />
      ) : preview.isError ? (
        <InviteProblem error={preview.error} retry={() => void preview.refetch()} />
      ) : (
        <div className="join-card card">
          <p className="join-kicker">
            <LinkIcon size={16} aria-hidden /> You are invited to
          </p>
          <h1 className="join-title">{preview.data.event.title}</h1>
          {preview.data.event.description && (
            <p className="join-description">{preview.data.event.description}</p>
          )}
          <ul className="join-facts">
            {preview.data.event.starts_at && (
              <li>
                <CalendarDays size={18} aria-hidden /> {formatEventDates(preview.data.event.starts_at, null)}
              </li>
            )}
            {preview.data.event.location && (
              <li>
                <MapPin size={18} aria-hidden /> {preview.data.event.location}
              </li>
            )}
            <li>
              <Users size={18} aria-hidden /> You join as a {memberRoleLabel(preview.data.role).toLowerCase()}
              : {ROLE_CHOICES.find((c) => c.value === preview.data.role)?.explanation.toLowerCase()}
            </li>
          </ul>
          {preview.data.event.coordinator && (
            <div className="join-host">
              <Avatar user={preview.data.event.coordinator} size={36} />
              <span>
                Organised by{' '}
                <strong>
                  {preview.data.event.coordinator.name || preview.data.event.coordinator.username}
                </strong>
              </span>
            </div>
          )}
          <div className="join-actions">
            {status === 'starting' ? (
              <div className="skeleton join-button-skeleton" aria-hidden />
            ) : status === 'signed-in' ? (
              <JoinButton token={token} title={preview.data.event.title} />
            ) : (
              <SignedOutActions token={token} />
            )}
          </div>
          <p className="join-expiry muted">This invite ends {formatExpiry(preview.data.expires_at)}.</p>
        </div>
      )}
    </main>
  );
}

function JoinButton(props: { token: string; title: string }) {
  const accept = useAcceptInvite(props.token);
  const navigate = useNavigate();
  return (
    <button
      type="button"
      className="btn btn-primary btn-block join-button"
      disabled={accept.isPending}
      onClick={() =>
        accept.mutate(undefined, {
          onSuccess: (event) => {
            showToast(`Welcome to “${event.title}”.`, { tone: 'success' });
            navigate(`/events/${event.id}`, { replace: true });
          },
          onError: (error) => showToast(error.message, { tone: 'error' }),
        })
      }
    >
      {accept.isPending ? 'Joining…' : `Join ${props.title}`}
    </button>
  );
}

function SignedOutActions(props: { token: string }) {
  const next = encodeURIComponent(`/invite/${props.token}`);
  return (
    <>
      <Link to={`/signin?next=${next}`} className="btn btn-primary btn-block join-button">
        Sign in to join
      </Link>
      <Link to={`/signup?next=${next}`} className="btn btn-ghost btn-block join-button">
        Create an account
      </Link>
    </>
  );
}

/** 410: the link worked once and stopped; 404: it never named an invite (or the server will not say which). */
function InviteProblem(props: { error: Error; retry: () => void }) {
  const status = props.error instanceof ApiError ? props.error.status : null;
  const ended = status === 410;
  const unknown = status === 404;
  return (
    <div className="join-card card join-problem">
      <div className="join-problem-icon">
        <CalendarX2 size={36} aria-hidden />
      </div>
      <h1 className="join-title">
        {ended
          ? 'This invite has ended'
          : unknown
            ? 'This invite does not work'
            : 'Could not open this invite'}
      </h1>
      <p className="muted">
        {ended
          ? 'It expired, was used up or was withdrawn. Ask the organiser for a new link.'
          : unknown
            ? 'The link may be mistyped, or it has expired, been used up or withdrawn. Ask the organiser for a new one.'
            : props.error.message}
      </p>
      <div className="join-actions">
        {!ended && !unknown ? (
          <button type="button" className="btn btn-primary btn-block" onClick={props.retry}>
            Try again
          </button>
        ) : (
          <Link to="/" className="btn btn-primary btn-block">
            Go to Pixel-i
          </Link>
        )}
      </div>
    </div>
  );
}

function JoinSkeleton() {
  return (
    <div className="join-card card" role="status" aria-busy="true">
      <span className="visually-hidden">Loading the invite</span>
      <div className="skeleton join-skeleton-line short" />
      <div className="skeleton join-skeleton-title" />
      <div className="skeleton join-skeleton-line" />
      <div className="skeleton join-skeleton-line" />
      <div className="skeleton join-button-skeleton" />
    </div>
  );
}
