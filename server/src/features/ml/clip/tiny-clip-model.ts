import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type OnnxGraph, onnxModelBytes } from './onnx-writer.js';
import { BYTE_TO_CHAR } from './tokenizer.js';

/**
 * For tests: a CLIP model folder small enough to build in a test, laid out as Hugging Face's
 * `Xenova/clip-vit-base-patch32` is (`onnx/vision_model.onnx`, `onnx/text_model.onnx`, `vocab.json`,
 * `merges.txt`), with the same input and output names and shapes, so the real loading, tokenizing,
 * inference, scoring and ranking code runs on it.
 *
 * Its answers mean something, in a space of three directions:
 * - the image encoder averages each normalised colour channel over the picture (ReduceMean) and
 *   projects (MatMul) onto [brightness, warmth (red minus blue), 0];
 * - the text encoder averages its tokens' embeddings (Gather, ReduceMean) and projects them onto the
 *   same space. Only a few words carry a direction: night, dark, low point to dark; daytime, bright,
 *   sunny to light; warm, red to warm. Every other token is zero and only dilutes, which a cosine
 *   does not see.
 * So a dark photo's nearest labels are "night event" and "low light", and a search for "dark"
 * finds it first.
 */

export const TINY_CLIP_WORDS: Record<string, [number, number, number]> = {
  night: [-1, 0, 0],
  dark: [-1, 0, 0],
  low: [-1, 0, 0],
  daytime: [1, 0, 0],
  bright: [1, 0, 0],
  sunny: [1, 0, 0],
  warm: [0, 1, 0],
  red: [0, 1, 0],
};

const DIRECTIONS = 3;

export interface TinyClipOptions {
  /** The embedding width; 512 as ViT-B/32's by default. */
  width?: number;
}

/** Writes the folder and returns it. */
export async function writeTinyClipModel(dir: string, options: TinyClipOptions = {}): Promise<string> {
  const width = options.width ?? 512;
  const { vocab, merges } = tinyVocabulary(Object.keys(TINY_CLIP_WORDS));
  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  await writeFile(path.join(dir, 'onnx', 'vision_model.onnx'), onnxModelBytes(visionGraph(width)));
  await writeFile(path.join(dir, 'onnx', 'text_model.onnx'), onnxModelBytes(textGraph(vocab, width)));
  await writeFile(path.join(dir, 'vocab.json'), JSON.stringify(Object.fromEntries(vocab)));
  await writeFile(path.join(dir, 'merges.txt'), `#version: 0.2\n${merges.join('\n')}\n`);
  return dir;
}

/** A projection from the three directions into `width` dimensions: the first three, as they are. */
function projection(width: number): Float32Array {
  const out = new Float32Array(DIRECTIONS * width);
  for (let d = 0; d < DIRECTIONS; d++) out[d * width + d] = 1;
  return out;
}

function visionGraph(width: number): OnnxGraph {
  // Channel means [r, g, b] -> [brightness, warmth, 0]: brightness is their average, warmth r - b.
  const toDirections = Float32Array.from([1 / 3, 1, 0, 1 / 3, 0, 0, 1 / 3, -1, 0]);
  return {
    nodes: [
      {
        op: 'ReduceMean',
        inputs: ['pixel_values'],
        outputs: ['channel_means'],
        attributes: { axes: [2, 3], keepdims: 0 },
      },
      { op: 'MatMul', inputs: ['channel_means', 'to_directions'], outputs: ['directions'] },
      { op: 'MatMul', inputs: ['directions', 'projection'], outputs: ['image_embeds'] },
    ],
    initializers: [
      { name: 'to_directions', dims: [3, DIRECTIONS], type: 'float', data: toDirections },
      { name: 'projection', dims: [DIRECTIONS, width], type: 'float', data: projection(width) },
    ],
    inputs: [{ name: 'pixel_values', type: 'float', shape: ['batch', 3, 224, 224] }],
    outputs: [{ name: 'image_embeds', type: 'float', shape: ['batch', width] }],
  };
}

function textGraph(vocab: Map<string, number>, width: number): OnnxGraph {
  const embeddings = new Float32Array(vocab.size * DIRECTIONS);
  for (const [word, direction] of Object.entries(TINY_CLIP_WORDS)) {
    const id = vocab.get(`${word}</w>`)!;
    embeddings.set(direction, id * DIRECTIONS);
  }
  return {
    nodes: [
      {
        op: 'Gather',
        inputs: ['token_embedding', 'input_ids'],
        outputs: ['tokens'],
        attributes: { axis: 0 },
      },
      {
        op: 'ReduceMean',
        inputs: ['tokens'],
        outputs: ['text_mean'],
        attributes: { axes: [1], keepdims: 0 },
      },
      { op: 'MatMul', inputs: ['text_mean', 'projection'], outputs: ['text_embeds'] },
    ],
    initializers: [
      { name: 'token_embedding', dims: [vocab.size, DIRECTIONS], type: 'float', data: embeddings },
      { name: 'projection', dims: [DIRECTIONS, width], type: 'float', data: projection(width) },
    ],
    inputs: [{ name: 'input_ids', type: 'int64', shape: ['batch', 'sequence'] }],
    outputs: [{ name: 'text_embeds', type: 'float', shape: ['batch', width] }],
  };
}

/**
 * A byte-level BPE vocabulary: every byte's character alone and word-final (so any text encodes),
 * the merges that spell each given word letter by letter into one `word</w>` token, and the two
 * special tokens last, as in CLIP's own.
 */
export function tinyVocabulary(words: string[]): { vocab: Map<string, number>; merges: string[] } {
  const vocab = new Map<string, number>();
  const add = (token: string) => {
    if (!vocab.has(token)) vocab.set(token, vocab.size);
  };
  const chars = BYTE_TO_CHAR;
  for (const c of chars) add(c);
  for (const c of chars) add(`${c}</w>`);
  const merges: string[] = [];
  for (const word of words) {
    let built = word[0]!;
    for (let i = 1; i < word.length; i++) {
      const next = i === word.length - 1 ? `${word[i]}</w>` : word[i]!;
      const merge = `${built} ${next}`;
      if (!merges.includes(merge)) merges.push(merge);
      built += next;
      add(built);
    }
  }
  add('<|startoftext|>');
  add('<|endoftext|>');
  return { vocab, merges };
}
