import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import {
  clampView,
  doubleTapView,
  IDENTITY,
  isZoomed,
  type Point,
  pinchView,
  type Size,
  type View,
  zoomAround,
} from './zoom';

/**
 * The viewer's touch and mouse gestures on Pointer Events: one finger swipes to the neighbour
 * (or pans when zoomed, or pulls down to close on a phone), two fingers pinch, a double tap
 * zooms to 2.5× and back, a single tap shows or hides the bars; the wheel zooms on a desktop.
 * The geometry lives in zoom.ts; this file only tells the gestures apart.
 */
export interface GestureOptions {
  stage: RefObject<HTMLElement | null>;
  fitted: Size;
  stageSize: Size;
  canSwipe: (direction: 1 | -1) => boolean;
  onSwipe: (direction: 1 | -1) => void;
  onDismiss?: () => void;
  onTap: () => void;
}

/** A pointer's position relative to the stage's centre. */
function stagePoint(element: HTMLElement | null, event: { clientX: number; clientY: number }): Point {
  const rect = element?.getBoundingClientRect();
  if (!rect) return { x: 0, y: 0 };
  return { x: event.clientX - rect.left - rect.width / 2, y: event.clientY - rect.top - rect.height / 2 };
}

type Mode = 'idle' | 'pending' | 'swipe' | 'dismiss' | 'pan' | 'pinch';

/** Movement (px) before a touch is a drag rather than a tap. */
const SLOP = 8;
const DOUBLE_TAP_MS = 300;
const DOUBLE_TAP_DISTANCE = 40;
/** Swipes shorter than this still go when flicked faster than FLICK (px per ms). */
const SWIPE_DISTANCE = 90;
const DISMISS_DISTANCE = 120;
const FLICK = 0.5;

