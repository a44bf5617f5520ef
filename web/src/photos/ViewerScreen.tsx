import { useQueryClient } from '@tanstack/react-query';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../app/services';
import { ErrorState } from '../app/ui/ErrorState';
import { Toaster } from '../app/ui/Toaster';
import { endpoints } from '../lib/api/endpoints';
import { showToast } from '../lib/toasts';
import { FaceBoxes } from '../people/FaceBoxes';
import { type PhotoSource, parseSource, photoKeys, updateCachedPhoto } from './queries';
import { ConfirmDialog } from './viewer/ConfirmDialog';
import { downloadPhoto } from './viewer/download';
import { InfoContent, InfoSidePanel } from './viewer/InfoPanel';
import { LikersSheet } from './viewer/LikersSheet';
import { type LikeApi, setLiked } from './viewer/like';
import { PhotoStage } from './viewer/PhotoStage';
import { Sheet } from './viewer/Sheet';
import { tintFromThumbhash } from './viewer/tint';
import { trapsOpen, useFocusTrap } from './viewer/useFocusTrap';
import { useMediaQuery } from './viewer/useMediaQuery';
import { isFull, useViewerPhotos } from './viewer/useViewerPhotos';
import { ViewerBottomBar, ViewerTopBar } from './viewer/ViewerBars';
import './viewer/viewer.css';

const likeApi: LikeApi = {
  like: (id) => api.call(endpoints.photos.like, { params: { id } }),
  unlike: (id) => api.call(endpoints.photos.unlike, { params: { id } }),
};

/** Where closing goes when the viewer was opened directly (a shared link, a reload). */
function listPath(source: PhotoSource | null, eventId: string | undefined) {
  if (source?.kind === 'event') return `/events/${source.eventId}`;
  if (source?.kind === 'mine') return '/profile';
  if (!source && eventId) return `/events/${eventId}`;
  return '/';
}

/**
 * The photo viewer (`/photos/:id?in=<source>`), full screen outside the shell: the photo over a
 * background tinted from its colours, swipe or arrow keys through the list it was opened from
 * (the URL follows, replaced, so reload and sharing land on the same photo), zoom and pan, the
 * optimistic heart, who liked, the info, download and delete.
 */
