/**
 * The child process that runs Human (issue 13), started by `analyser.ts` with `child_process.fork`.
 * It loads the models once, when it starts, then answers one request at a time over the IPC
 * channel; the parent queues, times out, retires it when idle and starts a fresh one. A process of
 * its own, not a thread, so that everything the models take (tfjs's wasm heap, which only grows,
 * V8's heap, glibc's arenas) goes back to the system when it exits.
 */
import { createRequire } from 'node:module';
import type { FaceResult, Human as HumanInstance, ObjectResult } from '@vladmandic/human';
import type { AnalyseRequest, RawAnalysis, WorkerMessage } from './analyser-protocol.js';
import type { DetectedFace, DetectedObject } from './analysis.js';
import { meanLuma } from './brightness.js';
import { humanConfig } from './human-config.js';
import { localModelFetch, modelFiles } from './model-files.js';
import { toUnitVector } from './similarity.js';

/** A face this many pixels across (short side, in the analysed copy) is big enough to match well. */
const GOOD_FACE_SIZE_PX = 80;

const send = process.send?.bind(process);
if (!send) throw new Error('analyser-worker.ts runs as a child process forked by analyser.ts');
const reply = (message: WorkerMessage) => send(message);

// The parent gone (its exit, a crash, a SIGKILL) closes the channel: no one is left to answer.
process.on('disconnect', () => process.exit(0));

const files = modelFiles();
// tfjs asks `fetch` for the model files and gets them from disk.
globalThis.fetch = localModelFetch(files.modelsDir);

const started = performance.now();
const { Human } = createRequire(import.meta.url)(files.humanNodeWasm) as {
  Human: new (config: object) => HumanInstance;
};
const human = new Human(humanConfig(files.wasmDir));
await human.load();
reply({ type: 'ready', loadMs: Math.round(performance.now() - started) });

process.on('message', async (request: AnalyseRequest) => {
  try {
    reply({ type: 'analysed', id: request.id, analysis: await analyse(request) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    reply({ type: 'failed', id: request.id, reason });
  }
});

async function analyse({ pixels, width, height }: AnalyseRequest): Promise<RawAnalysis> {
  const input = human.tf.tensor3d(pixels, [height, width, 3], 'int32');
  try {
    const result = await human.detect(input);
    // Copied out at once: Human reuses its result objects on the next call.
    return {
      faces: result.face.filter((face) => face.embedding?.length).map(toDetectedFace),
      objects: result.object.map(toDetectedObject),
      brightness: meanLuma(pixels),
    };
  } finally {
    input.dispose();
  }
}

function toDetectedFace(face: FaceResult): DetectedFace {
  // The mesh can reach a little past the frame; boxes stay inside the photo.
  const [x, y, w, h] = face.boxRaw.map((v) => Math.min(1, Math.max(0, v))) as [
    number,
    number,
    number,
    number,
  ];
  const shortSidePx = Math.min(face.box[2], face.box[3]);
  return {
    box: { x, y, width: Math.min(w, 1 - x), height: Math.min(h, 1 - y) },
    score: face.score,
    quality: face.score * Math.min(1, shortSidePx / GOOD_FACE_SIZE_PX),
    embedding: toUnitVector(face.embedding ?? []),
  };
}

function toDetectedObject(object: ObjectResult): DetectedObject {
  return { label: object.label, score: object.score };
}
