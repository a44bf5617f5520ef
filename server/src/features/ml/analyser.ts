/**
 * The ML engine's front door (issue 13): `createAnalyser(config).analyse(pixels)` answers a
 * PhotoAnalysis without blocking this process. The models run in a child process of their own
 * (`analyser-worker.ts`), started on the first request, which loads them once; requests wait in a
 * queue and go in one at a time. A request that takes longer than ML_TIMEOUT_S kills the child (a
 * stuck wasm call cannot be interrupted any other way); that request fails and the next one starts
 * a fresh child. After ML_IDLE_EXIT_S without work the child is stopped, so a process that is not
 * analysing carries none of the models' few hundred megabytes (tfjs's wasm heap only ever grows).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config.js';
import type { AnalyseRequest, RawAnalysis, WorkerMessage } from './analyser-protocol.js';
import { analyserWorkerFile } from './analyser-worker-file.js';
import type { PhotoAnalysis } from './analysis.js';
import { type AutoTagSettings, autoTagsFor } from './auto-tags.js';

export type AnalyserSettings = AutoTagSettings &
  Pick<Config, 'ML_TIMEOUT_S' | 'ML_IDLE_EXIT_S' | 'FACE_MIN_SCORE'>;

/** The photo to analyse, already decoded: what the pipeline has in memory (see `decode.ts`). */
export interface AnalysisInput {
  /** 8-bit RGB, row by row, `width * height * 3` bytes; copied to the analyser's process. */
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
  /** Fails what is still queued and stops the child; the analyser can be used again after. */
  close(): Promise<void>;
  /** Model loads (one per child started) and photos analysed, for tests and benchmarks. */
  stats(): { loads: number; analysed: number };
  /** The process id of the child running the models, if one runs now (tests, benchmarks). */
  childPid(): number | undefined;
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

interface RunningChild {
  child: ChildProcess;
  ready: Promise<void>;
}

/**
 * The child's V8: flags of its own rather than the parent's (a profiler's, a test runner's). Its
 * big memory is tfjs's wasm heap, outside V8; a 1 MB young generation (16 MB by default) lowered
 * the child's peak from ~300 to ~270 MB, with CPU per photo within a busy machine's noise. A
 * smaller old space changed nothing (the models' JS objects are few).
 */
export const CHILD_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=1'];

/** Two glibc arenas, as `npm start` runs the server (README); an operator's own value wins. */
export const CHILD_ENV = (): NodeJS.ProcessEnv => ({ MALLOC_ARENA_MAX: '2', ...process.env });

export function createAnalyser(settings: AnalyserSettings): Analyser {
  const queue: Job[] = [];
  /** Every child not yet reaped, the running one and those stopped but still exiting. */
  const children = new Set<ChildProcess>();
  let running: RunningChild | undefined;
  let current: { job: Job; timer: NodeJS.Timeout | undefined } | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let nextId = 1;
  let loads = 0;
  let analysed = 0;

  function startChild(): RunningChild {
    const child = fork(fileURLToPath(analyserWorkerFile()), [], {
      // Pixels and embeddings cross as typed arrays (structured clone), not as JSON text.
      serialization: 'advanced',
      execArgv: [...CHILD_EXEC_ARGV],
      env: CHILD_ENV(),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.add(child);
    // The child also leaves when its channel closes; this covers a parent that exits while the
    // child is deep in a wasm call and reads no messages.
    const stopWithParent = () => child.kill('SIGKILL');
    process.on('exit', stopWithParent);
    const ready = new Promise<void>((resolve, reject) => {
      // A load that hangs would hold every queued photo: it gets the same allowance as one photo.
      const loadTimer = setTimeout(() => {
        reject(new Error(`they took longer than ${settings.ML_TIMEOUT_S} s`));
        child.kill('SIGKILL');
      }, settings.ML_TIMEOUT_S * 1000);
      const gone = (why: string) => {
        clearTimeout(loadTimer);
        process.off('exit', stopWithParent);
        children.delete(child);
        reject(new Error(why));
        childDied(child, why);
      };
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          clearTimeout(loadTimer);
          loads++;
          resolve();
        } else {
          settle(message);
        }
      });
      // A child that could not be started has no exit to wait for (a failed kill changes nothing).
      child.on('error', (error) => {
        if (child.pid === undefined) gone(`the analyser process did not start: ${error.message}`);
      });
      child.once('exit', (code, signal) => gone(`the analyser process exited (${signal ?? `code ${code}`})`));
    });
    ready.catch(() => {}); // a load failure is reported to the request waiting on it
    return { child, ready };
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

  function childDied(child: ChildProcess, why: string) {
    if (running?.child !== child) return;
    running = undefined;
    if (current) {
      clearTimeout(current.timer);
      current.job.reject(new AnalysisError('worker_failed', why));
      current = undefined;
    }
    pump();
  }

  /** Stops a child that is no longer wanted; its exit is then none of the queue's business. */
  function stop(worker: RunningChild) {
    if (running === worker) running = undefined;
    worker.child.kill('SIGKILL');
  }

  function pump() {
    if (current) return;
    const job = queue.shift();
    if (!job) return idle();
    clearTimeout(idleTimer);
    try {
      running ??= startChild();
    } catch (error) {
      job.reject(new AnalysisError('worker_failed', (error as Error).message));
      return pump();
    }
    current = { job, timer: undefined };
    const worker = running;
    keepAlive(worker.child, true);
    worker.ready.then(
      () => {
        if (current?.job !== job) return;
        current.timer = setTimeout(() => timedOut(worker, job), job.timeoutMs);
        const { pixels, width, height } = job.input;
        const request: AnalyseRequest = { id: job.id, pixels, width, height };
        // A failed send means the channel is gone: the child's exit then fails this request.
        worker.child.send(request, (error) => error && worker.child.kill('SIGKILL'));
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

  /** Nothing to do: the child may not hold this process open, and leaves after ML_IDLE_EXIT_S. */
  function idle() {
    const worker = running;
    if (!worker) return;
    keepAlive(worker.child, false);
    if (settings.ML_IDLE_EXIT_S === 0) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (running === worker && !current) stop(worker);
    }, settings.ML_IDLE_EXIT_S * 1000).unref();
  }

  function timedOut(worker: RunningChild, job: Job) {
    if (current?.job !== job) return;
    current = undefined;
    stop(worker);
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
      clearTimeout(idleTimer);
      running = undefined;
      if (current) {
        clearTimeout(current.timer);
        current.job.reject(new AnalysisError('closed', 'the analyser was closed'));
        current = undefined;
      }
      await Promise.all([...children].map(killAndWait));
    },
    stats: () => ({ loads, analysed }),
    childPid: () => running?.child.pid,
  };
}

/** A child's IPC channel keeps its parent alive as the child itself does: both follow `on`. */
function keepAlive(child: ChildProcess, on: boolean) {
  if (on) {
    child.ref();
    child.channel?.ref();
  } else {
    child.unref();
    child.channel?.unref();
  }
}

function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Whoever awaits the exit must get it: an idle child no longer holds the event loop open.
  keepAlive(child, true);
  child.kill('SIGKILL');
  return exited;
}

/** Thresholds and tags, applied here so the child only reports what the models saw. */
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
