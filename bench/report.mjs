import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCHMARKS } from './benchmarks.mjs';
import { sharp } from './server-deps.mjs';

/** What every benchmark reports about where it ran, and how its section lands in BENCHMARKS.md. */

export const BENCHMARKS_FILE = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

export function machineFacts() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    sharp: sharp.versions.sharp,
    vips: sharp.versions.vips,
    sharpThreads: sharp.concurrency(),
    uvThreadpool: process.env.UV_THREADPOOL_SIZE ?? '4 (default)',
  };
}

/** Benchmarks share the machine with whatever else runs: the load says how much it was shared. */
export const loadAverage = () => os.loadavg()[0].toFixed(2);

export function machineLine(m) {
  return (
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB RAM; Node ${m.node}; ` +
    `sharp ${m.sharp} (libvips ${m.vips}, ${m.sharpThreads} libvips thread(s) per image, ` +
    `libuv pool ${m.uvThreadpool})`
  );
}

/** A Markdown table from a header row and body rows. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const HEADER_START = '<!-- bench:header:start -->';
const HEADER_END = '<!-- bench:header:end -->';
const sectionStart = (name) => `<!-- bench:${name}:start -->`;
const sectionEnd = (name) => `<!-- bench:${name}:end -->`;

function header() {
  const lines = Object.entries(BENCHMARKS).map(([name, b]) => `- \`${name}\`: ${b.measures}`);
  return [
    HEADER_START,
    '# Benchmarks',
    '',
    'Speed is measured here, never by timed unit tests. Each benchmark reports a ratio against a',
    'floor measured in the same run on the same machine, so numbers from different machines can be',
    'compared by their ratios. Run them all with `npm run bench`, one with `npm run bench -- <name>`;',
    "add `--write` to replace that benchmark's section below. Each generated part sits between a",
    'pair of `bench:` comments; text outside them (notes, analysis) is kept.',
    '',
    'What each benchmark measures:',
    '',
    ...lines,
    HEADER_END,
  ].join('\n');
}

function replaceBetween(text, start, end, replacement) {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1 || to < from) return null;
  return text.slice(0, from) + replacement + text.slice(to + end.length);
}

/**
 * Writes (or replaces) one benchmark's generated section and refreshes the header from the list
 * of benchmarks; anything written by hand outside the generated parts stays.
 */
export async function writeSection(name, markdown) {
  let text = existsSync(BENCHMARKS_FILE) ? await readFile(BENCHMARKS_FILE, 'utf8') : '';
  const head = header();
  text = replaceBetween(text, HEADER_START, HEADER_END, head) ?? `${head}\n${text}`;
  const section = `${sectionStart(name)}\n${markdown.trim()}\n${sectionEnd(name)}`;
  text =
    replaceBetween(text, sectionStart(name), sectionEnd(name), section) ??
    `${text.trimEnd()}\n\n${section}\n`;
  await writeFile(BENCHMARKS_FILE, text);
}
