import type { FindMeMatch } from '@pixeli/contract';
import { useQueryClient } from '@tanstack/react-query';
import { Camera, RotateCcw, ScanFace, SearchX } from 'lucide-react';
import { useEffect, useId, useReducer, useRef } from 'react';
import { Link } from 'react-router';
import { placeholderFor } from '../photos/grid/placeholder';
import { Sheet } from '../photos/viewer/Sheet';
import { FIND_ME_START, type FindMeState, findMeReducer, findMyPhotos, selfieProblem } from './findMe';
import { peopleKeys } from './queries';
import './find-me.css';

/**
 * "Find my photos" in one event: with the face the caller is linked to there, or a selfie taken
 * or chosen now (sent once, never kept), then the photos they are in, best match first.
 * Loaded on demand by the gallery (its own chunk).
 */
export default function FindMeSheet(props: { eventId: string; linked: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const resultKey = peopleKeys.foundMe(props.eventId);
  // Searches are rate limited: the last answer (kept as long as the query cache keeps an unused entry) is shown again.
  const [state, dispatch] = useReducer(findMeReducer, undefined, (): FindMeState => {
    const last = client.getQueryData<FindMeMatch[]>(resultKey);
    return last ? { step: 'found', matches: last } : FIND_ME_START;
  });
  const request = useRef<AbortController | null>(null);
  useEffect(() => () => request.current?.abort(), []);

  const search = (selfie: File | null) => {
    if (selfie) {
      const problem = selfieProblem(selfie);
      if (problem) return dispatch({ type: 'badFile', problem });
    }
    request.current?.abort();
    const controller = new AbortController();
    request.current = controller;
    dispatch({ type: 'start', via: selfie ? 'selfie' : 'face' });
    findMyPhotos(props.eventId, selfie, controller.signal).then(
      (matches) => {
        if (controller.signal.aborted) return;
        client.setQueryData(resultKey, matches);
        dispatch({ type: 'found', matches });
      },
      (error) => controller.signal.aborted || dispatch({ type: 'failed', error }),
    );
  };

  return (
    <Sheet title="Find my photos" onClose={props.onClose} tone="app" testId="find-me-sheet">
      <FindMeBody
        state={state}
        linked={props.linked}
        onSelfie={(file) => search(file)}
        onUseFace={() => search(null)}
        onAgain={() => {
          client.removeQueries({ queryKey: resultKey, exact: true });
          dispatch({ type: 'again' });
        }}
        onClose={props.onClose}
      />
    </Sheet>
  );
}

/** The sheet's content for each step; separate from the request, so each step renders on its own. */
export function FindMeBody(props: {
  state: FindMeState;
  linked: boolean;
  onSelfie: (file: File) => void;
  onUseFace: () => void;
  onAgain: () => void;
  onClose: () => void;
}) {
  const { state } = props;
  switch (state.step) {
    case 'choose':
      return <Choose {...props} problem={state.problem} />;
    case 'searching':
      return (
        <div className="find-me-searching" role="status" aria-busy="true">
          <div className="find-me-progress" aria-hidden />
          <p>
            {state.via === 'face'
              ? 'Looking for your face in this event…'
              : 'Sending your selfie and looking for you…'}
          </p>
          <div className="find-me-grid" aria-hidden>
            {[0, 1, 2, 3, 4, 5].map((i) => (
              <div key={i} className="find-me-tile skeleton" />
            ))}
          </div>
        </div>
      );
    case 'found':
      return state.matches.length > 0 ? (
        <Matches matches={state.matches} onAgain={props.onAgain} />
      ) : (
        <div className="find-me-empty">
          <SearchX size={32} aria-hidden />
          <h3>No photos of you here yet</h3>
          <p className="muted">
            Photos still being added or processed are not searched yet. A clear, well-lit selfie facing the
            camera works best.
          </p>
          <button type="button" className="btn btn-soft" onClick={props.onAgain}>
            <RotateCcw size={18} aria-hidden /> Try another way
          </button>
        </div>
      );
    case 'failed':
      return (
        <div className="find-me-failed">
          <p className="find-me-error" role="alert">
            {state.message}
          </p>
          <div className="find-me-actions">
            {state.canRetry && (
              <button type="button" className="btn btn-primary" onClick={props.onAgain}>
                <RotateCcw size={18} aria-hidden /> Try again
              </button>
            )}
            <button type="button" className="btn btn-ghost" onClick={props.onClose}>
              Close
            </button>
          </div>
        </div>
      );
  }
}

function Choose(props: {
  linked: boolean;
  problem?: string;
  onSelfie: (file: File) => void;
  onUseFace: () => void;
}) {
  const inputId = useId();
  return (
    <div className="find-me-choose">
      <p className="muted find-me-privacy">Your selfie is only used for this search and is not kept.</p>
      {props.linked && (
        <button type="button" className="btn btn-primary btn-block" onClick={props.onUseFace}>
          <ScanFace size={18} aria-hidden /> Use my face
        </button>
      )}
      {/* The label is the button: on a phone it opens the front camera, elsewhere a file chooser. */}
      <label htmlFor={inputId} className={`btn btn-block ${props.linked ? 'btn-ghost' : 'btn-primary'}`}>
        <Camera size={18} aria-hidden /> Take or choose a selfie
      </label>
      <input
        id={inputId}
        className="visually-hidden"
        type="file"
        accept="image/*"
        capture="user"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) props.onSelfie(file);
        }}
      />
      {props.problem && (
        <p className="find-me-error" role="alert">
          {props.problem}
        </p>
      )}
    </div>
  );
}

function Matches(props: { matches: FindMeMatch[]; onAgain: () => void }) {
  const count = props.matches.length;
  return (
    <div className="find-me-found">
      <p>
        Found you in <strong>{count}</strong> {count === 1 ? 'photo' : 'photos'}.
      </p>
      <ul className="find-me-grid">
        {props.matches.map((photo) => {
          const placeholder = placeholderFor(photo.thumbhash);
          return (
            <li key={photo.id}>
              <Link
                to={`/photos/${photo.id}`}
                className="find-me-tile"
                aria-label={`Photo by ${photo.photographer.name || photo.photographer.username}`}
                style={{ backgroundImage: placeholder?.image, backgroundColor: placeholder?.colour }}
              >
                {photo.thumbnail_url && (
                  <img
                    src={photo.thumbnail_url}
                    alt=""
                    width={160}
                    height={160}
                    loading="lazy"
                    decoding="async"
                  />
                )}
              </Link>
            </li>
          );
        })}
      </ul>
      <button type="button" className="btn btn-ghost" onClick={props.onAgain}>
        <RotateCcw size={18} aria-hidden /> Search again
      </button>
    </div>
  );
}
