import type { PhotoFace, PhotoRead } from '@pixeli/contract';
import { PenLine, ScanFace, Tag, UserCheck, UserX } from 'lucide-react';
import { useState } from 'react';
import { useMe } from '../app/hooks';
import { Avatar } from '../app/ui/Avatar';
import { useEvent } from '../events/queries';
import { showToast } from '../lib/toasts';
import { FaceCrop } from './FaceCrop';
import { faceAction, faceName } from './faces';
import { NameSheet } from './NameSheet';
import { mayNamePeople } from './naming';
import { useLinkPerson, useTagSuggestion } from './queries';
import './faces.css';

const complain = (error: Error) => showToast(error.message, { tone: 'error' });

/**
 * The info panel's faces: a switch that draws them on the photo, each face with its person's
 * name (or "Unnamed") and what the caller may do about it (name it as the event's staff, else
 * "This is me" / "Not me"), and the people the server thinks are in it but not tagged, each one
 * tap from a tag.
 */
export function FacesSection(props: {
  photo: PhotoRead;
  showFaces: boolean;
  onShowFaces: (show: boolean) => void;
}) {
  const { photo } = props;
  const event = useEvent(photo.event);
  const mayName = mayNamePeople(event.data);
  if (photo.faces.length === 0 && photo.tag_suggestions.length === 0) return null;
  return (
    <section className="viewer-info-section" aria-labelledby="viewer-faces-heading">
      <div className="faces-head">
        <h3 id="viewer-faces-heading" className="viewer-info-heading">
          Faces
        </h3>
        {photo.faces.length > 0 && (
          <button
            type="button"
            className="faces-toggle"
            aria-pressed={props.showFaces}
            aria-keyshortcuts="F"
            onClick={() => props.onShowFaces(!props.showFaces)}
          >
            <ScanFace size={16} aria-hidden /> Show faces
          </button>
        )}
      </div>
      {photo.faces.length > 0 && (
        <ul className="faces-list">
          {photo.faces.map((face, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: faces have no id; their order is stable for a photo.
            <FaceChip key={i} face={face} photo={photo} mayName={mayName} />
          ))}
        </ul>
      )}
      {photo.tag_suggestions.length > 0 && <Suggestions photo={photo} />}
    </section>
  );
}

const FACE_SIZE = 40;

/**
 * One face of the photo: the face itself, cut from the image the viewer shows (an unnamed list of
 * "Unnamed" would not say which face is whose), its name, and what the caller may do with it:
 * the event's staff name, rename or unname anyone; anyone else says "this is me" or "not me".
 */
function FaceChip(props: { face: PhotoFace; photo: PhotoRead; mayName: boolean }) {
  const { face, photo } = props;
  const personId = face.person_id;
  return (
    <li className="face-chip" data-unnamed={face.user ? undefined : ''}>
      <FaceCrop face={face} photo={photo} size={FACE_SIZE} />
      <span className="face-chip-name">{faceName(face)}</span>
      {personId &&
        (props.mayName ? (
          <NameActions face={face} photo={photo} personId={personId} />
        ) : (
          <ClaimAction face={face} eventId={photo.event} personId={personId} />
        ))}
    </li>
  );
}

/** "This is me" / "Not me", where that is the caller's to say. */
function ClaimAction(props: { face: PhotoFace; eventId: string; personId: string }) {
  const me = useMe();
  const link = useLinkPerson(props.eventId);
  const action = faceAction(props.face, me.data);
  if (!action) return null;
  return (
    <button
      type="button"
      className="face-chip-action"
      disabled={link.isPending}
      onClick={() =>
        link.mutate(
          { personId: props.personId, to: action === 'claim' ? { me: true } : null },
          { onError: complain },
        )
      }
    >
      {action === 'claim' ? (
        <>
          <UserCheck size={16} aria-hidden /> This is me
        </>
      ) : (
        <>
          <UserX size={16} aria-hidden /> Not me
        </>
      )}
    </button>
  );
}

/**
 * The staff's "Name…" (or "Change") opening "Who is this?", and "Remove name" at once with an
 * undo: a name is cheap to put back, so no confirmation stands in the way.
 */
function NameActions(props: { face: PhotoFace; photo: PhotoRead; personId: string }) {
  const { face, personId } = props;
  const [open, setOpen] = useState(false);
  const link = useLinkPerson(props.photo.event);
  const named = face.user;
  const unname = () => {
    if (!named) return;
    link.mutate(
      { personId, to: null },
      {
        onError: complain,
        onSuccess: () =>
          showToast(`${named.name || named.username} is no longer named here.`, {
            action: {
              label: 'Undo',
              run: () => link.mutate({ personId, to: { userId: named.id } }, { onError: complain }),
            },
          }),
      },
    );
  };
  return (
    <>
      <button
        type="button"
        className="face-chip-action"
        aria-haspopup="dialog"
        disabled={link.isPending}
        onClick={() => setOpen(true)}
      >
        <PenLine size={16} aria-hidden /> {named ? 'Change' : 'Name…'}
      </button>
      {named && (
        <button
          type="button"
          className="face-chip-action face-chip-icon"
          aria-label="Remove name"
          title="Remove name"
          disabled={link.isPending}
          onClick={unname}
        >
          <UserX size={16} aria-hidden />
        </button>
      )}
      {open && (
        <NameSheet face={face} photo={props.photo} personId={personId} onClose={() => setOpen(false)} />
      )}
    </>
  );
}

function Suggestions(props: { photo: PhotoRead }) {
  const tag = useTagSuggestion(props.photo.id);
  return (
    <div className="faces-suggestions">
      <p className="viewer-muted">Also in this photo?</p>
      <ul className="faces-list">
        {props.photo.tag_suggestions.map((user) => (
          <li key={user.id} className="face-chip">
            <Avatar user={user} size={28} />
            <span className="face-chip-name">{user.name || user.username}</span>
            <button
              type="button"
              className="face-chip-action"
              aria-label={`Tag ${user.name || user.username}`}
              disabled={tag.isPending}
              onClick={() => tag.mutate(user.username, { onError: complain })}
            >
              <Tag size={16} aria-hidden /> Tag
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
