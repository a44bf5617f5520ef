import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Where Human's code, its models and the tfjs wasm binaries are on disk. Everything the analyser
 * runs ships inside installed npm packages: nothing is ever fetched from the network.
 */
export function modelFiles() {
  // The package's exports only name its main file; the wasm build sits beside it.
  const humanDist = path.dirname(require.resolve('@vladmandic/human'));
  return {
    humanNodeWasm: path.join(humanDist, 'human.node-wasm.js'),
    modelsDir: path.join(humanDist, '..', 'models'),
    wasmDir: `${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}${path.sep}`,
  };
}

/**
 * A base URL that names no real host: tfjs only loads graph models over http(s), and every such
 * request goes through the fetch below, which answers it from the models folder.
 */
export const MODEL_BASE_URL = 'http://human-models.pixeli.invalid/';

/**
 * A `fetch` that serves MODEL_BASE_URL from `modelsDir` and refuses everything else, so a model
 * that is missing fails loudly instead of being downloaded.
 */
export function localModelFetch(modelsDir: string): typeof fetch {
  return async (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(MODEL_BASE_URL)) {
      throw new Error(`the analyser fetches nothing from the network (asked for ${url})`);
    }
    const name = decodeURIComponent(url.slice(MODEL_BASE_URL.length));
    const file = path.resolve(modelsDir, name);
    if (path.dirname(file) !== path.resolve(modelsDir)) throw new Error(`not a model file: ${name}`);
    try {
      return new Response(await readFile(file), { status: 200 });
    } catch {
      return new Response(null, { status: 404, statusText: `no model file ${name}` });
    }
  };
}
