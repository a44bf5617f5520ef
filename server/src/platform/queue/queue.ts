/**
 * Background jobs. The database row stays the truth (a photo is pending until its job commits a
 * result), so a queue only has to deliver each job at least once; handlers are idempotent.
 */
export interface JobPayloads {
  'process-photo': { photoId: string };
  /** Auto tags and faces of a processed photo (features/ml/analyse-photo.ts). */
  'analyse-photo': { photoId: string };
}
export type JobName = keyof JobPayloads;

export type JobHandler<N extends JobName> = (data: JobPayloads[N], attempt: number) => Promise<void>;

export interface JobQueue {
  readonly kind: 'memory' | 'bullmq';
  /** Queues a job; the same `jobId` queued twice while pending runs once. */
  enqueue<N extends JobName>(name: N, data: JobPayloads[N], options?: { jobId?: string }): Promise<void>;
  /**
   * Starts consuming `name` jobs in this process. A handler that throws is retried with exponential
   * backoff up to `maxAttempts`, unless it throws `PermanentJobError`; `onFailed` hears the final failure.
   */
  work<N extends JobName>(
    name: N,
    handler: JobHandler<N>,
    options: {
      concurrency: number;
      maxAttempts: number;
      onFailed?: (data: JobPayloads[N], error: Error) => Promise<void>;
    },
  ): void;
  /** Resolves once nothing is queued, waiting for retry, or running (tests and graceful shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** A failure that another try cannot fix (a file that is not an image): no retry. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}
