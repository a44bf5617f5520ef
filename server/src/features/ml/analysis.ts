/**
 * What analysing one photo yields (issue 13): the shapes the ML engine produces and the photo job,
 * the faces store, people clustering and find-me consume. Pure data, no behaviour.
 */

/** A box as fractions of the analysed image's width and height (0..1), so any variant can use it. */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DetectedFace {
  box: FaceBox;
  /** The detector's confidence, 0..1. */
  score: number;
  /** How usable the face is for matching (size, sharpness, pose), 0..1. */
  quality: number;
  /** The face descriptor: unit length, compared with `similarity.ts`. */
  embedding: Float32Array;
}

export interface DetectedObject {
  /** A COCO class in readable words ("dining table", "cell phone"). */
  label: string;
  score: number;
}

export interface AutoTag {
  tag: string;
  score: number;
}

export interface PhotoAnalysis {
  faces: DetectedFace[];
  objects: DetectedObject[];
  /** Mean luma of the analysed image, 0 (black) .. 1 (white). */
  brightness: number;
  autoTags: AutoTag[];
}
