/**
 * The messages between `analyser.ts` (the server's process) and `analyser-worker.ts` (the child
 * process), sent with `serialization: 'advanced'`: typed arrays cross as bytes, not JSON.
 */
import type { DetectedFace, DetectedObject } from './analysis.js';

export interface AnalyseRequest {
  id: number;
  /** 8-bit RGB, row by row. */
  pixels: Uint8Array;
  width: number;
  height: number;
}

/** What the child finds, before the parent applies thresholds and derives tags. */
export interface RawAnalysis {
  faces: DetectedFace[];
  objects: DetectedObject[];
  brightness: number;
}

export type WorkerMessage =
  | { type: 'ready'; loadMs: number }
  | { type: 'analysed'; id: number; analysis: RawAnalysis }
  | { type: 'failed'; id: number; reason: string };
