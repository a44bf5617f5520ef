import type { PhotoFace, PhotoRead } from '@pixeli/contract';
import { ScanFace, Tag, UserCheck, UserX } from 'lucide-react';
import { useMe } from '../app/hooks';
import { Avatar } from '../app/ui/Avatar';
import { showToast } from '../lib/toasts';
import { faceAction, faceCropStyle, faceName } from './faces';
import { useLinkMe, useTagSuggestion } from './queries';
import './faces.css';

const complain = (error: Error) => showToast(error.message, { tone: 'error' });

/**
 * The info panel's faces: a switch that draws them on the photo, each face with its person's
 * name (or "Unnamed") and "This is me" / "Not me" where that is the caller's to say, and the
 * people the server thinks are in it but not tagged, each one tap from a tag.
 */
export function FacesSection(props: {
  photo: PhotoRead;
  showFaces: boolean;
  onShowFaces: (show: boolean) => void;
}) {
  const { photo } = props;
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
            <FaceChip key={i} face={face} photo={photo} />
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
 * "Unnamed" would not say which face is whose), its name, and what the caller may do with it.
 */
function FaceChip(props: { face: PhotoFace; photo: PhotoRead }) {
  const { face, photo } = props;
  const me = useMe();
  const link = useLinkMe(photo.event);
  const action = faceAction(face, me.data);
  const personId = face.person_id;
  const image = photo.preview_url ?? photo.watermarked_url ?? photo.thumbnail_url;
  const crop = image ? faceCropStyle(face.box, photo, FACE_SIZE) : null;
  return (
    <li className="face-chip" data-unnamed={face.user ? undefined : ''}>
      {crop ? (
        <span
          className="face-chip-face"
          style={{ ...crop, backgroundImage: `url("${image}")` }}
          data-testid="face-crop"
          aria-hidden
        />
      ) : face.user ? (
        <Avatar user={face.user} size={28} />
      ) : (
        <span className="face-chip-blank" aria-hidden />
      )}
      <span className="face-chip-name">{faceName(face)}</span>
      {action && personId && (
        <button
          type="button"
          className="face-chip-action"
          disabled={link.isPending}
          onClick={() => link.mutate({ personId, linked: action === 'claim' }, { onError: complain })}
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
      )}
    </li>
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
