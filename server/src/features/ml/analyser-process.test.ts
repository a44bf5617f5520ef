import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { type Analyser, type AnalysisInput, createAnalyser } from './analyser.js';

// The analyser's child process: how it starts, stops and recovers, not what the models find (that
// is analyser.test.ts). Every child loads the models (a few seconds of CPU, more on a busy
// machine), hence the generous ceilings; nothing here measures time.
const slow = { timeout: 120_000 };

/** A small grey picture: no face, analysed quickly. */
const grey = (): AnalysisInput => ({
  pixels: new Uint8Array(256 * 192 * 3).fill(128),
  width: 256,
  height: 192,
});

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits for a process this test did not start to be gone (no event tells us, so it is polled). */
const gone = (pid: number) =>
  expect.poll(() => isRunning(pid), { timeout: 60_000, interval: 50 }).toBe(false);

function childOf(analyser: Analyser): number {
  const pid = analyser.childPid();
  if (pid === undefined) throw new Error('the analyser runs no child');
  return pid;
}

const opened: Analyser[] = [];
function analyserWith(env: Record<string, string>): Analyser {
  const analyser = createAnalyser(loadConfig(env));
  opened.push(analyser);
  return analyser;
}
afterEach(() => Promise.all(opened.splice(0).map((analyser) => analyser.close())));

describe('the analyser child process', slow, () => {
  it('stops after ML_IDLE_EXIT_S without work, and the next photo starts a fresh one', async () => {
    const analyser = analyserWith({ ML_IDLE_EXIT_S: '1' });
    await analyser.analyse(grey());
    const first = childOf(analyser);
    await gone(first);
    expect(analyser.childPid()).toBeUndefined();

    const again = await analyser.analyse(grey());
    expect(again.faces).toEqual([]);
    expect(childOf(analyser)).not.toBe(first);
    expect(analyser.stats()).toEqual({ loads: 2, analysed: 2 });
  });

  it('kills a child past its deadline, fails that photo, and analyses the next in a fresh child', async () => {
    const analyser = analyserWith({ ML_IDLE_EXIT_S: '0' });
    const late = analyser.analyse(grey(), { timeoutMs: 1 });
    const first = childOf(analyser);
    const next = analyser.analyse(grey());
    await expect(late).rejects.toMatchObject({ name: 'AnalysisError', code: 'timeout' });
    expect((await next).brightness).toBeCloseTo(128 / 255, 2);
    expect(childOf(analyser)).not.toBe(first);
    await gone(first);
    expect(analyser.stats()).toEqual({ loads: 2, analysed: 1 });
  });

  it('fails the photo in flight when the child dies, and the next photo works', async () => {
    const analyser = analyserWith({ ML_IDLE_EXIT_S: '0' });
    await analyser.analyse(grey());
    const first = childOf(analyser);
    const inFlight = analyser.analyse(grey());
    process.kill(first, 'SIGKILL');
    await expect(inFlight).rejects.toMatchObject({
      code: 'worker_failed',
      message: expect.stringContaining('SIGKILL'),
    });
    expect((await analyser.analyse(grey())).faces).toEqual([]);
    expect(childOf(analyser)).not.toBe(first);
    expect(analyser.stats()).toEqual({ loads: 2, analysed: 2 });
  });

  it('leaves no child running once closed, whether it was loading or idle', async () => {
    const analyser = analyserWith({ ML_IDLE_EXIT_S: '0' });
    const loading = analyser.analyse(grey());
    const duringLoad = childOf(analyser);
    const closing = analyser.close();
    await expect(loading).rejects.toMatchObject({ code: 'closed' });
    await closing;
    expect(isRunning(duringLoad)).toBe(false);

    await analyser.analyse(grey());
    const idle = childOf(analyser);
    await analyser.close();
    expect(isRunning(idle)).toBe(false);
    expect(analyser.childPid()).toBeUndefined();
  });

  it('lets a finished program exit while its child is idle, and the child goes with it', async () => {
    // A program of its own (the built code, as the CLI runs it): it analyses one photo, never
    // closes the analyser and simply ends; with ML_IDLE_EXIT_S=0 only the unref'd child lets it.
    const script = `
      const { loadConfig } = await import('./dist/config.js');
      const { createAnalyser } = await import('./dist/features/ml/analyser.js');
      const analyser = createAnalyser(loadConfig({ ML_IDLE_EXIT_S: '0' }));
      await analyser.analyse({ pixels: new Uint8Array(64 * 64 * 3), width: 64, height: 64 });
      console.log(analyser.childPid());
    `;
    const program = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: new URL('../../../', import.meta.url),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    program.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const [code] = await once(program, 'exit');
    expect(code).toBe(0);
    const childPid = Number(output.trim());
    expect(childPid).toBeGreaterThan(0);
    await gone(childPid);
  });
});
