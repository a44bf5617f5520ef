import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../server.mjs';
import { loadName, runBurst } from './burst.mjs';
import { SocketClients } from './sockets.mjs';
import { makeWorld, planLikes } from './world.mjs';

/**
 * The realtime benchmark's run: a real `pixeli serve` (embedded PGlite, in-process bus); the
 * photographers' sockets and the bystanders' idle ones held by separate client processes. First
 * sockets are added count by count up to the most, reading the server's memory at each; then, from
 * the most sockets down to the fewest, the server's idle CPU and bursts of likes, one burst per
 * load (a number of likes in flight, or a pace of likes a second).
 */

/** The server's default ping interval, set explicitly so the pacing below can rely on it. */
export const HEARTBEAT_S = 25;
/**
 * Sockets connect at this rate in all: 5,000 take about one heartbeat period, so their heartbeats
 * are spread over it as when people connect at their own moments (a mass reconnect would bunch
 * them). Closing sockets keeps the rest evenly spread (client-process.mjs).
 */
export const OPEN_RATE = 200;
/** Handshakes each client process may have in progress at once. */
const OPEN_CONCURRENCY = 50;
/** People who like; each photographer gets as many photos as it takes to never like one twice. */
export const LIKERS = 20;
/** Owners of the idle sockets, each holding an equal share. */
export const BYSTANDERS = 50;
/** Quiet time before idle CPU is read, and the window it is read over. */
export const SETTLE_MS = 2000;
export const IDLE_MS = 5000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sockets per owner (photographers first, then bystanders) for `total` sockets in all. */
function socketTargets(o, total) {
  const idle = total - o.photographers * o.perPhotographer;
  return [
    ...Array.from({ length: o.photographers }, () => o.perPhotographer),
    ...Array.from(
      { length: BYSTANDERS },
      (_, b) => Math.floor(idle / BYSTANDERS) + (b < idle % BYSTANDERS ? 1 : 0),
    ),
  ];
}

/** `serverEnv` adds settings to the server's environment, for experiments. */
export async function measureRealtime(o, log, serverEnv = {}) {
  const totalLikes = o.warmup + o.likes * o.sockets.length * o.loads.length;
  const photos = Math.ceil(totalLikes / o.photographers / LIKERS);
  const targets = o.sockets.map((total) => socketTargets(o, total));
  const env = {
    WS_MAX_PER_USER: String(Math.max(...targets.flat())),
    WS_HEARTBEAT_S: String(HEARTBEAT_S),
    // Setup signs up many people from one address; the abuse limits would refuse it.
    RATE_SIGNUP_PER_IP: '100000',
    RATE_VERIFY_PER_IP: '100000',
    RATE_MAIL_PER_IP: '100000',
    // Likes and sockets are measured, not the analysis of the setup's photos.
    ML: 'off',
    ...serverEnv,
  };
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-bench-realtime-'));
  let server;
  let clients;
  try {
    server = await startServer(dataDir, env);
    const counts = { photographers: o.photographers, likers: LIKERS, bystanders: BYSTANDERS, photos };
    const world = await makeWorld(server, dataDir, counts, log);
    // A server runs on a data folder made long ago, with nothing left from setting it up.
    await server.stop();
    server = await startServer(dataDir, env);
    const used = world.photographers.map(() => 0);
    clients = new SocketClients(o.clients, server.url, [...world.photographers, ...world.bystanders]);
    const clock = await clients.clockOffsets();
    const open = { rate: OPEN_RATE, concurrency: OPEN_CONCURRENCY };

    // The fewest sockets, untimed, then warm-up likes: the server's code paths compiled and its
    // caches filled before anything is measured.
    await clients.openUpTo(targets[0], open);
    log(`warm-up: ${o.warmup} likes`);
    const warmup = await runBurst(server, clients, planLikes(world, o.warmup, used), { inFlight: 20 });
    if (warmup.results.some((r) => r.first === null)) throw new Error('a warm-up like was never delivered');

    await sleep(SETTLE_MS);

    // Up to the most sockets, one count after another with no pause between them (so the
    // heartbeats stay evenly spread) and before any burst grows the heap: memory at each count.
    const points = [{ sockets: o.sockets[0], rss: (await server.memory()).rss }];
    for (const [i, total] of o.sockets.entries()) {
      if (i === 0) continue;
      log(`opening sockets up to ${total}`);
      const cpuBefore = await server.cpuSeconds();
      const handshakes = await clients.openUpTo(targets[i], open);
      const openCpuSeconds = (await server.cpuSeconds()) - cpuBefore;
      points.push({ sockets: total, handshakes, openCpuSeconds, rss: (await server.memory()).rss });
    }

    // From the most sockets down to the fewest: idle CPU, then the bursts.
    for (const [i, point] of [...points.entries()].reverse()) {
      await clients.closeDownTo(targets[i]);
      await sleep(SETTLE_MS);
      const idleBefore = await server.cpuSeconds();
      await sleep(IDLE_MS);
      point.idleCpuShare = ((await server.cpuSeconds()) - idleBefore) / (IDLE_MS / 1000);
      point.clientRss = (await clients.usage()).reduce((sum, u) => sum + u.rss, 0);
      point.bursts = [];
      for (const load of o.loads) {
        log(`burst: ${o.likes} likes, ${loadName(load)}, ${point.sockets} sockets`);
        const burst = await runBurst(server, clients, planLikes(world, o.likes, used), load);
        point.bursts.push({ load, ...burst });
        await sleep(1000);
      }
    }
    return { clock, photos, points };
  } catch (error) {
    if (server) console.error(server.output());
    throw error;
  } finally {
    await clients?.stop();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
