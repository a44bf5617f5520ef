import type { EventMember, MemberRole } from '@pixeli/contract';
import { Users } from 'lucide-react';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMe } from '../app/hooks';
import { Avatar } from '../app/ui/Avatar';
import { EmptyState } from '../app/ui/EmptyState';
import { ErrorState } from '../app/ui/ErrorState';
import { TopBar } from '../app/ui/TopBar';
import { showToast } from '../lib/toasts';
import { AddMemberPanel } from './AddMemberPanel';
import { ConfirmDialog } from './ConfirmDialog';
import { InvitePanel } from './InvitePanel';
import { MemberRow } from './MemberRow';
import { useChangeMember, useEvent, useMembers, useRemoveMember } from './queries';
import './members.css';

/**
 * `/events/:id/members`: who is in the event. Its organiser (or an admin: `can_manage`) adds
 * people, changes roles, removes them and makes invite links; anyone may leave.
 */
export default function MembersScreen() {
  const { id = '' } = useParams();
  const event = useEvent(id);
  const members = useMembers(id);
  const me = useMe();
  const change = useChangeMember(id);
  const remove = useRemoveMember(id);
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState<EventMember | null>(null);

  const canManage = event.data?.can_manage ?? false;
  const list = members.data ?? [];
  const taken = new Set([...list.map((m) => m.user.id), event.data?.coordinator?.id ?? '']);
  const isMe = (m: EventMember) => m.user.id === me.data?.id;

  const setRole = (member: EventMember, role: MemberRole) =>
    change.mutate(
      { userId: member.user.id, role },
      {
        onSuccess: () => showToast(`${member.user.name || member.user.username} is now a ${role}.`),
        onError: (error) => showToast(error.message, { tone: 'error' }),
      },
    );
  const confirmRemove = () => {
    if (!leaving) return;
    const self = isMe(leaving);
    remove.mutate(
      { userId: leaving.user.id, self },
      {
        onSuccess: () => {
          setLeaving(null);
          if (self) {
            showToast(`You left “${event.data?.title ?? 'the event'}”.`);
            navigate('/events', { replace: true });
          } else showToast(`${leaving.user.name || leaving.user.username} was removed.`);
        },
        onError: (error) => showToast(error.message, { tone: 'error' }),
      },
    );
  };

  const failed = event.error ?? members.error;
  return (
    <div>
      <TopBar title={event.data ? `Members · ${event.data.title}` : 'Members'} back={`/events/${id}`} />
      <div className="members-page">
        {failed ? (
          <ErrorState
            error={failed}
            retry={() => {
              void event.refetch();
              void members.refetch();
            }}
            title="Could not load the members"
          />
        ) : (
          <>
            <section className="members-list-section" aria-labelledby="members-title">
              <h2 id="members-title" className="members-heading">
                People
                {members.data && (
                  <span className="members-count">{list.length + (event.data?.coordinator ? 1 : 0)}</span>
                )}
              </h2>
              {event.data?.coordinator && (
                <div className="member-row member-row-organiser">
                  <Avatar user={event.data.coordinator} size={40} />
                  <div className="member-row-who">
                    <span className="member-row-name">
                      {event.data.coordinator.name || event.data.coordinator.username}
                      {event.data.coordinator.id === me.data?.id && (
                        <span className="member-row-you"> (you)</span>
                      )}
                    </span>
                    <span className="member-row-username">@{event.data.coordinator.username}</span>
                  </div>
                  <span className="member-row-badge member-row-badge-organiser">Organiser</span>
                </div>
              )}
              {members.isPending ? (
                <ul className="members-list" aria-busy="true" aria-label="Loading members">
                  {[0, 1, 2].map((n) => (
                    <li key={n} className="member-row" aria-hidden>
                      <span className="skeleton member-skeleton-avatar" />
                      <span className="skeleton member-skeleton-line" />
                    </li>
                  ))}
                </ul>
              ) : list.length === 0 ? (
                <EmptyState icon={<Users size={28} aria-hidden />} title="Nobody else yet">
                  {canManage
                    ? 'Add people by name, or share an invite link or its QR code.'
                    : 'Members will show here.'}
                </EmptyState>
              ) : (
                <ul className="members-list">
                  {list.map((member) => (
                    <MemberRow
                      key={member.user.id}
                      member={member}
                      isMe={isMe(member)}
                      canManage={canManage}
                      busy={change.isPending || remove.isPending}
                      onRole={(role) => setRole(member, role)}
                      onRemove={() => setLeaving(member)}
                    />
                  ))}
                </ul>
              )}
              <p className="members-roles-note muted">
                Viewers see the event’s photos; contributors also add their own.
              </p>
            </section>
            {canManage && (
              <div className="members-tools">
                <AddMemberPanel eventId={id} taken={taken} />
                <InvitePanel eventId={id} />
              </div>
            )}
          </>
        )}
      </div>
      <ConfirmDialog
        open={leaving !== null}
        title={
          leaving && isMe(leaving)
            ? 'Leave this event?'
            : `Remove ${leaving?.user.name || leaving?.user.username}?`
        }
        confirmLabel={leaving && isMe(leaving) ? 'Leave' : 'Remove'}
        busy={remove.isPending}
        onConfirm={confirmRemove}
        onClose={() => setLeaving(null)}
      >
        <p>
          {leaving && isMe(leaving)
            ? 'You will lose access unless the event is open to you anyway. Photos you added stay.'
            : 'They lose what membership gave them. Photos they added stay in the event.'}
        </p>
      </ConfirmDialog>
    </div>
  );
}
