/**
 * The ML engine's front door (issue 13): `createAnalyser(config).analyse(pixels)` answers a
 * PhotoAnalysis without blocking this thread. One worker thread per analyser, started on the first
 * request, loads the models once; requests wait in a queue and go in one at a time. A request that
 * takes longer than ML_TIMEOUT_S kills the worker (a stuck wasm call cannot be interrupted any
 * other way); that request fails and the next one starts a fresh worker.
 */
import { Worker } from 'node:worker_threads';
import type { Config } from '../../config.js';
import type { RawAnalysis, WorkerMessage } from './analyser-protocol.js';
import { analyserWorkerFile } from './analyser-worker-file.js';
import type { PhotoAnalysis } from './analysis.js';
import { type AutoTagSettings, autoTagsFor } from './auto-tags.js';

export type AnalyserSettings = AutoTagSettings & Pick<Config, 'ML_TIMEOUT_S' | 'FACE_MIN_SCORE'>;

/** The photo to analyse, already decoded: what the pipeline has in memory (see `decode.ts`). */
export interface AnalysisInput {
  /**
   * 8-bit RGB, row by row, `width * height * 3` bytes. Its buffer is transferred to the worker (it
   * is empty afterwards) when it can be; Node's Buffers that must stay put (sharp's output, the
   * pool) are copied instead, about a millisecond for a 1024 px photo.
   */
  pixels: Uint8Array;
  width: number;
  height: number;
  /** The hour on the camera's clock, for the daytime / night tags. */
  localHour?: number | undefined;
}

export interface AnalyseOptions {
  /** A tighter deadline than ML_TIMEOUT_S, for a person waiting on the answer (a selfie). */
  timeoutMs?: number;
}

export interface Analyser {
  analyse(input: AnalysisInput, options?: AnalyseOptions): Promise<PhotoAnalysis>;
  /** Fails what is still queued and stops the worker; the analyser can be used again after. */
  close(): Promise<void>;
  /** Model loads (one per worker started) and photos analysed, for tests and benchmarks. */
  stats(): { loads: number; analysed: number };
}

export type AnalysisFailureReason = 'bad_input' | 'timeout' | 'worker_failed' | 'analysis_failed' | 'closed';

/** Why one photo could not be analysed; `code` is stored with the photo's analysis state. */
export class AnalysisError extends Error {
  override name = 'AnalysisError';
  constructor(
    readonly code: AnalysisFailureReason,
    message: string,
  ) {
    super(message);
  }
}

interface Job {
  id: number;
  input: AnalysisInput;
  timeoutMs: number;
  resolve: (analysis: PhotoAnalysis) => void;
  reject: (error: AnalysisError) => void;
}

interface RunningWorker {
  thread: Worker;
  ready: Promise<void>;
}

