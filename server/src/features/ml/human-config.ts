import type { Config as HumanConfig } from '@vladmandic/human';
import { MODEL_BASE_URL } from './model-files.js';

/**
 * Human set up for event photos: faces (detector, mesh for alignment, 1024-d descriptor) and COCO
 * objects (centernet), everything else off. The mesh is on because it rotates each face upright
 * before the descriptor is taken and scores how face-like the crop really is (a tilted head or a
 * pattern on a shirt otherwise passes the detector alone); it costs little next to the objects.
 */
export function humanConfig(wasmDir: string): Partial<HumanConfig> {
  return {
    backend: 'wasm',
    wasmPath: wasmDir,
    modelBasePath: MODEL_BASE_URL,
    debug: false,
    // Every photo is a new scene: no frame-to-frame caching or smoothing as for a webcam.
    cacheSensitivity: 0,
    cacheModels: false,
    filter: { enabled: false },
    gesture: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    segmentation: { enabled: false },
    face: {
      enabled: true,
      // Low floors here: FACE_MIN_SCORE and AUTO_TAG_MIN_OBJECT_SCORE decide later, in config.
      detector: { enabled: true, rotation: true, maxDetected: 100, minConfidence: 0.2, return: false },
      mesh: { enabled: true },
      iris: { enabled: false },
      description: { enabled: true },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      attention: { enabled: false },
      gear: { enabled: false },
    } as HumanConfig['face'],
    object: { enabled: true, modelPath: 'centernet.json', minConfidence: 0.2, maxDetected: 50 },
  } as Partial<HumanConfig>;
}
