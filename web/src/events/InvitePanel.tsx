import type { MemberRole } from '@pixeli/contract';
import { Check, Copy, Link2, QrCode, Trash2 } from 'lucide-react';
import { useRef, useState } from 'react';
import { showToast } from '../lib/toasts';
import { ChoiceCards } from './ChoiceCards';
import { copyText } from './copyText';
import { formatExpiry } from './dates';
import { InviteQr } from './InviteQr';
import { inviteBody } from './inviteForm';
import { useCreateInvite, useInvites, useRevokeInvite } from './queries';
import { memberRoleLabel, ROLE_CHOICES } from './words';

type Created = { url: string; role: MemberRole };

/** Invite links: make one (role, how long, how many people), show it once with a QR code, revoke. */
export function InvitePanel(props: { eventId: string }) {
  const [role, setRole] = useState<MemberRole>('viewer');
  const [days, setDays] = useState('7');
  const [maxUses, setMaxUses] = useState('');
  const [created, setCreated] = useState<Created | null>(null);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const create = useCreateInvite(props.eventId);

  const submit = () => {
    const body = inviteBody(role, days, maxUses);
    if ('errors' in body) {
      setErrors(body.errors);
      return;
    }
    setErrors({});
    create.mutate(body.body, {
      onSuccess: (invite) => setCreated({ url: invite.url, role: invite.role }),
      onError: (error) => showToast(error.message, { tone: 'error' }),
    });
  };

  return (
    <section className="members-panel card" aria-labelledby="invite-title">
      <h2 id="invite-title">
        <Link2 size={20} aria-hidden /> Invite with a link
      </h2>
      {created ? (
        <NewInvite invite={created} onDone={() => setCreated(null)} />
      ) : (
        <>
          <p className="muted members-panel-lead">
            Anyone with the link can join after signing in, until it expires or is used up.
          </p>
          <ChoiceCards
            name="invite-role"
            legend="People who join may"
            choices={ROLE_CHOICES}
            value={role}
            onChange={setRole}
          />
          <div className="invite-numbers">
            <div className="field">
              <label htmlFor="invite-days">Expires after (days)</label>
              <input
                id="invite-days"
                className="input"
                type="number"
                inputMode="numeric"
                min={1}
                max={90}
                value={days}
                aria-invalid={errors.days ? true : undefined}
                aria-describedby={errors.days ? 'invite-days-error' : undefined}
                onChange={(e) => setDays(e.target.value)}
              />
              {errors.days && (
                <span className="error" id="invite-days-error">
                  {errors.days}
                </span>
              )}
            </div>
            <div className="field">
              <label htmlFor="invite-uses">Most people (optional)</label>
              <input
                id="invite-uses"
                className="input"
                type="number"
                inputMode="numeric"
                min={1}
                placeholder="No limit"
                value={maxUses}
                aria-invalid={errors.uses ? true : undefined}
                aria-describedby={errors.uses ? 'invite-uses-error' : undefined}
                onChange={(e) => setMaxUses(e.target.value)}
              />
              {errors.uses && (
                <span className="error" id="invite-uses-error">
                  {errors.uses}
                </span>
              )}
            </div>
          </div>
          <button type="button" className="btn btn-primary" disabled={create.isPending} onClick={submit}>
            <QrCode size={18} aria-hidden /> Create invite link
          </button>
        </>
      )}
      <LiveInvites eventId={props.eventId} />
    </section>
  );
}

/** The link just made: shown once (the server keeps only its hash), with copy and a QR code. */
function NewInvite(props: { invite: Created; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    const how = await copyText(props.invite.url, input.current);
    if (how === 'copied') {
      setCopied(true);
      showToast('Invite link copied.', { tone: 'success' });
    } else showToast('Selected: copy it with your keyboard or the menu.');
  };
  return (
    <div className="invite-created">
      <InviteQr url={props.invite.url} />
      <div className="field invite-link-field">
        <label htmlFor="invite-link">
          Invite link · joins as {memberRoleLabel(props.invite.role).toLowerCase()}
        </label>
        <div className="invite-link-row">
          <input
            id="invite-link"
            ref={input}
            className="input"
            readOnly
            value={props.invite.url}
            onFocus={(e) => e.target.select()}
          />
          <button type="button" className="btn btn-soft" onClick={() => void copy()}>
            {copied ? <Check size={18} aria-hidden /> : <Copy size={18} aria-hidden />}
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      </div>
      <p className="invite-once" role="note">
        This link is shown only now: Pixel-i keeps no copy it could show again. Copy it or let people scan the
        code before you leave this page.
      </p>
      <button type="button" className="btn btn-ghost" onClick={props.onDone}>
        Done
      </button>
    </div>
  );
}

function LiveInvites(props: { eventId: string }) {
  const invites = useInvites(props.eventId, true);
  const revoke = useRevokeInvite(props.eventId);
  const now = Date.now();
  const live = (invites.data ?? []).filter(
    (i) => !i.revoked && Date.parse(i.expires_at) > now && (i.max_uses === null || i.uses < i.max_uses),
  );
  if (live.length === 0) return null;
  return (
    <div className="invite-list">
      <h3>Links that still work</h3>
      <ul>
        {live.map((invite) => (
          <li key={invite.id} className="invite-item">
            <div className="invite-item-text">
              <span className="invite-item-role">Joins as {memberRoleLabel(invite.role).toLowerCase()}</span>
              <span className="muted">
                Ends {formatExpiry(invite.expires_at)} · {invite.uses}
                {invite.max_uses === null ? ' joined' : ` of ${invite.max_uses} joined`}
              </span>
            </div>
            <button
              type="button"
              className="btn btn-ghost invite-revoke"
              disabled={revoke.isPending}
              onClick={() =>
                revoke.mutate(invite.id, {
                  onSuccess: () => showToast('The link no longer works.'),
                  onError: (error) => showToast(error.message, { tone: 'error' }),
                })
              }
            >
              <Trash2 size={16} aria-hidden /> Revoke
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
