import { BENCHMARKS } from './benchmarks.mjs';

/**
 * `npm run bench -- [name] [options]`: one benchmark with its options, or every benchmark with
 * its defaults. Benchmarks run one after another: two at once would measure each other.
 */
async function main(argv) {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h') {
    console.log(`usage: npm run bench -- [${Object.keys(BENCHMARKS).join('|')}] [options] [--write]`);
    return;
  }
  if (first && !first.startsWith('-')) {
    const benchmark = BENCHMARKS[first];
    if (!benchmark)
      throw new Error(`unknown benchmark "${first}"; known: ${Object.keys(BENCHMARKS).join(', ')}`);
    await (await benchmark.load()).run(rest);
    return;
  }
  // No name: every benchmark, each given the shared flags (such as --write).
  for (const benchmark of Object.values(BENCHMARKS)) await (await benchmark.load()).run(argv);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
