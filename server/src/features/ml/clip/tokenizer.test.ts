import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tinyVocabulary } from './tiny-clip-model.js';
import { BYTE_TO_CHAR, ClipTokenizer, CONTEXT_LENGTH, loadClipTokenizer } from './tokenizer.js';

/**
 * The tokenizer against examples worked by hand on a small vocabulary: every byte alone and
 * word-final (ids 0-511), then merges spelling "night" and "nice" (n i, ni g, nig h, nigh t</w>,
 * ni c, nic e</w>), then the two special tokens.
 */
const { vocab, merges } = tinyVocabulary(['night', 'nice']);
const tokenizer = new ClipTokenizer(vocab, merges);
const id = (token: string) => vocab.get(token)!;
const tokens = (text: string) => tokenizer.encode(text).map((i) => [...vocab].find(([, v]) => v === i)![0]);

describe('the CLIP tokenizer', () => {
  it('maps bytes to printable characters as GPT-2 and CLIP do', () => {
    expect(BYTE_TO_CHAR['a'.charCodeAt(0)]).toBe('a');
    // Space, the first byte that is not printable after the controls, is Ġ (U+0120).
    expect(BYTE_TO_CHAR[32]).toBe('\u0120');
    expect(BYTE_TO_CHAR[0]).toBe('\u0100');
    expect(new Set(BYTE_TO_CHAR).size).toBe(256);
  });

  it('merges by rank into whole words, the last symbol marked as the end of a word', () => {
    expect(tokens('night')).toEqual(['<|startoftext|>', 'night</w>', '<|endoftext|>']);
    // "nights": n-i-g-h merge, but "nigh t</w>" needs t to end the word, and here s does.
    expect(tokens('nights')).toEqual(['<|startoftext|>', 'nigh', 't', 's</w>', '<|endoftext|>']);
    // "nice" shares "ni" with night, then takes its own merges.
    expect(tokens('nice')).toEqual(['<|startoftext|>', 'nice</w>', '<|endoftext|>']);
    expect(tokenizer.encode('night')).toEqual([id('<|startoftext|>'), id('night</w>'), id('<|endoftext|>')]);
  });

  it('lower-cases, tidies whitespace and splits words, contractions, digits and punctuation', () => {
    expect(tokens('  NIGHT\n\tnice ')).toEqual(['<|startoftext|>', 'night</w>', 'nice</w>', '<|endoftext|>']);
    expect(tokens("it's 42!?")).toEqual([
      '<|startoftext|>',
      'i',
      't</w>',
      "'",
      's</w>',
      '4</w>',
      '2</w>',
      '!',
      '?</w>',
      '<|endoftext|>',
    ]);
  });

  it('writes non-ASCII letters as their UTF-8 bytes', () => {
    // é is C3 A9, printable Latin-1 characters both: Ã and ©.
    expect(tokens('café')).toEqual(['<|startoftext|>', 'c', 'a', 'f', 'Ã', '©</w>', '<|endoftext|>']);
  });

  it('cuts long texts at 77 ids, the end token last', () => {
    const ids = tokenizer.encode('night '.repeat(100));
    expect(ids).toHaveLength(CONTEXT_LENGTH);
    expect(ids[0]).toBe(id('<|startoftext|>'));
    expect(ids.at(-2)).toBe(id('night</w>'));
    expect(ids.at(-1)).toBe(id('<|endoftext|>'));
  });

  it('reads vocab.json with merges.txt, or a tokenizer.json, and says what is missing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-clip-tok-'));
    await expect(loadClipTokenizer(dir)).rejects.toThrow(/vocab\.json and merges\.txt, or tokenizer\.json/);
    // Hugging Face's newer tokenizer.json writes merges as pairs.
    const pairs = merges.map((m) => m.split(' '));
    await writeFile(
      path.join(dir, 'tokenizer.json'),
      JSON.stringify({ model: { type: 'BPE', vocab: Object.fromEntries(vocab), merges: pairs } }),
    );
    expect((await loadClipTokenizer(dir)).encode('nights')).toEqual(tokenizer.encode('nights'));
    await writeFile(path.join(dir, 'vocab.json'), JSON.stringify(Object.fromEntries(vocab)));
    await writeFile(path.join(dir, 'merges.txt'), `#version: 0.2\n${merges.join('\n')}\n`);
    expect((await loadClipTokenizer(dir)).encode('night nice')).toEqual(tokenizer.encode('night nice'));
  });
});
