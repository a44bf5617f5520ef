import { z } from 'zod';

export const HealthReply = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'down']),
  redis: z.enum(['ok', 'down', 'disabled']),
  version: z.string(),
});
export type HealthReply = z.infer<typeof HealthReply>;