export function usePhotoGestures(options: GestureOptions) {
  const [view, setViewState] = useState<View>(IDENTITY);
  const [drag, setDrag] = useState({ x: 0, y: 0 });
  const [active, setActive] = useState(false);
  const latest = useRef(options);
  latest.current = options;
  const viewRef = useRef(view);
  const setView = useCallback((next: View) => {
    viewRef.current = next;
    setViewState(next);
  }, []);

  const g = useRef({
    mode: 'idle' as Mode,
    pointers: new Map<number, Point>(),
    start: { x: 0, y: 0 } as Point,
    startTime: 0,
    startView: IDENTITY,
    startMid: { x: 0, y: 0 } as Point,
    startDistance: 1,
    lastTap: null as { time: number; at: Point } | null,
    tapTimer: 0 as number | ReturnType<typeof setTimeout>,
  }).current;

  const toStage = (event: { clientX: number; clientY: number }) =>
    stagePoint(latest.current.stage.current, event);

  const twoFingers = () => {
    const [a, b] = [...g.pointers.values()];
    if (!a || !b) return null;
    return { mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, distance: Math.hypot(a.x - b.x, a.y - b.y) };
  };

  const beginSingle = (at: Point) => {
    g.mode = 'pending';
    g.start = at;
    g.startTime = performance.now();
    g.startView = viewRef.current;
  };

  const onPointerDown = (event: React.PointerEvent) => {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    try {
      event.currentTarget.setPointerCapture(event.pointerId);
    } catch {
      // A pointer the browser does not know (synthetic events) cannot be captured; moves still arrive.
    }
    g.pointers.set(event.pointerId, toStage(event));
    setActive(true);
    const pair = twoFingers();
    if (pair) {
      g.mode = 'pinch';
      g.startView = viewRef.current;
      g.startMid = pair.mid;
      g.startDistance = pair.distance;
      setDrag({ x: 0, y: 0 });
    } else if (g.pointers.size === 1) {
      beginSingle(toStage(event));
    }
  };

  const onPointerMove = (event: React.PointerEvent) => {
    if (!g.pointers.has(event.pointerId)) return;
    const at = toStage(event);
    g.pointers.set(event.pointerId, at);
    const { fitted, stageSize, canSwipe, onDismiss } = latest.current;
    if (g.mode === 'pinch') {
      const pair = twoFingers();
      if (pair) {
        setView(
          pinchView(g.startView, g.startMid, g.startDistance, pair.mid, pair.distance, fitted, stageSize),
        );
      }
      return;
    }
    const dx = at.x - g.start.x;
    const dy = at.y - g.start.y;
    if (g.mode === 'pending') {
      if (Math.hypot(dx, dy) < SLOP) return;
      if (isZoomed(viewRef.current)) g.mode = 'pan';
      else if (Math.abs(dx) >= Math.abs(dy)) g.mode = 'swipe';
      else if (dy > 0 && onDismiss) g.mode = 'dismiss';
      else g.mode = 'idle';
    }
    if (g.mode === 'pan') {
      setView(clampView({ ...g.startView, x: g.startView.x + dx, y: g.startView.y + dy }, fitted, stageSize));
    } else if (g.mode === 'swipe') {
      // Past the first or last photo the drag resists, saying there is nothing more.
      setDrag({ x: canSwipe(dx < 0 ? 1 : -1) ? dx : dx / 4, y: 0 });
    } else if (g.mode === 'dismiss') {
      setDrag({ x: 0, y: Math.max(0, dy) });
    }
  };

  const tap = (at: Point) => {
    const now = performance.now();
    const last = g.lastTap;
    if (
      last &&
      now - last.time < DOUBLE_TAP_MS &&
      Math.hypot(at.x - last.at.x, at.y - last.at.y) < DOUBLE_TAP_DISTANCE
    ) {
      clearTimeout(g.tapTimer);
      g.lastTap = null;
      const { fitted, stageSize } = latest.current;
      setView(doubleTapView(viewRef.current, at, fitted, stageSize));
      return;
    }
    g.lastTap = { time: now, at };
    clearTimeout(g.tapTimer);
    // A single tap waits to be sure it is not the first of two.
    g.tapTimer = setTimeout(() => latest.current.onTap(), DOUBLE_TAP_MS);
  };

  const onPointerUp = (event: React.PointerEvent) => {
    if (!g.pointers.has(event.pointerId)) return;
    const at = toStage(event);
    g.pointers.delete(event.pointerId);
    const cancelled = event.type === 'pointercancel';
    const { canSwipe, onSwipe, onDismiss } = latest.current;
    const elapsed = Math.max(1, performance.now() - g.startTime);
    const dx = at.x - g.start.x;
    const dy = at.y - g.start.y;

    if (g.mode === 'pinch') {
      const [rest] = [...g.pointers.values()];
      if (rest) {
        // One finger stays: it goes on panning from where the pinch left the photo.
        beginSingle(rest);
        g.mode = isZoomed(viewRef.current) ? 'pan' : 'idle';
        return;
      }
    } else if (g.mode === 'pending' && !cancelled) {
      tap(at);
    } else if (g.mode === 'swipe' && !cancelled) {
      const direction: 1 | -1 = dx < 0 ? 1 : -1;
      const far = Math.abs(dx) > SWIPE_DISTANCE || Math.abs(dx) / elapsed > FLICK;
      if (far && canSwipe(direction)) onSwipe(direction);
    } else if (g.mode === 'dismiss' && !cancelled) {
      if ((dy > DISMISS_DISTANCE || dy / elapsed > FLICK) && onDismiss) onDismiss();
    }
    if (g.pointers.size === 0) {
      g.mode = 'idle';
      setDrag({ x: 0, y: 0 });
      setActive(false);
    }
  };

  // The wheel zooms around the pointer (a desktop's pinch); passive: false so the page never scrolls.
  useEffect(() => {
    const element = options.stage.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const { fitted, stageSize } = latest.current;
      const factor = Math.exp(-event.deltaY * (event.ctrlKey ? 0.01 : 0.002));
      setView(
        zoomAround(
          viewRef.current,
          viewRef.current.scale * factor,
          stagePoint(element, event),
          fitted,
          stageSize,
        ),
      );
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [options.stage, setView]);

  useEffect(() => () => clearTimeout(g.tapTimer), [g]);

  const reset = useCallback(() => {
    g.lastTap = null;
    setView(IDENTITY);
    setDrag({ x: 0, y: 0 });
  }, [g, setView]);

  const zoomTo = useCallback(
    (scale: number) => {
      const { fitted, stageSize } = latest.current;
      setView(zoomAround(viewRef.current, scale, { x: 0, y: 0 }, fitted, stageSize));
    },
    [setView],
  );

  return {
    view,
    drag,
    /** A finger is down: transforms follow it without easing. */
    active,
    reset,
    zoomTo,
    handlers: {
      onPointerDown,
      onPointerMove,
      onPointerUp,
      onPointerCancel: onPointerUp,
    },
  };
}
