import { describe, expect, it } from 'vitest';
import { clampView, doubleTapView, fitSize, IDENTITY, MAX_SCALE, pinchView, zoomAround } from './zoom';

const stage = { width: 400, height: 800 };
// A 3:2 landscape photo fits the phone's width: 400 × 266.67.
const fitted = fitSize({ width: 1200, height: 800 }, stage);

describe('fitting and clamping', () => {
  it('fits the photo whole into the stage', () => {
    expect(fitted.width).toBe(400);
    expect(fitted.height).toBeCloseTo(266.67, 1);
    expect(fitSize({ width: 800, height: 1600 }, stage)).toEqual({ width: 400, height: 800 });
  });

  it('keeps the scale between whole and the maximum', () => {
    expect(clampView({ scale: 0.3, x: 50, y: 50 }, fitted, stage)).toEqual(IDENTITY);
    expect(clampView({ scale: 40, x: 0, y: 0 }, fitted, stage).scale).toBe(MAX_SCALE);
  });

  it('never drags the zoomed photo past its edges, and centres it where it is smaller than the stage', () => {
    // At 2×, the photo is 800 wide: 200 px of slack each side; 533 tall: less than the stage, so centred.
    expect(clampView({ scale: 2, x: 500, y: 300 }, fitted, stage)).toEqual({ scale: 2, x: 200, y: 0 });
    expect(clampView({ scale: 2, x: -500, y: -300 }, fitted, stage)).toEqual({ scale: 2, x: -200, y: 0 });
  });
});

describe('zooming around a point', () => {
  it('keeps the photo point under the finger where it was', () => {
    const at = { x: 100, y: 20 };
    const view = zoomAround(IDENTITY, 2, at, fitted, stage);
    expect(view.scale).toBe(2);
    // The photo point at (100, 20) before (unscaled) is at 100*2 + x after: still under the finger.
    expect(100 * view.scale + view.x).toBe(100);
    // Vertically the zoomed photo (533 px) is smaller than the stage (800 px): centred instead.
    expect(view.y).toBe(0);
  });

  it('a double tap zooms to 2.5× around the tap, and a second one goes back to the whole photo', () => {
    const zoomed = doubleTapView(IDENTITY, { x: -80, y: 0 }, fitted, stage);
    expect(zoomed.scale).toBe(2.5);
    expect(-80 * 2.5 + zoomed.x).toBe(-80);
    expect(doubleTapView(zoomed, { x: 10, y: 10 }, fitted, stage)).toEqual(IDENTITY);
  });

  it('a pinch scales with the distance between the fingers and follows their midpoint', () => {
    const view = pinchView(IDENTITY, { x: 0, y: 0 }, 100, { x: 30, y: 0 }, 300, fitted, stage);
    expect(view.scale).toBe(3);
    expect(view.x).toBe(30);
    // Fingers closing past the start give the whole photo, never smaller.
    expect(pinchView(IDENTITY, { x: 0, y: 0 }, 300, { x: 0, y: 0 }, 50, fitted, stage)).toEqual(IDENTITY);
  });
});
