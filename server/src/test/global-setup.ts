import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase, PGLITE_EXTENSIONS } from '../db/client.js';
import { IN_CI, missingServices, TEST_DATABASE_URL } from './engines.js';

/**
 * Prepares migrated databases once per run, so each test file copies one instead of migrating:
 * a PGlite data-dir dump (restored in ~1 s instead of a ~6 s initdb) and, when PostgreSQL is
 * available, a template database that `CREATE DATABASE ... TEMPLATE` clones.
 */
export default async function setup(project: TestProject) {
  const missing = missingServices();
  if (missing.length > 0) {
    if (IN_CI) throw new Error(`CI=true but these suites would be skipped: ${missing.join(', ')}`);
    console.warn(`[pixeli tests] skipping suites; not set: ${missing.join(', ')}`);
  }

  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const pglite = new PGlite({ extensions: PGLITE_EXTENSIONS });
  const database = await openDatabase({ pglite });
  await database.migrate();
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const dumpPath = path.join(os.tmpdir(), `pixeli-pglite-${runId}.tar`);
  await writeFile(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteDumpPath', dumpPath);

  let templateName: string | undefined;
  if (TEST_DATABASE_URL) {
    templateName = `pixeli_tpl_${runId}`;
    await adminQuery(`CREATE DATABASE ${templateName}`);
    const templateDb = await openDatabase({ url: withDatabase(TEST_DATABASE_URL, templateName) });
    await templateDb.migrate();
    await templateDb.close();
  }
  project.provide('pgTemplate', templateName ?? '');

  return async () => {
    if (templateName) await adminQuery(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement on the server's maintenance connection (CREATE/DROP DATABASE). */
export async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDumpPath: string;
    pgTemplate: string;
  }
}
