import { randomBytes } from 'node:crypto';
import { requireFromServer } from './server-deps.mjs';

/**
 * For the measuring scripts that build a library in-process (find-me, clip): with `--postgres URL`
 * on the command line, a database of their own on that server, dropped afterwards; without it,
 * nothing (they run on the embedded engine in a scratch folder).
 *   const scratch = await scratchDatabase(process.argv, 'pixeli_clip');
 *   ... DATABASE_URL: scratch.url ...   (undefined when embedded)
 *   await scratch.drop();
 */
export async function scratchDatabase(argv, prefix) {
  const at = argv.indexOf('--postgres');
  const adminUrl = at > 0 ? argv[at + 1] : undefined;
  if (!adminUrl) return { url: undefined, drop: async () => {} };
  const pg = requireFromServer('pg');
  const admin = async (statement) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE ${name} WITH (FORCE)`) };
}

/** A repeatable stream of uniform (0, 1) and standard normal numbers from a seed. */
export function seededRandom(seed) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  const gaussian = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, gaussian };
}
