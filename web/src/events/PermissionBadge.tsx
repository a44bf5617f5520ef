import type { AccessLevel } from '@pixeli/contract';
import { Globe, Lock, Users } from 'lucide-react';
import { readPermLabel } from './words';
import './permission-badge.css';

const ICONS = { PUB: Globe, IMG: Users, PRV: Lock } as const;

/** Who can see an event, in words, with the original's globe / lock cue. */
export function PermissionBadge(props: { perm: AccessLevel; floating?: boolean }) {
  const Icon = ICONS[props.perm];
  return (
    <span
      className={`permission-badge${props.floating ? ' permission-badge-floating' : ''}`}
      data-perm={props.perm}
    >
      <Icon size={14} aria-hidden />
      {readPermLabel(props.perm)}
    </span>
  );
}
