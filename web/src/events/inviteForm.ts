import type { InviteCreateBody, MemberRole } from '@pixeli/contract';
import { z } from 'zod';

const Days = z.coerce.number().int().min(1, 'At least one day.').max(90, 'At most 90 days.');
const Uses = z.coerce
  .number()
  .int('A whole number.')
  .min(1, 'At least one person.')
  .max(10_000, 'At most 10,000.');

/** The form's text as the API's body: days become hours; an empty limit means none. */
export function inviteBody(
  role: MemberRole,
  days: string,
  maxUses: string,
): { body: InviteCreateBody } | { errors: Record<string, string> } {
  const d = Days.safeParse(days.trim() || Number.NaN);
  const u = maxUses.trim() ? Uses.safeParse(maxUses.trim()) : { success: true as const, data: null };
  const errors: Record<string, string> = {};
  if (!d.success) errors.days = d.error.issues[0]?.message ?? 'Enter a number of days.';
  if (!u.success) errors.uses = u.error.issues[0]?.message ?? 'Enter a number.';
  if (!d.success || !u.success) return { errors };
  return { body: { role, expires_in_hours: d.data * 24, max_uses: u.data } };
}
