import type { SideEffects } from './context.js';
import { notificationReactions } from './features/notifications/reactions.js';
import { announceCommitted } from './features/realtime/service.js';

/**
 * The side-effect table of the whole process, as Immich's `@OnEvent` handlers are: every fact a
 * service records (`facts.ts`) writes its notifications in the same transaction, and once that
 * commits the sockets hear of it. `main.ts` and the test harness hand it to `createContext`.
 */
export const sideEffects: SideEffects = {
  react: (ctx, tx, fact, changes) =>
    // The table is keyed by fact type; TypeScript cannot narrow the pair, the table's type does.
    (notificationReactions[fact.type] as (...args: Parameters<SideEffects['react']>) => Promise<void>)(
      ctx,
      tx,
      fact,
      changes,
    ),
  committed: announceCommitted,
};
