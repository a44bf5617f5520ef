import type { AutoTag } from '../analysis.js';
import { similarity } from '../face-vectors.js';

/** CLIP's learned logit scale for ViT-B/32 (exp of its 4.6052 temperature): how it turns cosines into odds. */
const LOGIT_SCALE = 100;

export interface ZeroShotSettings {
  /** A label's share of the softmax it needs to become a tag. */
  minScore: number;
  /** At most this many tags, best first. */
  maxTags: number;
}

export interface LabelEmbedding {
  label: string;
  embedding: Float32Array;
}

/**
 * The labels a photo is tagged with, zero-shot: the original's ranking (the cosine similarity of
 * the image embedding with each label's text embedding), turned into a confidence the way CLIP is
 * trained to read it, a softmax over all labels of the scaled cosines. Raw cosines all sit within
 * a few hundredths of 0.25, so a cut-off on them says little; a share of the softmax does. Only
 * labels that reach `minScore` are kept, where the original kept its top ten however unsure.
 */
export function zeroShotTags(
  image: Float32Array,
  labels: readonly LabelEmbedding[],
  settings: ZeroShotSettings,
): AutoTag[] {
  if (labels.length === 0 || settings.maxTags === 0) return [];
  const logits = labels.map((l) => LOGIT_SCALE * similarity(image, l.embedding));
  const top = Math.max(...logits);
  const weights = logits.map((logit) => Math.exp(logit - top));
  const total = weights.reduce((a, b) => a + b, 0);
  return labels
    .map((l, i) => ({ tag: l.label, score: Math.round((weights[i]! / total) * 1000) / 1000 }))
    .filter((t) => t.score >= settings.minScore)
    .sort((a, b) => b.score - a.score || a.tag.localeCompare(b.tag))
    .slice(0, settings.maxTags);
}

/** Auto tags from two sources as one list: a tag both give keeps its higher score. Best first. */
export function mergeAutoTags(a: readonly AutoTag[], b: readonly AutoTag[]): AutoTag[] {
  const best = new Map<string, number>();
  for (const t of [...a, ...b]) best.set(t.tag, Math.max(best.get(t.tag) ?? 0, t.score));
  return [...best]
    .map(([tag, score]) => ({ tag, score }))
    .sort((x, y) => y.score - x.score || x.tag.localeCompare(y.tag));
}
