import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { AnalysisError, createAnalyser } from './analyser.js';
import type { DetectedFace, PhotoAnalysis } from './analysis.js';
import { decodeForAnalysis } from './decode.js';
import { mirroredCropAround, SAMPLE_PEOPLE, samplePhotoPath } from './sample-photos.js';
import { faceSimilarity } from './similarity.js';

// One analyser (one model load) for the whole file: each analysis costs ~1 s of CPU, several on
// a machine shared with other work, so the tests get a generous ceiling (not a timing assertion).
const slow = { timeout: 120_000 };
const config = loadConfig({});
const analyser = createAnalyser(config);
const decode = (source: string | Buffer) =>
  decodeForAnalysis(source, {
    maxSidePx: config.ML_ANALYSIS_SIZE_PX,
    maxInputPixels: config.MAX_INPUT_PIXELS,
  });
const samples: PhotoAnalysis[] = [];

beforeAll(async () => {
  for (let n = 1; n <= SAMPLE_PEOPLE.length; n++)
    samples.push(await analyser.analyse(await decode(samplePhotoPath(n))));
}, 120_000);

afterAll(() => analyser.close());

const tagsOf = (analysis: PhotoAnalysis) => analysis.autoTags.map((t) => t.tag);

describe('the analyser on real group photos', slow, () => {
  it('finds every person in each shipped sample, with unit-length 1024-d descriptors', () => {
    expect(samples.map((s) => s.faces.length)).toEqual([...SAMPLE_PEOPLE]);
    for (const face of samples.flatMap((s) => s.faces)) {
      expect(face.embedding).toHaveLength(1024);
      expect(faceSimilarity(face.embedding, face.embedding)).toBeCloseTo(1, 4);
      expect(face.box.x).toBeGreaterThanOrEqual(0);
      expect(face.box.x + face.box.width).toBeLessThanOrEqual(1);
      expect(face.quality).toBeGreaterThan(0);
      expect(face.quality).toBeLessThanOrEqual(face.score);
    }
  });

  it('tags a three-face photo "group photo" and a five-face one too, never "person"', () => {
    expect(tagsOf(samples[0] as PhotoAnalysis)).toContain('group photo');
    expect(tagsOf(samples[4] as PhotoAnalysis)).toContain('group photo');
    expect(samples.flatMap(tagsOf)).not.toContain('person');
    // COCO objects come through as words: a cup on sample3's table, a phone in sample2's hand
    expect(tagsOf(samples[2] as PhotoAnalysis)).toContain('cup');
    expect(tagsOf(samples[1] as PhotoAnalysis)).toContain('cell phone');
  });

  it('keeps two different people in one photo apart under FACE_MATCH_THRESHOLD', () => {
    const pairs: number[] = [];
    for (const { faces } of samples) {
      for (let a = 0; a < faces.length; a++) {
        for (let b = a + 1; b < faces.length; b++)
          pairs.push(faceSimilarity(faceAt(faces, a).embedding, faceAt(faces, b).embedding));
      }
    }
    expect(pairs).toHaveLength(31);
    expect(Math.max(...pairs)).toBeLessThan(config.FACE_MATCH_THRESHOLD);
  });

  it.each([
    [1, 0],
    [6, 2],
  ])('matches a face of sample %i (#%i) re-cropped, mirrored and shrunk, and no one else', async (n, k) => {
    const original = samples[n - 1] as PhotoAnalysis;
    const { image, expectedCentre } = await mirroredCropAround(samplePhotoPath(n), faceAt(original.faces, k));
    const copy = await analyser.analyse(await decode(image));
    const face = nearest(copy.faces, expectedCentre);
    const similarities = original.faces.map((other) => faceSimilarity(other.embedding, face.embedding));
    expect(similarities[k]).toBeGreaterThanOrEqual(config.FACE_MATCH_THRESHOLD);
    similarities.forEach((similarity, j) => {
      if (j !== k) expect(similarity).toBeLessThan(config.FACE_MATCH_THRESHOLD);
    });
  });
});

describe('the analyser on generated images', slow, () => {
  it('finds no face in plain colours and tags their lighting', async () => {
    const dark = await analyser.analyse(await decode(await plain('#141420')));
    const bright = await analyser.analyse({ ...(await decode(await plain('#f4f4f0'))), localHour: 21 });
    expect(dark.faces).toEqual([]);
    expect(bright.faces).toEqual([]);
    expect(dark.brightness).toBeLessThan(config.AUTO_TAG_LOW_LIGHT_BELOW);
    expect(tagsOf(dark)).toContain('low light');
    expect(tagsOf(bright)).toEqual(expect.arrayContaining(['bright lighting', 'night event']));
    expect(tagsOf(bright)).not.toContain('low light');
  });
});

describe('the analyser as a service', slow, () => {
  it('loaded the models once for every photo so far', () => {
    expect(analyser.stats()).toEqual({ loads: 1, analysed: SAMPLE_PEOPLE.length + 4 });
  });

  it('fails a corrupt input with a reason and goes on with the next', async () => {
    await expect(decode(Buffer.from('this is not a JPEG'))).rejects.toMatchObject({ code: 'bad_input' });
    await expect(
      analyser.analyse({ pixels: new Uint8Array(10), width: 100, height: 100 }),
    ).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('30000 bytes'),
    });
    const photo = await decode(samplePhotoPath(3));
    await expect(analyser.analyse(photo, { timeoutMs: -1 })).rejects.toMatchObject({ code: 'bad_input' });
    const next = await analyser.analyse(photo);
    expect(next.faces).toHaveLength(3);
  });

  it('fails a photo past its deadline, restarts the worker, and analyses the next', async () => {
    const before = analyser.stats();
    const [slow, following] = [await decode(samplePhotoPath(2)), await decode(samplePhotoPath(4))];
    const [late, next] = await Promise.allSettled([
      analyser.analyse(slow, { timeoutMs: 1 }),
      analyser.analyse(following),
    ]);
    expect(late.status === 'rejected' && late.reason).toBeInstanceOf(AnalysisError);
    expect(late).toMatchObject({ status: 'rejected', reason: { code: 'timeout' } });
    expect(next.status === 'fulfilled' && next.value.faces).toHaveLength(4);
    expect(analyser.stats()).toEqual({ loads: before.loads + 1, analysed: before.analysed + 1 });
  });
});

function faceAt(faces: DetectedFace[], index: number): DetectedFace {
  const face = faces[index];
  if (!face) throw new Error(`no face #${index}`);
  return face;
}

/** The face whose box centre is closest to `centre` (fractions of the image). */
function nearest(faces: DetectedFace[], centre: { x: number; y: number }): DetectedFace {
  const distance = (f: DetectedFace) =>
    Math.hypot(f.box.x + f.box.width / 2 - centre.x, f.box.y + f.box.height / 2 - centre.y);
  const [best] = [...faces].sort((a, b) => distance(a) - distance(b));
  if (!best) throw new Error('the copy has no face');
  return best;
}

function plain(colour: string): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: colour } })
    .png()
    .toBuffer();
}