export function createAnalyser(settings: AnalyserSettings): Analyser {
  const queue: Job[] = [];
  let running: RunningWorker | undefined;
  let current: { job: Job; timer: NodeJS.Timeout | undefined } | undefined;
  let nextId = 1;
  let loads = 0;
  let analysed = 0;

  function startWorker(): RunningWorker {
    const thread = new Worker(analyserWorkerFile());
    const ready = new Promise<void>((resolve, reject) => {
      // A load that hangs would hold every queued photo: it gets the same allowance as one photo.
      const loadTimer = setTimeout(() => {
        reject(new Error(`they took longer than ${settings.ML_TIMEOUT_S} s`));
        void thread.terminate();
      }, settings.ML_TIMEOUT_S * 1000);
      thread.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          clearTimeout(loadTimer);
          loads++;
          resolve();
        } else {
          settle(message);
        }
      });
      thread.on('error', (error) => {
        clearTimeout(loadTimer);
        reject(error);
        workerDied(thread, `the analyser worker failed: ${error.message}`);
      });
      thread.on('exit', (code) => {
        clearTimeout(loadTimer);
        reject(new Error(`the worker exited (code ${code})`));
        workerDied(thread, `the analyser worker exited (code ${code})`);
      });
    });
    ready.catch(() => {}); // a load failure is reported to the request waiting on it
    return { thread, ready };
  }

  function settle(message: Exclude<WorkerMessage, { type: 'ready' }>) {
    if (!current || current.job.id !== message.id) return;
    const { job, timer } = current;
    clearTimeout(timer);
    current = undefined;
    if (message.type === 'analysed') {
      analysed++;
      job.resolve(finish(message.analysis, job.input, settings));
    } else {
      job.reject(new AnalysisError('analysis_failed', message.reason));
    }
    pump();
  }

  function workerDied(thread: Worker, why: string) {
    if (running?.thread !== thread) return;
    running = undefined;
    if (current) {
      clearTimeout(current.timer);
      current.job.reject(new AnalysisError('worker_failed', why));
      current = undefined;
    }
    pump();
  }

  function pump() {
    if (current) return;
    const job = queue.shift();
    // An idle worker must not keep a finished process (a CLI run, a test file) alive; a busy one must.
    if (!job) return running?.thread.unref();
    try {
      running ??= startWorker();
    } catch (error) {
      job.reject(new AnalysisError('worker_failed', (error as Error).message));
      return pump();
    }
    current = { job, timer: undefined };
    const worker = running;
    worker.thread.ref();
    worker.ready.then(
      () => {
        if (current?.job !== job) return;
        current.timer = setTimeout(() => timedOut(worker, job), job.timeoutMs);
        const { pixels, width, height } = job.input;
        const owned = ownsItsBuffer(pixels) ? pixels : pixels.slice();
        worker.thread.postMessage({ id: job.id, pixels: owned, width, height }, [
          owned.buffer as ArrayBuffer,
        ]);
      },
      (error: Error) => {
        if (running === worker) running = undefined;
        if (current?.job !== job) return;
        current = undefined;
        job.reject(new AnalysisError('worker_failed', `the models did not load: ${error.message}`));
        pump();
      },
    );
  }

  function timedOut(worker: RunningWorker, job: Job) {
    if (current?.job !== job) return;
    current = undefined;
    if (running === worker) running = undefined;
    void worker.thread.terminate();
    job.reject(new AnalysisError('timeout', `the analysis took longer than ${job.timeoutMs} ms`));
    pump();
  }

  return {
    analyse(input, options = {}) {
      const problem = inputProblem(input) ?? timeoutProblem(options.timeoutMs);
      if (problem) return Promise.reject(new AnalysisError('bad_input', problem));
      return new Promise<PhotoAnalysis>((resolve, reject) => {
        const timeoutMs = options.timeoutMs ?? settings.ML_TIMEOUT_S * 1000;
        queue.push({ id: nextId++, input, timeoutMs, resolve, reject });
        pump();
      });
    },
    async close() {
      for (const job of queue.splice(0)) job.reject(new AnalysisError('closed', 'the analyser was closed'));
      const worker = running;
      running = undefined;
      if (current) {
        clearTimeout(current.timer);
        current.job.reject(new AnalysisError('closed', 'the analyser was closed'));
        current = undefined;
      }
      if (worker) await worker.thread.terminate();
    },
    stats: () => ({ loads, analysed }),
  };
}

/** Thresholds and tags, applied here so the worker only reports what the models saw. */
function finish(raw: RawAnalysis, input: AnalysisInput, settings: AnalyserSettings): PhotoAnalysis {
  const faces = raw.faces.filter((face) => face.score >= settings.FACE_MIN_SCORE);
  const autoTags = autoTagsFor(
    { faces, objects: raw.objects, brightness: raw.brightness, localHour: input.localHour },
    settings,
  );
  return { faces, objects: raw.objects, brightness: raw.brightness, autoTags };
}

function inputProblem({ pixels, width, height }: AnalysisInput): string | undefined {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    return `width and height must be positive whole numbers (got ${width} x ${height})`;
  }
  if (!(pixels instanceof Uint8Array) || pixels.length !== width * height * 3) {
    return `expected ${width * height * 3} bytes of RGB for ${width} x ${height}, got ${pixels?.length ?? 'none'}`;
  }
  return undefined;
}

function timeoutProblem(timeoutMs: number | undefined): string | undefined {
  if (timeoutMs === undefined || (Number.isFinite(timeoutMs) && timeoutMs > 0)) return undefined;
  return `timeoutMs must be a positive number of milliseconds (got ${timeoutMs})`;
}

/** A view over a whole ArrayBuffer of its own can be transferred; a slice of Node's pool cannot. */
function ownsItsBuffer(pixels: Uint8Array): boolean {
  return (
    pixels.byteOffset === 0 &&
    pixels.byteLength === pixels.buffer.byteLength &&
    pixels.buffer instanceof ArrayBuffer
  );
}
