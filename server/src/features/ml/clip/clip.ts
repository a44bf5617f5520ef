import path from 'node:path';
import type { AppContext } from '../../../context.js';
import { PermanentJobError } from '../../../platform/queue/queue.js';
import { AnalysisError } from '../analyser.js';
import type { AutoTag } from '../analysis.js';
import { type ClipModel, loadClipModel } from './clip-model.js';
import { CLIP_LABELS } from './labels.js';
import { type LabelEmbedding, zeroShotTags } from './zero-shot.js';

/** What CLIP saw in one photo. */
export interface ClipSight {
  /** The fingerprint of the weights that made `embedding`. */
  model: string;
  embedding: Float32Array;
  tags: AutoTag[];
}

export interface ClipStats {
  loads: number;
  imagesEmbedded: number;
  textsEmbedded: number;
}

/**
 * CLIP for one context: the model loaded on first use (never when CLIP_MODEL_DIR is unset, see
 * `clipOf`), the 79 label embeddings computed once per load, and the last query texts' embeddings
 * (the search box asks again for what was just typed).
 */
export class Clip {
  private loading: Promise<{ model: ClipModel; labels: LabelEmbedding[] }> | undefined;
  private readonly recentTexts = new Map<string, { model: string; embedding: Float32Array }>();
  private readonly counts: ClipStats = { loads: 0, imagesEmbedded: 0, textsEmbedded: 0 };

  constructor(
    readonly dir: string,
    private readonly settings: { minScore: number; maxTags: number },
  ) {}

  /** The embedding and confident labels of an image given as CLIP pixel values (`clipPixelValues`). */
  async see(pixelValues: Float32Array): Promise<ClipSight> {
    const { model, labels } = await this.loaded();
    const embedding = await run('embedding the photo', () => model.embedImage(pixelValues));
    this.counts.imagesEmbedded++;
    return { model: model.fingerprint, embedding, tags: zeroShotTags(embedding, labels, this.settings) };
  }

  /** A search text's embedding. */
  async embedText(text: string): Promise<{ model: string; embedding: Float32Array }> {
    const { model } = await this.loaded();
    const known = this.recentTexts.get(text);
    if (known?.model === model.fingerprint) return known;
    const [embedding] = await run('embedding the text', () => model.embedTexts([text]));
    this.counts.textsEmbedded++;
    const found = { model: model.fingerprint, embedding: embedding! };
    this.recentTexts.set(text, found);
    if (this.recentTexts.size > RECENT_TEXTS) this.recentTexts.delete(this.recentTexts.keys().next().value!);
    return found;
  }

  stats(): ClipStats {
    return { ...this.counts };
  }

  async close() {
    const loading = this.loading;
    this.loading = undefined;
    await loading?.then(({ model }) => model.close()).catch(() => {});
  }

  /**
   * The model and its label embeddings. A folder that does not load is reported as a permanent
   * failure with its reason (a retry reads the same files), and is tried again on the next photo,
   * so an operator who fixes the folder needs no restart.
   */
  private loaded() {
    this.loading ??= (async () => {
      const model = await loadClipModel(this.dir);
      this.counts.loads++;
      const vectors = await model.embedTexts(CLIP_LABELS);
      return { model, labels: CLIP_LABELS.map((label, i) => ({ label, embedding: vectors[i]! })) };
    })().catch((error: unknown) => {
      this.loading = undefined;
      throw new PermanentJobError(
        `CLIP could not be loaded from ${this.dir} (CLIP_MODEL_DIR): ${(error as Error).message}`,
      );
    });
    return this.loading;
  }
}

/** Query texts whose embeddings are kept (~2 KB each). */
const RECENT_TEXTS = 200;

/** A model that loaded but fails on an input: the analysis records why. */
async function run<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new AnalysisError('analysis_failed', `CLIP failed ${what}: ${(error as Error).message}`);
  }
}

const clips = new WeakMap<AppContext, Clip>();

/**
 * The CLIP of this context, or undefined when CLIP_MODEL_DIR is unset. Creating it loads nothing:
 * the model (and onnxruntime) load when the first photo or search needs them.
 */
export function clipOf(ctx: AppContext): Clip | undefined {
  const dir = ctx.config.CLIP_MODEL_DIR;
  if (!dir) return undefined;
  let clip = clips.get(ctx);
  if (!clip) {
    const created = new Clip(path.resolve(dir), {
      minScore: ctx.config.CLIP_TAG_MIN_SCORE,
      maxTags: ctx.config.CLIP_TAG_MAX,
    });
    clips.set(ctx, created);
    ctx.onClose(() => created.close());
    clip = created;
  }
  return clip;
}
