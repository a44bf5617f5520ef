/**
 * Which real databases and Redis the integration suites run on. PGlite always; PostgreSQL and
 * Redis when their test URLs are set. With CI=true a missing URL fails the run instead of skipping.
 */
export const TEST_DATABASE_URL = process.env.PIXELI_TEST_DATABASE_URL || undefined;
export const TEST_REDIS_URL = process.env.PIXELI_TEST_REDIS_URL || undefined;
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export type Engine = 'pglite' | 'postgres';

export function missingServices(): string[] {
  const missing: string[] = [];
  if (!TEST_DATABASE_URL) missing.push('PIXELI_TEST_DATABASE_URL (PostgreSQL suites)');
  if (!TEST_REDIS_URL) missing.push('PIXELI_TEST_REDIS_URL (Redis suites)');
  return missing;
}
