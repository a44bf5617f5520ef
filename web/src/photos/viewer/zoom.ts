/**
 * The viewer's zoom and pan as pure math, so gestures stay small and the rules are testable.
 * A view is `scale` around the stage's centre plus a translation (`x`, `y`, in CSS pixels of the
 * stage); the photo is first fitted (contain) into the stage, then transformed by the view.
 */
export interface View {
  scale: number;
  x: number;
  y: number;
}
export interface Size {
  width: number;
  height: number;
}
/** A point relative to the stage's centre (CSS pixels). */
export interface Point {
  x: number;
  y: number;
}

export const MIN_SCALE = 1;
export const MAX_SCALE = 5;
export const DOUBLE_TAP_SCALE = 2.5;
export const IDENTITY: View = { scale: 1, x: 0, y: 0 };

/** The photo's size when fitted whole into the stage (object-fit: contain). */
export function fitSize(photo: Size, stage: Size): Size {
  if (photo.width <= 0 || photo.height <= 0 || stage.width <= 0 || stage.height <= 0) {
    return { width: stage.width, height: stage.height };
  }
  const ratio = Math.min(stage.width / photo.width, stage.height / photo.height);
  return { width: photo.width * ratio, height: photo.height * ratio };
}

export const clampScale = (scale: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

/**
 * Keeps the zoomed photo covering the stage where it can: it may not be dragged past its edges,
 * and along an axis where it is smaller than the stage it stays centred.
 */
export function clampView(view: View, fitted: Size, stage: Size): View {
  const scale = clampScale(view.scale);
  const limitX = Math.max(0, (fitted.width * scale - stage.width) / 2);
  const limitY = Math.max(0, (fitted.height * scale - stage.height) / 2);
  return {
    scale,
    x: Math.min(limitX, Math.max(-limitX, view.x)) || 0,
    y: Math.min(limitY, Math.max(-limitY, view.y)) || 0,
  };
}

/**
 * Zooms to `scale` keeping the photo's point under `at` where it is (the pinch's midpoint, the
 * double-tap, the wheel's pointer), then clamps.
 */
export function zoomAround(view: View, scale: number, at: Point, fitted: Size, stage: Size): View {
  const next = clampScale(scale);
  // The photo point under `at`, in unscaled photo coordinates, stays under `at`.
  const px = (at.x - view.x) / view.scale;
  const py = (at.y - view.y) / view.scale;
  return clampView({ scale: next, x: at.x - px * next, y: at.y - py * next }, fitted, stage);
}

/** A double tap: zoom in to 2.5× around the tap, or back to the whole photo when zoomed. */
export function doubleTapView(view: View, at: Point, fitted: Size, stage: Size): View {
  return view.scale > MIN_SCALE + 0.01 ? IDENTITY : zoomAround(view, DOUBLE_TAP_SCALE, at, fitted, stage);
}

/**
 * A pinch in progress: the view it started from, how far apart the fingers were and their
 * midpoint then, and now. The photo follows the midpoint and scales with the fingers' distance.
 */
export function pinchView(
  start: View,
  startMid: Point,
  startDistance: number,
  mid: Point,
  distance: number,
  fitted: Size,
  stage: Size,
): View {
  const scale = clampScale(start.scale * (distance / Math.max(1, startDistance)));
  const px = (startMid.x - start.x) / start.scale;
  const py = (startMid.y - start.y) / start.scale;
  return clampView({ scale, x: mid.x - px * scale, y: mid.y - py * scale }, fitted, stage);
}

export const isZoomed = (view: View) => view.scale > MIN_SCALE + 0.01;
