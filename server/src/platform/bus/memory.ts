import type { BusHandler, MessageBus } from './bus.js';

export function createMemoryBus(): MessageBus {
  const channels = new Map<string, Set<BusHandler>>();
  return {
    kind: 'memory',
    async publish(channel, message) {
      // Delivered on a later tick, as a network bus would: never inside the publisher's call stack.
      const handlers = [...(channels.get(channel) ?? [])];
      if (handlers.length === 0) return;
      setImmediate(() => {
        for (const handler of handlers) handler(message);
      });
    },
    async subscribe(channel, handler) {
      const set = channels.get(channel) ?? new Set();
      set.add(handler);
      channels.set(channel, set);
      return () => {
        set.delete(handler);
        if (set.size === 0) channels.delete(channel);
      };
    },
    async close() {
      channels.clear();
    },
  };
}
