// Timing a store against its baseline on a shared machine: the two run in alternating blocks, so that
// both see the same load from other processes.
import { timeMs } from './timing.mjs';

/**
 * Runs steps 0..n-1 of `store` and of `baseline` in alternating blocks of `block` steps (a block of the
 * store's, then the same block of the baseline's). A side is `(i) => work`: it prepares step i untimed and
 * returns the work to time. Resolves with each side's per-step times and total time of its blocks, in ms.
 */
export async function interleavedBlocks(n, block, store, baseline) {
  const sides = { store, baseline };
  const result = { store: { times: [], totalMs: 0 }, baseline: { times: [], totalMs: 0 } };
  for (let from = 0; from < n; from += block) {
    const to = Math.min(n, from + block);
    for (const [name, step] of Object.entries(sides)) {
      const { times } = result[name];
      result[name].totalMs += await timeMs(async () => {
        for (let i = from; i < to; i++) times.push(await timeMs(step(i)));
      });
    }
  }
  return result;
}
