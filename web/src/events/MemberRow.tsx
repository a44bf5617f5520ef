import type { EventMember, MemberRole } from '@pixeli/contract';
import { LogOut, UserMinus } from 'lucide-react';
import { Avatar } from '../app/ui/Avatar';
import { ROLE_CHOICES } from './words';

/**
 * One person in the event: who they are and their role. A manager changes the role in place and
 * may remove them; anyone sees "Leave" on their own row (the server lets a member always leave).
 */
export function MemberRow(props: {
  member: EventMember;
  isMe: boolean;
  canManage: boolean;
  busy: boolean;
  onRole: (role: MemberRole) => void;
  onRemove: () => void;
}) {
  const { user, role } = props.member;
  const name = user.name || user.username;
  const roleLabel = ROLE_CHOICES.find((c) => c.value === role)?.label ?? role;
  return (
    <li className="member-row">
      <Avatar user={user} size={40} />
      <div className="member-row-who">
        <span className="member-row-name">
          {name}
          {props.isMe && <span className="member-row-you"> (you)</span>}
        </span>
        <span className="member-row-username">@{user.username}</span>
      </div>
      {props.canManage ? (
        <select
          className="member-row-role"
          aria-label={`Role of ${name}`}
          value={role}
          disabled={props.busy}
          onChange={(e) => props.onRole(e.target.value as MemberRole)}
        >
          {ROLE_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      ) : (
        <span className="member-row-badge">{roleLabel}</span>
      )}
      {(props.canManage || props.isMe) && (
        <button
          type="button"
          className="icon-btn member-row-remove"
          aria-label={props.isMe ? 'Leave this event' : `Remove ${name}`}
          title={props.isMe ? 'Leave' : 'Remove'}
          disabled={props.busy}
          onClick={props.onRemove}
        >
          {props.isMe ? <LogOut size={20} aria-hidden /> : <UserMinus size={20} aria-hidden />}
        </button>
      )}
    </li>
  );
}
