import { performance } from 'node:perf_hooks';
import { requireFromServer } from '../server-deps.mjs';

/**
 * One socket-holding client, forked by sockets.mjs so its CPU is not the server's: it opens the
 * notification sockets it is told to (each belongs to an owner, by index), and for every
 * `notification` message reports when the first and the last of its sockets of that owner got it.
 * Messages on the IPC channel:
 *
 *   parent -> child  { op: 'open', id, url, sockets: [{ owner, token }], concurrency, rate }
 *                    { op: 'close', id, keep: { [owner]: sockets to keep } }
 *                    { op: 'clock', id }    { op: 'usage', id }    { op: 'exit' }
 *   child -> parent  { op: 'done', id, ... } for each request above,
 *                    { op: 'delivered', owner, target, actor, first, last, sockets }
 *
 * Times are `performance.timeOrigin + performance.now()`: milliseconds on a clock every process
 * on this machine shares (to well under a millisecond; the parent checks with `clock`).
 */
const { WebSocket } = requireFromServer('ws');

const now = () => performance.timeOrigin + performance.now();

/** Open sockets by owner, in the order they were opened. */
const byOwner = new Map();
/** owner -> `${target}|${actor}` -> { first, last, count }: a notification reaching that owner's sockets. */
const arriving = new Map();

const reply = (id, body) => process.send({ op: 'done', id, ...body });

function onMessage(owner, at, text) {
  // Only `notification` messages are timed; the unread_count after each is skipped unparsed.
  if (!text.startsWith('{"type":"notification"')) return;
  const { notification } = JSON.parse(text);
  const actor = notification.actor?.id;
  const key = `${notification.target_id}|${actor}`;
  const mine = arriving.get(owner) ?? new Map();
  arriving.set(owner, mine);
  const seen = mine.get(key) ?? { first: at, last: at, count: 0 };
  seen.count += 1;
  seen.last = at;
  mine.set(key, seen);
  const held = byOwner.get(owner)?.length ?? 0;
  if (seen.count < held) return;
  mine.delete(key);
  process.send({ op: 'delivered', owner, target: notification.target_id, actor, ...seen, sockets: held });
}

/** Resolves once the socket is open and its first message (unread_count, the server's hello) is in. */
function openOne(url, owner, token) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url}/api/ws/notifications/?token=${token}`, {
      perMessageDeflate: false,
    });
    let greeted = false;
    socket.on('message', (data) => {
      const at = now();
      const text = String(data);
      if (greeted) return onMessage(owner, at, text);
      if (!text.startsWith('{"type":"unread_count"')) return reject(new Error(`first message: ${text}`));
      greeted = true;
      resolve(socket);
    });
    socket.once('error', reject);
    socket.once('close', (code) => {
      if (!greeted) reject(new Error(`socket closed with ${code} before its first message`));
      const list = byOwner.get(owner);
      if (list?.includes(socket)) list.splice(list.indexOf(socket), 1);
    });
  });
}

/**
 * Opens `sockets` at most `concurrency` at a time, the i-th no earlier than `i / rate` seconds
 * after the start (people connect at their own moments, not all at once); reports how long each
 * handshake took until the server's first message.
 */
async function open({ id, url, sockets, concurrency, rate }) {
  const start = now();
  let next = 0;
  const failures = [];
  const handshakes = [];
  const lane = async () => {
    while (next < sockets.length) {
      const i = next++;
      const { owner, token } = sockets[i];
      const wait = start + (1000 * i) / rate - now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const began = now();
      try {
        const socket = await openOne(url, owner, token);
        handshakes.push(now() - began);
        const list = byOwner.get(owner) ?? [];
        list.push(socket);
        byOwner.set(owner, list);
      } catch (error) {
        failures.push(String(error?.message ?? error));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  reply(id, { handshakes, failures: failures.slice(0, 5) });
}

/**
 * Keeps `keep[owner]` of each owner's sockets, evenly spaced in opening order (so their heartbeats
 * stay spread over the period), and closes the rest.
 */
async function close({ id, keep }) {
  const closing = [];
  for (const [owner, list] of byOwner) {
    const kept = keep[owner] ?? 0;
    const keepAt = new Set(Array.from({ length: kept }, (_, j) => Math.floor((j * list.length) / kept)));
    const leaving = list.filter((_, i) => !keepAt.has(i));
    byOwner.set(
      owner,
      list.filter((_, i) => keepAt.has(i)),
    );
    for (const socket of leaving) {
      closing.push(new Promise((resolve) => socket.once('close', resolve)));
      socket.close(1000);
    }
  }
  await Promise.all(closing);
  reply(id, { closed: closing.length });
}

process.on('message', (message) => {
  const { op, id } = message;
  if (op === 'open') void open(message);
  else if (op === 'close') void close(message);
  else if (op === 'clock') reply(id, { at: now() });
  else if (op === 'usage') {
    const cpu = process.cpuUsage();
    let held = 0;
    for (const list of byOwner.values()) held += list.length;
    reply(id, { cpuSeconds: (cpu.user + cpu.system) / 1e6, rss: process.memoryUsage.rss(), held });
  } else if (op === 'exit') {
    for (const list of byOwner.values()) for (const socket of list) socket.terminate();
    process.disconnect();
  }
});
