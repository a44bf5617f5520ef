/**
 * Realtime fan-out: a message published on a channel (`user:<id>`, `event:<id>`) reaches every
 * subscriber in every process. In-process by default; Redis pub/sub when `REDIS_URL` is set, so a
 * socket on one server hears an action taken on another.
 */
export type BusHandler = (message: unknown) => void;

export interface MessageBus {
  readonly kind: 'memory' | 'redis';
  publish(channel: string, message: unknown): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(channel: string, handler: BusHandler): Promise<() => void>;
  close(): Promise<void>;
}
