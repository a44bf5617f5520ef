import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';
import sharp from 'sharp';
// The same launcher the benchmarks use: the built CLI in its own process, as an operator runs it.
import { api, bulkUpload, signUp, startServer } from '../../bench/server.mjs';

export interface Server {
  url: string;
  stop(): Promise<void>;
}

export interface WorldOptions {
  /** Photo analysis (faces, people, find-me) on: only for the stories about faces. */
  ml?: boolean;
}

/** A fresh server on an empty data folder; `close` stops it and removes the folder. */
export async function startWorld(options: WorldOptions = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-e2e-'));
  // As in the server's own tests: zod judges every answer the app gets, and the compiled serializer
  // must agree. No photo analysis unless asked: most stories' generated pictures hold no faces, and
  // the models would cost each server seconds of CPU on a two-core machine.
  const server: Server = await startServer(dataDir, {
    RESPONSE_SERIALIZER: 'checked',
    ML: options.ml ? 'on' : 'off',
  });
  return {
    server,
    dataDir,
    signUp: (username: string): Promise<string> => signUp(server, dataDir, username),
    /** JSON over HTTP as `T`; throws on a status outside `expect` (200 and 201 by default). */
    api: <T = unknown>(
      method: string,
      route: string,
      options: { body?: unknown; token?: string; expect?: number[] } = {},
    ) => api(server, method, route, options) as Promise<{ json: T }>,
    async close() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
export type World = Awaited<ReturnType<typeof startWorld>>;

/**
 * A fresh world for the spec file that calls it: started before its first test, stopped after its
 * last. The returned function gives it to hooks and tests registered after this call.
 */
export function useWorld(options: WorldOptions = {}): () => World {
  let world: World | undefined;
  test.beforeAll(async () => {
    world = await startWorld(options);
  });
  test.afterAll(async () => {
    await world?.close();
  });
  return () => {
    if (!world) throw new Error('the world is not started yet');
    return world;
  };
}

/** A real JPEG (a colour gradient a phone might have taken), uploaded and processed; its id. */
export async function uploadPhoto(world: World, token: string, eventId: string): Promise<string> {
  const width = 1200;
  const height = 800;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      pixels[at] = (x * 255) / width;
      pixels[at + 1] = (y * 255) / height;
      pixels[at + 2] = 160;
    }
  }
  const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg()
    .toBuffer();
  const form = new FormData();
  form.append('images', new Blob([jpeg], { type: 'image/jpeg' }), 'party.jpg');
  const [photoId] = (await bulkUpload(world.server, token, eventId, form)) as string[];
  for (let tries = 0; tries < 200; tries++) {
    const { json } = await world.api<{ status: string }>('GET', `/api/photos/${photoId}/`, { token });
    if (json.status === 'CO') return photoId!;
    if (json.status === 'FA') throw new Error(`processing failed: ${JSON.stringify(json)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the photo was not processed in time');
}