export default function ViewerScreen() {
  const { id = '' } = useParams();
  const [searchParams] = useSearchParams();
  const sourceText = searchParams.get('in');
  const source = useMemo(() => parseSource(sourceText), [sourceText]);
  const navigate = useNavigate();
  const client = useQueryClient();
  const { photo, detail, detailError, retry, prev, next } = useViewerPhotos(id, source);
  const wide = useMediaQuery('(min-width: 1024px)');
  const phone = useMediaQuery('(max-width: 767px)');

  const [chromeHidden, setChromeHidden] = useState(false);
  const [infoOpen, setInfoOpen] = useState(false);
  const [likersOpen, setLikersOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [download, setDownload] = useState<number | null | false>(false);
  const [enteredFrom, setEnteredFrom] = useState<1 | -1 | 0>(0);
  const [zoomed, setZoomed] = useState(false);
  const [showFaces, setShowFaces] = useState(false);

  const close = useCallback(() => {
    // Opened from a list in this tab: going back restores it where it was scrolled.
    const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
    if (idx > 0) navigate(-1);
    else navigate(listPath(source, photo?.event), { replace: true });
  }, [navigate, source, photo?.event]);

  const go = useCallback(
    (direction: 1 | -1) => {
      const target = direction === 1 ? next : prev;
      if (!target) return;
      setEnteredFrom(direction);
      navigate(
        { pathname: `/photos/${target.id}`, search: sourceText ? `?in=${sourceText}` : '' },
        { replace: true },
      );
    },
    [navigate, next, prev, sourceText],
  );

  const toggleLike = useCallback(() => {
    if (!photo) return;
    void setLiked(client, likeApi, photo, !photo.is_liked, (error) =>
      showToast(error.message, { tone: 'error' }),
    );
  }, [client, photo]);

  const toggleInfo = useCallback(() => setInfoOpen((open) => !open), []);

  const sidePanel = infoOpen && wide;
  const infoSheetOnly = useRef(false);
  infoSheetOnly.current = infoOpen && !wide && !likersOpen && !confirming;

  // The viewer keeps focus inside itself; Escape closes it (a sheet over it takes Escape first).
  const root = useRef<HTMLDivElement>(null);
  useFocusTrap(root, { onEscape: close });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      // Over a sheet or dialog only `I` still works, and only to close the info sheet itself.
      const overlaid = trapsOpen() > 1;
      if (overlaid && !(infoSheetOnly.current && (event.key === 'i' || event.key === 'I'))) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (event.key === 'ArrowRight') go(1);
      else if (event.key === 'ArrowLeft') go(-1);
      else if (event.key === 'l' || event.key === 'L') toggleLike();
      else if (event.key === 'i' || event.key === 'I') toggleInfo();
      else if (event.key === 'f' || event.key === 'F') setShowFaces((shown) => !shown);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, toggleLike, toggleInfo]);

  // The neighbours' records and large images are fetched ahead, so a swipe lands on a sharp photo.
  useEffect(() => {
    for (const neighbour of [next, prev]) {
      if (!neighbour || client.getQueryData(photoKeys.one(neighbour.id))) continue;
      void client
        .prefetchQuery({
          queryKey: photoKeys.one(neighbour.id),
          queryFn: ({ signal }) => api.call(endpoints.photos.get, { params: { id: neighbour.id }, signal }),
        })
        .then(() => {
          const record = client.getQueryData<typeof detail>(photoKeys.one(neighbour.id));
          const src = record?.preview_url ?? record?.watermarked_url;
          if (src) new Image().src = src;
        });
    }
  }, [client, next, prev]);

  const tint = useMemo(() => tintFromThumbhash(photo?.thumbhash), [photo?.thumbhash]);

  const startDownload = async () => {
    if (!detail || download !== false) return;
    setDownload(null);
    try {
      await downloadPhoto(detail, setDownload);
    } catch (error) {
      showToast(error instanceof Error ? error.message : 'The download failed.', { tone: 'error' });
    } finally {
      setDownload(false);
    }
  };

  const confirmDelete = async () => {
    if (!photo) return;
    const goneId = photo.id;
    const after = next ?? prev;
    setDeleting(true);
    try {
      await api.call(endpoints.photos.remove, { params: { id: goneId } });
    } catch (error) {
      setDeleting(false);
      showToast(error instanceof Error ? error.message : 'Could not delete the photo.', { tone: 'error' });
      return;
    }
    setDeleting(false);
    setConfirming(false);
    // Out of every list first, so nothing (a neighbour's prefetch) asks for it again.
    updateCachedPhoto(client, goneId, () => null);
    if (after) go(after === next ? 1 : -1);
    else close();
    // Its own entry is left to expire: removed now, the still-mounted query would fetch it again (a 404).
    showToast('Photo deleted', { tone: 'success' });
  };

  const style = tint
    ? ({ '--viewer-tint-top': tint.top, '--viewer-tint-bottom': tint.bottom } as React.CSSProperties)
    : undefined;

  return (
    <div
      ref={root}
      className="viewer"
      style={style}
      data-tinted={tint ? '' : undefined}
      data-chrome={chromeHidden ? 'hidden' : undefined}
      data-side={sidePanel || undefined}
      role="dialog"
      aria-modal="true"
      aria-label="Photo viewer"
      tabIndex={-1}
    >
      <div className="viewer-main" data-sheet-beside={infoOpen && !wide ? '' : undefined}>
        {!photo ? (
          detailError ? (
            <div className="viewer-error">
              <ErrorState error={detailError} retry={retry} title="Could not open this photo" />
              <button type="button" className="btn viewer-btn-quiet" onClick={close}>
                Back to photos
              </button>
            </div>
          ) : (
            <div className="viewer-loading" aria-busy="true">
              <span className="visually-hidden">Loading the photo</span>
            </div>
          )
        ) : (
          <>
            <PhotoStage
              key={photo.id}
              photo={photo}
              src={detail ? (detail.preview_url ?? detail.watermarked_url) : null}
              alt={describe(photo)}
              enteredFrom={enteredFrom}
              canSwipe={(direction) => !!(direction === 1 ? next : prev)}
              onSwipe={go}
              onDismiss={phone ? close : undefined}
              onTap={() => setChromeHidden((hidden) => !hidden)}
              onZoomChange={setZoomed}
              overlay={
                showFaces && detail?.id === photo.id && detail.faces.length > 0 ? (
                  <FaceBoxes faces={detail.faces} />
                ) : null
              }
            />
            {photo.status !== 'CO' && (
              <p className="viewer-status" role="status">
                {photo.status === 'FA'
                  ? (isFull(photo) && photo.processing_error) || 'This photo could not be processed.'
                  : 'Still processing…'}
              </p>
            )}
            <ViewerTopBar photo={photo} hidden={chromeHidden} onBack={close} />
            {prev && !zoomed && (
              <button
                type="button"
                className="viewer-arrow viewer-arrow-prev"
                aria-label="Previous photo"
                aria-keyshortcuts="ArrowLeft"
                onClick={() => go(-1)}
              >
                <ChevronLeft size={28} aria-hidden />
              </button>
            )}
            {next && !zoomed && (
              <button
                type="button"
                className="viewer-arrow viewer-arrow-next"
                aria-label="Next photo"
                aria-keyshortcuts="ArrowRight"
                onClick={() => go(1)}
              >
                <ChevronRight size={28} aria-hidden />
              </button>
            )}
            <ViewerBottomBar
              photo={photo}
              hidden={chromeHidden}
              infoOpen={infoOpen}
              download={download}
              onLike={toggleLike}
              onLikers={() => setLikersOpen(true)}
              onInfo={toggleInfo}
              onDownload={() => void startDownload()}
              onDelete={() => setConfirming(true)}
            />
          </>
        )}
      </div>
      {sidePanel && (
        <InfoSidePanel
          photo={detail}
          onClose={() => setInfoOpen(false)}
          showFaces={showFaces}
          onShowFaces={setShowFaces}
        />
      )}
      {infoOpen && !wide && (
        <Sheet title="Info" onClose={() => setInfoOpen(false)} testId="info-sheet" beside>
          {detail ? (
            <InfoContent photo={detail} showFaces={showFaces} onShowFaces={setShowFaces} />
          ) : (
            <p className="viewer-muted">Loading…</p>
          )}
        </Sheet>
      )}
      {likersOpen && photo && (
        <LikersSheet photoId={photo.id} count={photo.likes_count} onClose={() => setLikersOpen(false)} />
      )}
      {confirming && (
        <ConfirmDialog
          title="Delete this photo?"
          body="It will be removed from the event for everyone. This cannot be undone."
          confirmLabel="Delete"
          busy={deleting}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setConfirming(false)}
        />
      )}
      <Toaster />
    </div>
  );
}

function describe(
  photo: { photographer: { name: string; username: string } } & Partial<{
    caption: string;
    event_title: string;
  }>,
) {
  if (photo.caption) return photo.caption;
  const who = photo.photographer.name || photo.photographer.username;
  return photo.event_title ? `Photo by ${who} at ${photo.event_title}` : `Photo by ${who}`;
}
