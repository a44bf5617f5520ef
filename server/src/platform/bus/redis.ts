import { Redis } from 'ioredis';
import type { BusHandler, MessageBus } from './bus.js';

/** Redis pub/sub: one subscriber connection per process, channels subscribed while anyone listens. */
export function createRedisBus(redisUrl: string, publisher: Redis, prefix: string): MessageBus {
  const subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
  subscriber.on('error', () => {});
  const channels = new Map<string, Set<BusHandler>>();
  subscriber.on('message', (channel: string, text: string) => {
    const handlers = channels.get(channel.slice(prefix.length));
    if (!handlers) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    for (const handler of handlers) handler(message);
  });
  return {
    kind: 'redis',
    async publish(channel, message) {
      await publisher.publish(prefix + channel, JSON.stringify(message));
    },
    async subscribe(channel, handler) {
      let set = channels.get(channel);
      if (!set) {
        set = new Set();
        channels.set(channel, set);
        await subscriber.subscribe(prefix + channel);
      }
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0) {
          channels.delete(channel);
          void subscriber.unsubscribe(prefix + channel).catch(() => {});
        }
      };
    },
    async close() {
      channels.clear();
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
