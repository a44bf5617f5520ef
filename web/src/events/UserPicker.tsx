import type { MiniUser } from '@pixeli/contract';
import { Check, Search } from 'lucide-react';
import type { ReactNode, Ref } from 'react';
import { Avatar } from '../app/ui/Avatar';
import './user-picker.css';

/**
 * Finding a person by name: the search box and the list of people it found, each a button with
 * their face, name and username. Shared by "Add someone" (accounts found by the server) and the
 * viewer's "Name this person" (the event's members), which differ only in where the list comes from.
 */

export function UserSearchField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
  /** The results list's id, once there is one to control. */
  controls?: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <div className="user-picker-search">
        <Search size={18} aria-hidden className="user-picker-search-icon" />
        <input
          id={props.id}
          className="input"
          type="search"
          autoComplete="off"
          placeholder="Search people"
          value={props.value}
          aria-controls={props.controls}
          ref={props.inputRef}
          onChange={(e) => props.onChange(e.target.value)}
        />
      </div>
    </div>
  );
}

export interface UserPick {
  user: MiniUser;
  /** A short word beside the name ("In the event", "Named"). */
  note?: string;
  /** Shown but not choosable (with `note` saying why). */
  disabled?: boolean;
}

export function UserPickList(props: {
  id?: string;
  label: string;
  picks: UserPick[] | undefined;
  busy?: boolean;
  /** Instead of the list: nothing found, or the search failed. */
  message?: ReactNode;
  selectedId?: string | null;
  onPick: (user: MiniUser) => void;
}) {
  return (
    <ul className="user-picker-results" id={props.id} aria-label={props.label} aria-busy={props.busy}>
      {props.message && <li className="muted user-picker-results-note">{props.message}</li>}
      {props.picks?.map(({ user, note, disabled }) => {
        const selected = props.selectedId === user.id;
        return (
          <li key={user.id}>
            <button
              type="button"
              className="user-picker-result"
              aria-pressed={props.selectedId === undefined ? undefined : selected}
              disabled={disabled}
              onClick={() => props.onPick(user)}
            >
              <Avatar user={user} size={32} />
              <span className="user-picker-who">
                <span className="user-picker-name">{user.name || user.username}</span>
                <span className="user-picker-username">@{user.username}</span>
              </span>
              {note ? (
                <span className="user-picker-result-note">{note}</span>
              ) : (
                selected && <Check size={20} aria-hidden className="user-picker-result-check" />
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
