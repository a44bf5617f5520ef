import type { AppContext } from '../../context.js';
import { type Analyser, createAnalyser } from './analyser.js';

const analysers = new WeakMap<AppContext, Analyser>();

/**
 * The face and object models of this context (one analyser, whose child process starts on first
 * use and stops when idle), or undefined with ML=off. Kept per context so tests with contexts of
 * their own never share a child, and closed with the context.
 */
export function analyserOf(ctx: AppContext): Analyser | undefined {
  if (ctx.config.ML === 'off') return undefined;
  let analyser = analysers.get(ctx);
  if (!analyser) {
    const created = createAnalyser(ctx.config);
    analysers.set(ctx, created);
    ctx.onClose(() => created.close());
    analyser = created;
  }
  return analyser;
}
