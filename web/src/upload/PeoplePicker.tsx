import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { api } from '../app/services';
import { Avatar } from '../app/ui/Avatar';
import { endpoints } from '../lib/api/endpoints';
import { Chips } from './Chips';
import { LIMITS } from './choices';

/** People to tag, found by name or username (`GET /api/auth/search/`), kept as usernames. */
export function PeoplePicker(props: { value: string[]; onChange: (usernames: string[]) => void }) {
  const id = useId();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);

  const found = useQuery({
    queryKey: ['users', 'search', query],
    queryFn: ({ signal }) => api.call(endpoints.auth.searchUsers, { query: { q: query, l: 8 }, signal }),
    enabled: query.length > 0,
    staleTime: 60_000,
  });
  const choices = (found.data ?? []).filter((u) => !props.value.includes(u.username));
  const full = props.value.length >= LIMITS.people;

  return (
    <div className="field people-picker">
      <label htmlFor={id}>People in these photos</label>
      <Chips
        values={props.value}
        label={(u) => `@${u}`}
        onRemove={(u) => props.onChange(props.value.filter((v) => v !== u))}
      />
      <input
        id={id}
        className="input"
        type="search"
        autoComplete="off"
        disabled={full}
        placeholder="Search by name or username"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {query && choices.length > 0 && (
        <ul className="people-results" aria-label="Matching people">
          {choices.map((user) => (
            <li key={user.id}>
              <button
                type="button"
                onClick={() => {
                  props.onChange([...props.value, user.username]);
                  setText('');
                  setQuery('');
                }}
              >
                <Avatar user={user} size={32} />
                <span className="people-name">{user.name || user.username}</span>
                <span className="muted">@{user.username}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {query && found.isSuccess && choices.length === 0 && (
        <p className="hint">Nobody found for “{query}”.</p>
      )}
    </div>
  );
}
