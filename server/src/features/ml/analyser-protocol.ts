/** The messages between `analyser.ts` (main thread) and `analyser-worker.ts`. */
import type { DetectedFace, DetectedObject } from './analysis.js';

export interface AnalyseRequest {
  id: number;
  /** 8-bit RGB, row by row; its buffer is transferred, not copied. */
  pixels: Uint8Array;
  width: number;
  height: number;
}

/** What the worker finds, before the main thread applies thresholds and derives tags. */
export interface RawAnalysis {
  faces: DetectedFace[];
  objects: DetectedObject[];
  brightness: number;
}

export type WorkerMessage =
  | { type: 'ready'; loadMs: number }
  | { type: 'analysed'; id: number; analysis: RawAnalysis }
  | { type: 'failed'; id: number; reason: string };
