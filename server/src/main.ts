#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { buildApp } from './app.js';
import { analyseStoredPhotos, parseAnalyseArgs, progressLine } from './cli/analyse.js';
import { CliError, createAdmin } from './cli/create-admin.js';
import { lockDataDir } from './cli/data-dir-lock.js';
import { describeSeed } from './cli/demo/summary.js';
import { createEmbeddedDatabaseApart } from './cli/first-start.js';
import { stopGracefully } from './cli/graceful-stop.js';
import { DEMO_PASSWORD, parseSeedDemoArgs, seedDemo } from './cli/seed-demo.js';
import { explainStartupError } from './cli/startup-errors.js';
import { type Config, ConfigError, DEFAULT_DATA_DIR, loadConfig, wildcardHostWarning } from './config.js';
import { createContext } from './context.js';
import { warmEmbeddingCache } from './features/ml/service.js';
import { startPhotoWorker } from './features/photos/processing.js';
import { sideEffects } from './side-effects.js';
import { PIXELI_VERSION } from './version.js';

const USAGE = `pixeli ${PIXELI_VERSION}: private photo sharing for group events

Usage:
  pixeli serve [--no-worker]   migrate the database, then serve the API (HOST:PORT, default 127.0.0.1:8000)
                               and process photos in the same process unless --no-worker
  pixeli worker                process photos only (run any number of them beside the servers)
  pixeli migrate               apply pending database migrations and exit
  pixeli create-admin [--username U] [--email E] [--password P]
                               create an active administrator (asks for what is missing;
                               the password prompt does not echo)
  pixeli seed-demo [--users N] [--events N] [--photos N] [--seed S] [--append] [--images]
                               fill an EMPTY database with realistic fake people, events and photos
                               (rows only unless --images also stores pictures for them; defaults
                               200/30/3000); every account's password is "pixeli-demo"; --append
                               allows a database that has accounts

  pixeli analyse [--event E] [--redo]
                               find faces and auto tags in processed photos that were stored
                               before analysis existed, with ML off, or whose analysis failed
                               (--redo: every photo again); one event with --event

Configuration comes from the environment and an optional .env file; see README.md.
Unless DATA_DIR says otherwise, data lives in ${DEFAULT_DATA_DIR}, whichever folder pixeli starts in.`;

/** This file, as started: child processes run the same build. */
const mainScript = fileURLToPath(import.meta.url);

/** The commands that open the database, each of which holds the embedded DATA_DIR while it runs. */
const DATABASE_COMMANDS = new Set(['serve', 'worker', 'migrate', 'create-admin', 'seed-demo', 'analyse']);

/** Set once the configuration is read, so a start-up failure can be explained in its terms. */
let loadedConfig: Config | undefined;

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  if (command === '--version' || command === 'version') {
    console.log(PIXELI_VERSION);
    return;
  }
  loadDotenv({ quiet: true });
  const config = loadConfig();
  loadedConfig = config;
  const lock = DATABASE_COMMANDS.has(command) ? lockDataDir(config, command) : undefined;

  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { 'no-worker': { type: 'boolean' } } });
      await createEmbeddedDatabaseApart(config, mainScript);
      const ctx = await createContext(config, sideEffects);
      await ctx.database.migrate();
      const app = await buildApp(ctx);
      stopGracefully(ctx, app);
      if (!values['no-worker']) await startPhotoWorker(ctx);
      await app.listen({ port: config.PORT, host: config.HOST });
      if (config.CLIP_MODEL_DIR) {
        // In the background: the first free-text search then finds the photos' vectors in memory.
        warmEmbeddingCache(ctx).then(
          (count) => ctx.log.info({ count }, 'CLIP embeddings held in memory'),
          (error) => ctx.log.warn({ err: error }, 'CLIP embeddings could not be read ahead'),
        );
      }
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.PORT;
      lock?.setPort(port);
      const url =
        config.PUBLIC_URL ?? `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
      ctx.log.info(
        { url, database: ctx.database.engine, mail: ctx.mailer.kind, limiter: ctx.limiter.kind },
        `Pixel-i is serving at ${url} (API docs at ${url}/api/docs)`,
      );
      const linkWarning = wildcardHostWarning(config);
      if (linkWarning) ctx.log.warn(linkWarning);
      return;
    }
    case 'worker': {
      await createEmbeddedDatabaseApart(config, mainScript);
      const ctx = await createContext(config, sideEffects);
      await ctx.database.migrate();
      stopGracefully(ctx);
      await startPhotoWorker(ctx);
      ctx.log.info(
        { database: ctx.database.engine, queue: ctx.queue.kind, concurrency: config.PROCESSING_CONCURRENCY },
        'Pixel-i worker is processing photos',
      );
      return;
    }
    case 'migrate': {
      const ctx = await createContext(config, sideEffects);
      await ctx.database.migrate();
      ctx.log.info({ database: ctx.database.engine }, 'migrations applied');
      await ctx.close();
      return;
    }
    case 'create-admin': {
      const { values } = parseArgs({
        args: rest,
        options: { username: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' } },
      });
      const ctx = await createContext(config, sideEffects);
      try {
        await ctx.database.migrate();
        const admin = await createAdmin(ctx, values);
        console.log(`Administrator ${admin.username} <${admin.email}> is ready to sign in.`);
      } finally {
        await ctx.close();
      }
      return;
    }
    case 'seed-demo': {
      const options = parseSeedDemoArgs(rest);
      const ctx = await createContext(config, sideEffects);
      try {
        await ctx.database.migrate();
        const summary = await seedDemo(ctx, options, (line) => console.log(line));
        console.log(describeSeed(summary, DEMO_PASSWORD).join('\n'));
      } finally {
        await ctx.close();
      }
      return;
    }
    case 'analyse': {
      const options = parseAnalyseArgs(rest);
      const ctx = await createContext(config, sideEffects);
      try {
        await ctx.database.migrate();
        // On a terminal the bar redraws in place; in a log, a line every tenth of the way.
        const live = process.stdout.isTTY;
        let lastTenth = -1;
        const summary = await analyseStoredPhotos(ctx, options, (p) => {
          const tenth = p.total ? Math.floor(((p.done + p.failed) * 10) / p.total) : 10;
          if (live) process.stdout.write(`\r${progressLine(p)}`);
          else if (tenth !== lastTenth) console.log(progressLine(p));
          lastTenth = tenth;
        });
        if (live) process.stdout.write('\n');
        console.log(
          summary.total === 0
            ? 'No photo needs analysing.'
            : `Analysed ${summary.done} photo(s); ${summary.failed} failed (their reason is on the photo).`,
        );
      } finally {
        await ctx.close();
      }
      return;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error) => {
  const explained = loadedConfig && explainStartupError(error, loadedConfig);
  if (error instanceof ConfigError || error instanceof CliError) {
    console.error(error.message);
  } else if (explained) {
    console.error(explained);
  } else {
    console.error(error);
  }
  process.exit(error instanceof CliError ? error.exitCode : 1);
});
