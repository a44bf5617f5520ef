import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { normalised } from '../face-vectors.js';
import { type ClipTokenizer, loadClipTokenizer } from './tokenizer.js';

/**
 * A CLIP model from a folder: its image and text encoders (ONNX, run by onnxruntime-node on the
 * CPU) and its tokenizer. Embeddings come out unit length, so a cosine similarity is a dot product.
 *
 * onnxruntime-node is imported here, dynamically, and nowhere else: a server without CLIP_MODEL_DIR
 * never loads its native library (~60 MB of memory). Its `run` is asynchronous and native, so the
 * encoders run in this process without blocking the event loop; one intra-op thread leaves the other
 * core to the API, as the face models' own process does.
 */
export interface ClipModel {
  /** Names the weights (file sizes and width): embeddings of another model are not comparable. */
  readonly fingerprint: string;
  /** One image's embedding from its pixel values (`clipPixelValues`). */
  embedImage(pixelValues: Float32Array): Promise<Float32Array>;
  /** One embedding per text, in order. */
  embedTexts(texts: readonly string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** Where the encoders are looked for: Hugging Face's `onnx/` folder first, then the folder itself. */
const ENCODER_FILES = { vision: 'vision_model.onnx', text: 'text_model.onnx' } as const;

export function encoderPath(dir: string, which: keyof typeof ENCODER_FILES): string {
  const name = ENCODER_FILES[which];
  const nested = path.join(dir, 'onnx', name);
  if (existsSync(nested)) return nested;
  const flat = path.join(dir, name);
  if (existsSync(flat)) return flat;
  throw new Error(`no ${name} in ${dir} (looked in ${path.join(dir, 'onnx')} and the folder itself)`);
}

export async function loadClipModel(dir: string): Promise<ClipModel> {
  const visionFile = encoderPath(dir, 'vision');
  const textFile = encoderPath(dir, 'text');
  const tokenizer = await loadClipTokenizer(dir);
  const ort = await import('onnxruntime-node');
  const options: InferenceSession.SessionOptions = {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  };
  const vision = await ort.InferenceSession.create(visionFile, options);
  const text = await ort.InferenceSession.create(textFile, options).catch(async (error: unknown) => {
    await vision.release();
    throw error;
  });
  try {
    requireNames(vision, visionFile, 'pixel_values', 'image_embeds');
    requireNames(text, textFile, 'input_ids', 'text_embeds');
  } catch (error) {
    await Promise.all([vision.release(), text.release()]);
    throw error;
  }
  const fixedTextLength = fixedSequenceLength(text);
  const width = declaredWidth(vision);
  const fingerprint = `${path.basename(visionFile, '.onnx')}:${statSync(visionFile).size}+${statSync(textFile).size}/${width ?? '?'}`;

  return {
    fingerprint,
    async embedImage(pixelValues) {
      const size = Math.round(Math.sqrt(pixelValues.length / 3));
      const feeds = { pixel_values: new ort.Tensor('float32', pixelValues, [1, 3, size, size]) };
      return embeddingOf(await vision.run(feeds, ['image_embeds']), 'image_embeds');
    },
    async embedTexts(texts) {
      const out: Float32Array[] = [];
      // One text a run: no padding to agree on, and the labels are embedded once per process.
      for (const t of texts) {
        const feeds = textFeeds(ort.Tensor, text.inputNames, tokenizer, t, fixedTextLength);
        out.push(embeddingOf(await text.run(feeds, ['text_embeds']), 'text_embeds'));
      }
      return out;
    },
    async close() {
      await Promise.all([vision.release(), text.release()]);
    },
  };
}

type TensorConstructor = typeof import('onnxruntime-node').Tensor;

/**
 * A text encoder's inputs: `input_ids`, and `attention_mask` only when the model declares it (some
 * exports take it, some refuse unknown inputs). A model with a fixed length gets its ids padded
 * with the end token and masked out; CLIP reads the sentence at its first end token either way.
 */
function textFeeds(
  TensorOf: TensorConstructor,
  inputNames: readonly string[],
  tokenizer: ClipTokenizer,
  text: string,
  fixedLength: number | undefined,
): Record<string, Tensor> {
  const ids = tokenizer.encode(text);
  const length = fixedLength ?? ids.length;
  const inputIds = new BigInt64Array(length).fill(BigInt(tokenizer.endId));
  const mask = new BigInt64Array(length);
  ids.slice(0, length).forEach((id, i) => {
    inputIds[i] = BigInt(id);
    mask[i] = 1n;
  });
  const feeds: Record<string, Tensor> = { input_ids: new TensorOf('int64', inputIds, [1, length]) };
  if (inputNames.includes('attention_mask')) feeds.attention_mask = new TensorOf('int64', mask, [1, length]);
  return feeds;
}

function embeddingOf(results: InferenceSession.ReturnType, name: string): Float32Array {
  const tensor = results[name] as Tensor | undefined;
  if (tensor?.type !== 'float32') throw new Error(`the model gave no float32 ${name}`);
  const data = tensor.data as Float32Array;
  return normalised(Float32Array.from(data.subarray(0, tensor.dims.at(-1) ?? data.length)));
}

function requireNames(session: InferenceSession, file: string, input: string, output: string) {
  if (!session.inputNames.includes(input) || !session.outputNames.includes(output)) {
    throw new Error(
      `${file} takes [${session.inputNames.join(', ')}] and gives [${session.outputNames.join(', ')}]; ` +
        `a CLIP encoder takes ${input} and gives ${output}`,
    );
  }
}

/** The text encoder's sequence length when its export fixed one (77), else undefined. */
function fixedSequenceLength(session: InferenceSession): number | undefined {
  const meta = session.inputMetadata.find((m) => m.name === 'input_ids');
  const length = meta?.isTensor ? meta.shape[1] : undefined;
  return typeof length === 'number' && length > 0 ? length : undefined;
}

function declaredWidth(session: InferenceSession): number | undefined {
  const meta = session.outputMetadata.find((m) => m.name === 'image_embeds');
  const width = meta?.isTensor ? meta.shape.at(-1) : undefined;
  return typeof width === 'number' ? width : undefined;
}
