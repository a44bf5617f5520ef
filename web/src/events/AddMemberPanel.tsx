import type { MemberRole, MiniUser } from '@pixeli/contract';
import { useQuery } from '@tanstack/react-query';
import { UserPlus } from 'lucide-react';
import { useId, useState } from 'react';
import { api } from '../app/services';
import { endpoints } from '../lib/api/endpoints';
import { showToast } from '../lib/toasts';
import { ChoiceCards } from './ChoiceCards';
import { useAddMember } from './queries';
import { UserPickList, UserSearchField } from './UserPicker';
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
      <UserSearchField
        id="member-search"
        label="Name or username"
        value={text}
        controls={q ? resultsId : undefined}
        onChange={(value) => {
          setText(value);
          setPicked(null);
        }}
      />
      {/* Gone the moment the box is cleared (the search itself waits 250 ms for typing to pause),
          and while a pick is being added: the members list refreshes first, and the person would
          otherwise show twice for a moment, once as "In the event". */}
      {q && text.trim() && !add.isPending && (
        <UserPickList
          id={resultsId}
          label="People found"
          busy={found.isFetching}
          message={
            found.isError
              ? found.error.message
              : found.data?.length === 0
                ? 'Nobody by that name.'
                : undefined
          }
          picks={found.data?.map((user) =>
            props.taken.has(user.id) ? { user, note: 'In the event', disabled: true } : { user },
          )}
          selectedId={picked?.id ?? null}
          onPick={setPicked}
        />
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
