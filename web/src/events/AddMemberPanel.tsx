import type { MemberRole, MiniUser } from '@pixeli/contract';
import { useQuery } from '@tanstack/react-query';
import { Check, Search, UserPlus } from 'lucide-react';
import { useId, useState } from 'react';
import { api } from '../app/services';
import { Avatar } from '../app/ui/Avatar';
import { endpoints } from '../lib/api/endpoints';
import { showToast } from '../lib/toasts';
import { ChoiceCards } from './ChoiceCards';
import { useAddMember } from './queries';
import { useDebounced } from './useDebounced';
import { ROLE_CHOICES } from './words';

/** Add someone by searching their name or username, then choosing what they may do. */
export function AddMemberPanel(props: { eventId: string; taken: ReadonlySet<string> }) {
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<MiniUser | null>(null);
  const [role, setRole] = useState<MemberRole>('viewer');
  const q = useDebounced(text.trim(), 250);
  const add = useAddMember(props.eventId);
  const resultsId = useId();
  const found = useQuery({
    queryKey: ['events', 'user-search', q],
    queryFn: ({ signal }) => api.call(endpoints.auth.searchUsers, { query: { q, l: 8 }, signal }),
    enabled: q.length > 0,
    staleTime: 60_000,
  });

  const submit = () => {
    if (!picked) return;
    add.mutate(
      { username: picked.username, role },
      {
        onSuccess: (member) => {
          showToast(`${member.user.name || member.user.username} was added.`, { tone: 'success' });
          setPicked(null);
          setText('');
        },
        onError: (error) => showToast(error.message, { tone: 'error' }),
      },
    );
  };

  return (
    <section className="members-panel card" aria-labelledby="add-member-title">
      <h2 id="add-member-title">
        <UserPlus size={20} aria-hidden /> Add someone
      </h2>
      <div className="field">
        <label htmlFor="member-search">Name or username</label>
        <div className="members-search">
          <Search size={18} aria-hidden className="members-search-icon" />
          <input
            id="member-search"
            className="input"
            type="search"
            autoComplete="off"
            placeholder="Search people"
            value={text}
            aria-controls={q ? resultsId : undefined}
            onChange={(e) => {
              setText(e.target.value);
              setPicked(null);
            }}
          />
        </div>
      </div>
      {/* Gone the moment the box is cleared (the search itself waits 250 ms for typing to pause),
          and while a pick is being added: the members list refreshes first, and the person would
          otherwise show twice for a moment, once as "In the event". */}
      {q && text.trim() && !add.isPending && (
        <ul className="members-results" id={resultsId} aria-label="People found" aria-busy={found.isFetching}>
          {found.data?.length === 0 && <li className="muted members-results-note">Nobody by that name.</li>}
          {found.isError && <li className="muted members-results-note">{found.error.message}</li>}
          {found.data?.map((user) => {
            const taken = props.taken.has(user.id);
            const selected = picked?.id === user.id;
            return (
              <li key={user.id}>
                <button
                  type="button"
                  className="members-result"
                  aria-pressed={selected}
                  disabled={taken}
                  onClick={() => setPicked(user)}
                >
                  <Avatar user={user} size={32} />
                  <span className="member-row-who">
                    <span className="member-row-name">{user.name || user.username}</span>
                    <span className="member-row-username">@{user.username}</span>
                  </span>
                  {taken ? (
                    <span className="members-result-note">In the event</span>
                  ) : (
                    selected && <Check size={20} aria-hidden className="members-result-check" />
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <ChoiceCards
        name="member-role"
        legend="They may"
        choices={ROLE_CHOICES}
        value={role}
        onChange={setRole}
      />
      <button type="button" className="btn btn-primary" disabled={!picked || add.isPending} onClick={submit}>
        {picked ? `Add ${picked.name || picked.username}` : 'Pick someone to add'}
      </button>
    </section>
  );
}
