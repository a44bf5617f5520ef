import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/**
 * The benchmark's side of the socket-holding client processes (client-process.mjs): forks them,
 * spreads each owner's sockets over them, and turns their `delivered` reports into one delivery
 * per like (the first socket of the photographer to hear of it, and the last).
 */

const CLIENT = fileURLToPath(new URL('./client-process.mjs', import.meta.url));

export const now = () => performance.timeOrigin + performance.now();

class ClientProcess {
  constructor(onDelivered) {
    this.child = fork(CLIENT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.waiting = new Map();
    this.nextId = 0;
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.on('message', (message) => {
      if (message.op === 'delivered') return onDelivered(message);
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
    void this.exited.then(() => {
      for (const resolve of this.waiting.values()) resolve({ error: 'client process exited' });
      this.waiting.clear();
    });
  }

  request(op, body = {}) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send({ op, id, ...body });
    });
  }
}

export class SocketClients {
  /** `count` client processes; `owners[i].token` opens the sockets of owner i. */
  constructor(count, url, owners) {
    this.url = url.replace(/^http/, 'ws');
    this.owners = owners;
    /** Sockets open per owner. */
    this.counts = owners.map(() => 0);
    /** `${owner}|${photo}|${liker}` -> { reports, clients, resolve } */
    this.expected = new Map();
    this.clients = Array.from({ length: count }, () => new ClientProcess((m) => this.#delivered(m)));
  }

  /** Which client holds socket number `n` of `owner`: round robin, shifted per owner. */
  #clientOf(owner, n) {
    return (owner + n) % this.clients.length;
  }

  /** How many of `owner`'s first `count` sockets client `i` holds. */
  #share(owner, count, i) {
    let mine = 0;
    for (let n = 0; n < count; n++) if (this.#clientOf(owner, n) === i) mine++;
    return mine;
  }

  get total() {
    return this.counts.reduce((sum, n) => sum + n, 0);
  }

  /**
   * Opens sockets until owner i has `targets[i]`, `rate` a second in all, socket number n of every
   * owner before number n + 1 of any; returns every handshake's duration.
   */
  async openUpTo(targets, { rate, concurrency }) {
    if (targets.length !== this.owners.length) throw new Error('one target per owner, please');
    const batches = this.clients.map(() => []);
    let added = 0;
    for (let n = Math.min(...this.counts); n < Math.max(...targets); n++) {
      this.owners.forEach(({ token }, owner) => {
        if (n < this.counts[owner] || n >= targets[owner]) return;
        batches[this.#clientOf(owner, n)].push({ owner, token });
        added++;
      });
    }
    const replies = await Promise.all(
      this.clients.map((client, i) =>
        client.request('open', {
          url: this.url,
          sockets: batches[i],
          concurrency,
          rate: (rate * batches[i].length) / Math.max(1, added),
        }),
      ),
    );
    const failures = replies.flatMap((r) => r.failures ?? [r.error]);
    if (failures.length > 0) throw new Error(`sockets failed to open: ${failures.join('; ')}`);
    this.counts = this.counts.map((n, owner) => Math.max(n, targets[owner]));
    await this.#check();
    return replies.flatMap((r) => r.handshakes);
  }

  /** Closes sockets until owner i has `targets[i]`; those kept stay spread over the heartbeat period. */
  async closeDownTo(targets) {
    const keep = (i) =>
      Object.fromEntries(targets.map((count, owner) => [owner, this.#share(owner, count, i)]));
    await Promise.all(this.clients.map((client, i) => client.request('close', { keep: keep(i) })));
    this.counts = this.counts.map((n, owner) => Math.min(n, targets[owner]));
    await this.#check();
  }

  async #check() {
    const held = (await this.usage()).reduce((sum, u) => sum + u.held, 0);
    if (held !== this.total) throw new Error(`${held} sockets open, expected ${this.total}`);
  }

  /** Each client's CPU seconds so far, resident memory and sockets held. */
  usage() {
    return Promise.all(this.clients.map((client) => client.request('usage')));
  }

  /**
   * How far each client's clock is from ours: its reading minus the midpoint of the round trip,
   * with half the round trip as the uncertainty; the tightest of several tries per client.
   */
  async clockOffsets(tries = 20) {
    const offsets = [];
    for (const client of this.clients) {
      let best;
      for (let i = 0; i < tries; i++) {
        const sent = now();
        const { at } = await client.request('clock');
        const back = now();
        const probe = { offset: at - (sent + back) / 2, uncertainty: (back - sent) / 2 };
        if (!best || probe.uncertainty < best.uncertainty) best = probe;
      }
      offsets.push(best);
    }
    return offsets;
  }

  /**
   * A promise for the delivery of `liker`'s like of `photo` to the sockets of `owner`: first and
   * last arrival over every client holding one, or `null` after `timeoutMs`. Call it before
   * sending the like, so an early delivery is not missed.
   */
  expectDelivery({ owner, photo, liker }, timeoutMs) {
    const key = `${owner}|${photo}|${liker}`;
    const clients = new Set(Array.from({ length: this.counts[owner] }, (_, n) => this.#clientOf(owner, n)))
      .size;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.expected.delete(key);
        resolve(null);
      }, timeoutMs);
      this.expected.set(key, {
        reports: [],
        clients,
        resolve: (value) => {
          clearTimeout(timer);
          this.expected.delete(key);
          resolve(value);
        },
      });
    });
  }

  #delivered({ owner, target, actor, first, last, sockets }) {
    const waiting = this.expected.get(`${owner}|${target}|${actor}`);
    if (!waiting) return;
    waiting.reports.push({ first, last, sockets });
    if (waiting.reports.length < waiting.clients) return;
    waiting.resolve({
      first: Math.min(...waiting.reports.map((r) => r.first)),
      last: Math.max(...waiting.reports.map((r) => r.last)),
      sockets: waiting.reports.reduce((sum, r) => sum + r.sockets, 0),
    });
  }

  async stop() {
    for (const client of this.clients) {
      if (client.child.connected) client.child.send({ op: 'exit' });
    }
    const timer = setTimeout(() => {
      for (const client of this.clients) client.child.kill('SIGKILL');
    }, 10_000);
    await Promise.all(this.clients.map((client) => client.exited));
    clearTimeout(timer);
  }
}
