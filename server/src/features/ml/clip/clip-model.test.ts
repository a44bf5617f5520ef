import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clip } from './clip.js';
import { type ClipModel, loadClipModel } from './clip-model.js';
import { CLIP_LABELS } from './labels.js';
import { CLIP_IMAGE_SIZE, clipPixelValues } from './preprocess.js';
import { writeTinyClipModel } from './tiny-clip-model.js';
import { mergeAutoTags, zeroShotTags } from './zero-shot.js';

/**
 * The CLIP code on a real onnxruntime with the tiny model the test builds (tiny-clip-model.ts):
 * its image embedding is the picture's brightness and warmth, and a few words point the same way.
 */

const solid = async (r: number, g: number, b: number, width = 320, height = 200) => {
  const { data, info } = await sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { pixels: new Uint8Array(data), width: info.width, height: info.height };
};

let dir: string;
let model: ClipModel;

beforeAll(async () => {
  dir = await writeTinyClipModel(await mkdtemp(path.join(os.tmpdir(), 'pixeli-clip-')));
  model = await loadClipModel(dir);
});
afterAll(async () => {
  await model?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('CLIP image preprocessing', () => {
  it('centre-crops the shortest side to 224 and normalises each channel plane by CLIP mean and spread', async () => {
    // Left half black, right half white, 400 x 200: the crop keeps the middle 200 columns, half each.
    const { data } = await sharp({
      create: { width: 400, height: 200, channels: 3, background: { r: 0, g: 0, b: 0 } },
    })
      .composite([
        {
          input: { create: { width: 200, height: 200, channels: 3, background: '#ffffff' } },
          left: 200,
          top: 0,
        },
      ])
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const values = await clipPixelValues({ pixels: new Uint8Array(data), width: 400, height: 200 });
    const plane = CLIP_IMAGE_SIZE * CLIP_IMAGE_SIZE;
    expect(values).toHaveLength(3 * plane);
    const red = (x: number, y: number) => values[y * CLIP_IMAGE_SIZE + x]!;
    const blue = (x: number, y: number) => values[2 * plane + y * CLIP_IMAGE_SIZE + x]!;
    expect(red(5, 100)).toBeCloseTo((0 - 0.48145466) / 0.26862954, 3);
    expect(red(218, 100)).toBeCloseTo((1 - 0.48145466) / 0.26862954, 3);
    expect(blue(218, 100)).toBeCloseTo((1 - 0.40821073) / 0.27577711, 3);
  });
});

describe('a CLIP model folder', () => {
  it('embeds images and texts as unit vectors of the declared width', async () => {
    const image = await model.embedImage(await clipPixelValues(await solid(20, 20, 20)));
    expect(image).toHaveLength(512);
    expect(Math.hypot(...image)).toBeCloseTo(1, 5);
    const [night, day] = await model.embedTexts(['night event', 'daytime event']);
    expect(Math.hypot(...night!)).toBeCloseTo(1, 5);
    // A dark picture points where "night" does and away from "daytime".
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
    expect(dot(image, night!)).toBeGreaterThan(0.9);
    expect(dot(image, day!)).toBeLessThan(-0.9);
    expect(model.fingerprint).toMatch(/^vision_model:\d+\+\d+\/512$/);
  });

  it('feeds the text encoder only the inputs it declares (this one takes no attention_mask)', async () => {
    // onnxruntime refuses a feed the model does not declare; this run would throw if one were sent.
    await expect(model.embedTexts(['warm'])).resolves.toHaveLength(1);
  });

  it('says which file is missing or which names are wrong', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'pixeli-clip-bad-'));
    await expect(loadClipModel(empty)).rejects.toThrow(/no vision_model\.onnx in .*looked in/);
    // The encoders swapped: the files load, but their names are not a vision encoder's.
    const swapped = await writeTinyClipModel(empty);
    await writeFile(
      path.join(swapped, 'onnx', 'vision_model.onnx'),
      readFileSync(path.join(dir, 'onnx', 'text_model.onnx')),
    );
    await expect(loadClipModel(swapped)).rejects.toThrow(
      /takes \[input_ids\].*a CLIP encoder takes pixel_values/,
    );
    await rm(empty, { recursive: true, force: true });
  });
});

describe('zero-shot labels', () => {
  it('tags a dark photo with the original labels that point its way, with softmax shares as scores', async () => {
    const clip = new Clip(dir, { minScore: 0.1, maxTags: 5 });
    const dark = await clip.see(await clipPixelValues(await solid(20, 20, 25)));
    // "night event" and "low light" are the two labels that point to dark: they share the softmax.
    expect(dark.tags.map((t) => t.tag).sort()).toEqual(['low light', 'night event']);
    for (const t of dark.tags) expect(t.score).toBeCloseTo(0.5, 2);
    const bright = await clip.see(await clipPixelValues(await solid(240, 240, 235)));
    expect(bright.tags.map((t) => t.tag).sort()).toEqual(['bright lighting', 'daytime event']);
    // The 79 label embeddings were computed once, with the one load.
    expect(clip.stats()).toEqual({ loads: 1, imagesEmbedded: 2, textsEmbedded: 0 });
    await clip.close();
  });

  it('keeps at most maxTags, best first, and merges with the other auto tags by the higher score', () => {
    const unit = (i: number) => Float32Array.from({ length: 3 }, (_, k) => (k === i ? 1 : 0));
    const labels = [
      { label: 'a', embedding: unit(0) },
      { label: 'b', embedding: unit(0) },
      { label: 'c', embedding: unit(1) },
    ];
    expect(zeroShotTags(unit(0), labels, { minScore: 0, maxTags: 1 })).toEqual([{ tag: 'a', score: 0.5 }]);
    expect(zeroShotTags(unit(0), labels, { minScore: 0.6, maxTags: 5 })).toEqual([]);
    expect(zeroShotTags(unit(0), labels, { minScore: 0.1, maxTags: 0 })).toEqual([]);
    // An image that points nowhere scores every label alike: none is sure, where the original
    // stored its top ten anyway.
    expect(zeroShotTags(new Float32Array(3), labels, { minScore: 0.4, maxTags: 10 })).toEqual([]);
    expect(
      mergeAutoTags(
        [
          { tag: 'group photo', score: 0.9 },
          { tag: 'low light', score: 0.6 },
        ],
        [
          { tag: 'low light', score: 0.7 },
          { tag: 'night event', score: 0.3 },
        ],
      ),
    ).toEqual([
      { tag: 'group photo', score: 0.9 },
      { tag: 'low light', score: 0.7 },
      { tag: 'night event', score: 0.3 },
    ]);
  });

  it('scores all 79 of the original labels', () => {
    expect(CLIP_LABELS).toHaveLength(79);
    expect(new Set(CLIP_LABELS).size).toBe(79);
  });
});

describe('onnxruntime', () => {
  it('is loaded by clip-model.ts alone, and only through a dynamic import', () => {
    const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    const files = (readdirSync(src, { recursive: true }) as string[]).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    const importers = files.filter((f) =>
      /from 'onnxruntime-node'|import\('onnxruntime-node'\)/.test(readFileSync(path.join(src, f), 'utf8')),
    );
    expect(importers).toEqual([path.join('features', 'ml', 'clip', 'clip-model.ts')]);
    const text = readFileSync(path.join(src, importers[0]!), 'utf8');
    // Its static imports are type-only, erased at build: the library loads when a model does.
    expect(text.match(/^import .*'onnxruntime-node';$/gm)).toEqual([
      "import type { InferenceSession, Tensor } from 'onnxruntime-node';",
    ]);
  });
});
