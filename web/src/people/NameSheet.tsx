import type { MiniUser, PhotoFace, PhotoRead } from '@pixeli/contract';
import { UserX } from 'lucide-react';
import { useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useEvent, useMembers } from '../events/queries';
import { UserPickList, UserSearchField } from '../events/UserPicker';
import { showToast } from '../lib/toasts';
import { Sheet } from '../photos/viewer/Sheet';
import { useMediaQuery } from '../photos/viewer/useMediaQuery';
import { FaceCrop } from './FaceCrop';
import { faceName } from './faces';
import { namingChoices, wasMerged } from './naming';
import { type LinkTarget, useLinkPerson, usePeople } from './queries';
import './name-sheet.css';

/**
 * "Who is this?": the event's staff name a person of the event by choosing one of its members
 * (the coordinator included), or take the name off. Choosing links at once; the sheet closes and
 * the face shows the name. A refusal stays in the sheet in the server's words.
 */
export function NameSheet(props: {
  face: PhotoFace;
  photo: PhotoRead;
  personId: string;
  onClose: () => void;
}) {
  const { face, photo, personId } = props;
  const eventId = photo.event;
  const event = useEvent(eventId);
  const members = useMembers(eventId);
  const people = usePeople(eventId, true);
  const link = useLinkPerson(eventId);
  const [text, setText] = useState('');
  const listId = useId();
  const search = useRef<HTMLInputElement>(null);
  // A phone's keyboard would cover the list it is meant to narrow: focus the search only with a mouse.
  const finePointer = useMediaQuery('(pointer: fine)');

  const name = (to: LinkTarget, done: (merged: boolean) => string) =>
    link.mutate(
      { personId, to },
      {
        onSuccess: (answer) => {
          showToast(done(wasMerged(personId, answer)), { tone: 'success' });
          props.onClose();
        },
      },
    );
  const choose = (user: MiniUser) => {
    const shown = user.name || user.username;
    name({ userId: user.id }, (merged) => (merged ? `Merged into ${shown}.` : `Named ${shown}.`));
  };

  const choices = namingChoices({
    coordinator: event.data?.coordinator,
    members: members.data ?? [],
    people: people.data,
    personId,
    query: text,
  });
  const loadError = event.error ?? members.error;
  const message = loadError
    ? loadError.message
    : members.isPending
      ? 'Loading members…'
      : choices.length === 0
        ? text.trim()
          ? 'No member by that name.'
          : 'This event has no members yet.'
        : undefined;

  return createPortal(
    <Sheet
      title="Who is this?"
      onClose={props.onClose}
      testId="name-sheet"
      initialFocus={finePointer ? search : undefined}
    >
      <div className="name-sheet">
        <div className="name-sheet-face">
          <FaceCrop face={face} photo={photo} size={72} />
          <div className="name-sheet-now">
            <span className="viewer-muted">{face.user ? 'Named' : 'Not named yet'}</span>
            {face.user && <strong>{faceName(face)}</strong>}
          </div>
          {face.user && (
            <button
              type="button"
              className="face-chip-action"
              disabled={link.isPending}
              onClick={() => name(null, () => 'Name removed.')}
            >
              <UserX size={16} aria-hidden /> Remove name
            </button>
          )}
        </div>
        <UserSearchField
          id={`${listId}-search`}
          label="A member of the event"
          value={text}
          controls={listId}
          inputRef={search}
          onChange={(value) => {
            setText(value);
            // A refusal was about the last choice, not the next one.
            link.reset();
          }}
        />
        {link.error && (
          <p className="name-sheet-error" role="alert">
            {link.error.message}
          </p>
        )}
        <UserPickList
          id={listId}
          label="Members"
          busy={members.isFetching || link.isPending}
          message={message}
          picks={link.isPending ? choices.map((c) => ({ ...c, disabled: true })) : choices}
          onPick={choose}
        />
      </div>
    </Sheet>,
    document.body,
  );
}
