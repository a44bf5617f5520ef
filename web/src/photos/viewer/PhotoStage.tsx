import type { PhotoList, PhotoRead } from '@pixeli/contract';
import { type ReactNode, type Ref, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { thumbHashToDataURL } from './tint';
import { useElementSize } from './useElementSize';
import { useMediaQuery } from './useMediaQuery';
import { usePhotoGestures } from './usePhotoGestures';
import { fitSize } from './zoom';
import './photo-stage.css';

/** Room kept around the whole photo on a wide screen (px): the arrows beside, the bars above and below. */
const ROOMY_INSET = { x: 88, y: 80 };

export interface StageHandle {
  zoomTo(scale: number): void;
}

/**
 * The photo itself, layered so the screen is never blank: the thumbhash first (decoded in place),
 * the list's thumbnail over it as soon as it is there, then the large image fading in. The layers
 * share one box fitted to the photo's proportions, which the gestures zoom and move.
 */
export function PhotoStage(props: {
  photo: PhotoList | PhotoRead;
  /** The large image this viewer may see (clean preview or watermarked copy); null until known. */
  src: string | null;
  alt: string;
  /** Which side the photo came in from after a swipe (for the slide-in). */
  enteredFrom: 1 | -1 | 0;
  canSwipe: (direction: 1 | -1) => boolean;
  onSwipe: (direction: 1 | -1) => void;
  onDismiss?: () => void;
  onTap: () => void;
  onZoomChange?: (zoomed: boolean) => void;
  handle?: Ref<StageHandle>;
  /** Drawn over the photo in its own box, so it zooms and pans with it (the face boxes). */
  overlay?: ReactNode;
}) {
  const stage = useRef<HTMLDivElement>(null);
  const stageSize = useElementSize(stage);
  const { photo } = props;
  // On a wide screen the whole photo sits clear of the bars and the side arrows; a phone uses every pixel.
  const roomy = useMediaQuery('(min-width: 768px)');
  const fitted = useMemo(() => {
    const room = roomy
      ? { width: stageSize.width - 2 * ROOMY_INSET.x, height: stageSize.height - 2 * ROOMY_INSET.y }
      : stageSize;
    return fitSize({ width: photo.width ?? 4, height: photo.height ?? 3 }, room);
  }, [photo.width, photo.height, stageSize, roomy]);
  const gestures = usePhotoGestures({
    stage,
    fitted,
    stageSize,
    canSwipe: props.canSwipe,
    onSwipe: props.onSwipe,
    onDismiss: props.onDismiss,
    onTap: props.onTap,
  });
  useImperativeHandle(props.handle, () => ({ zoomTo: gestures.zoomTo }), [gestures.zoomTo]);

  const zoomed = gestures.view.scale > 1.01;
  const { onZoomChange } = props;
  useEffect(() => onZoomChange?.(zoomed), [zoomed, onZoomChange]);

  const placeholder = useMemo(() => {
    if (!photo.thumbhash) return undefined;
    try {
      return thumbHashToDataURL(Uint8Array.from(atob(photo.thumbhash), (c) => c.charCodeAt(0)));
    } catch {
      return undefined;
    }
  }, [photo.thumbhash]);

  const [loadedSrc, setLoadedSrc] = useState<string | null>(null);
  const { view, drag } = gestures;
  const pull = Math.min(1, drag.y / 400);
  const transform = `translate3d(${view.x + drag.x}px, ${view.y + drag.y}px, 0) scale(${view.scale * (1 - pull * 0.25)})`;

  return (
    <div
      ref={stage}
      className="photo-stage"
      data-photo={photo.id}
      data-zoomed={zoomed || undefined}
      data-gesturing={gestures.active || undefined}
      {...gestures.handlers}
    >
      <div
        key={photo.id}
        className="photo-stage-frame"
        data-enter={props.enteredFrom === 1 ? 'next' : props.enteredFrom === -1 ? 'prev' : undefined}
      >
        <div
          className="photo-stage-photo"
          data-testid="viewer-photo"
          data-scale={view.scale.toFixed(2)}
          style={{
            width: fitted.width,
            height: fitted.height,
            transform,
            backgroundImage: placeholder ? `url("${placeholder}")` : undefined,
          }}
        >
          {photo.thumbnail_url && (
            <img
              className="photo-stage-layer"
              src={photo.thumbnail_url}
              alt=""
              decoding="async"
              draggable={false}
            />
          )}
          {props.src && (
            <img
              key={props.src}
              className="photo-stage-layer photo-stage-full"
              data-loaded={loadedSrc === props.src || undefined}
              src={props.src}
              alt={props.alt}
              decoding="async"
              draggable={false}
              onLoad={() => setLoadedSrc(props.src)}
            />
          )}
          {props.overlay}
        </div>
      </div>
    </div>
  );
}
