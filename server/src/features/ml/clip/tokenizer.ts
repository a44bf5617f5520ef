import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * CLIP's text tokenizer (byte-level BPE, as OpenAI's `simple_tokenizer.py` and Hugging Face's
 * CLIPTokenizer do it), written here so the text encoder's ids come from the model's own vocabulary
 * without a tokenizer library. Steps: tidy whitespace and lower-case; split into words, numbers and
 * punctuation with CLIP's pattern; map each word's UTF-8 bytes to printable characters; merge pairs
 * by their rank in the merges list, the word's last symbol carrying `</w>`; frame the ids with
 * `<|startoftext|>` and `<|endoftext|>`; cut at the context length (77).
 */

export const CONTEXT_LENGTH = 77;
const START = '<|startoftext|>';
const END = '<|endoftext|>';
const END_OF_WORD = '</w>';

/**
 * CLIP's pre-split: its two special tokens, English contractions, runs of letters, single digits,
 * runs of anything else that is not a space. Applied to lower-cased text, so no `i` flag is needed.
 */
const PRE_SPLIT = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+/gu;

/**
 * GPT-2's byte-to-character table: printable bytes stand for themselves, the others (controls,
 * space, a few Latin-1 ones) for characters from U+0100 on, so every token is plain visible text.
 */
function byteToCharTable(): string[] {
  const printable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  const table: string[] = [];
  let next = 256;
  for (let b = 0; b < 256; b++) table[b] = String.fromCodePoint(printable(b) ? b : next++);
  return table;
}
export const BYTE_TO_CHAR: readonly string[] = byteToCharTable();

export class ClipTokenizer {
  private readonly mergeRank: Map<string, number>;
  private readonly cache = new Map<string, string[]>();
  readonly startId: number;
  readonly endId: number;

  /** `merges` as pairs "a b", best (earliest) first. */
  constructor(
    private readonly vocab: ReadonlyMap<string, number>,
    merges: readonly string[],
  ) {
    this.mergeRank = new Map(merges.map((pair, rank) => [pair, rank]));
    this.startId = this.idOf(START);
    this.endId = this.idOf(END);
  }

  /** The ids the text encoder reads: start, the text's tokens, end; at most CONTEXT_LENGTH. */
  encode(text: string): number[] {
    const ids = [this.startId];
    for (const word of cleanText(text).match(PRE_SPLIT) ?? []) {
      if (word === START || word === END) {
        ids.push(this.idOf(word));
        continue;
      }
      const chars = [...Buffer.from(word, 'utf8')].map((b) => BYTE_TO_CHAR[b]!).join('');
      for (const token of this.bpe(chars)) ids.push(this.idOf(token));
    }
    // Cut so the end token always closes the text: the encoders read the sentence at that token.
    return [...ids.slice(0, CONTEXT_LENGTH - 1), this.endId];
  }

  /** One word's symbols after every merge that applies, lowest rank first. */
  bpe(word: string): string[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const letters = [...word];
    let symbols = [...letters.slice(0, -1), `${letters.at(-1)}${END_OF_WORD}`];
    for (;;) {
      let best: { at: number; rank: number } | undefined;
      for (let i = 0; i < symbols.length - 1; i++) {
        const rank = this.mergeRank.get(`${symbols[i]} ${symbols[i + 1]}`);
        if (rank !== undefined && (best === undefined || rank < best.rank)) best = { at: i, rank };
      }
      if (!best) break;
      // Every occurrence of the best pair merges in one pass, left to right, as the reference does.
      const [left, right] = [symbols[best.at]!, symbols[best.at + 1]!];
      const merged: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i < symbols.length - 1 && symbols[i] === left && symbols[i + 1] === right) {
          merged.push(left + right);
          i++;
        } else {
          merged.push(symbols[i]!);
        }
      }
      symbols = merged;
    }
    if (this.cache.size < 10_000) this.cache.set(word, symbols);
    return symbols;
  }

  private idOf(token: string): number {
    const id = this.vocab.get(token);
    if (id === undefined) throw new Error(`the CLIP vocabulary has no token "${token}"`);
    return id;
  }
}

/** Whitespace runs made one space, trimmed, lower-cased (what CLIP's own cleaning leaves of plain text). */
function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The tokenizer of a model folder: `vocab.json` + `merges.txt` (OpenAI's and Hugging Face's
 * layout), else `tokenizer.json` (Hugging Face's single file), looked for in the folder itself.
 */
export async function loadClipTokenizer(dir: string): Promise<ClipTokenizer> {
  const vocabFile = path.join(dir, 'vocab.json');
  const mergesFile = path.join(dir, 'merges.txt');
  if (existsSync(vocabFile) && existsSync(mergesFile)) {
    const vocab = JSON.parse(await readFile(vocabFile, 'utf8')) as Record<string, number>;
    const merges = (await readFile(mergesFile, 'utf8'))
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#version'));
    return new ClipTokenizer(new Map(Object.entries(vocab)), merges);
  }
  const single = path.join(dir, 'tokenizer.json');
  if (existsSync(single)) {
    const { model } = JSON.parse(await readFile(single, 'utf8')) as {
      model?: { vocab?: Record<string, number>; merges?: (string | [string, string])[] };
    };
    if (!model?.vocab || !model.merges) throw new Error(`${single} holds no BPE vocabulary and merges`);
    const merges = model.merges.map((m) => (Array.isArray(m) ? m.join(' ') : m));
    return new ClipTokenizer(new Map(Object.entries(model.vocab)), merges);
  }
  throw new Error(`no CLIP tokenizer in ${dir}: expected vocab.json and merges.txt, or tokenizer.json`);
}
