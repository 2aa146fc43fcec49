// Timing a store against its baselines on a shared machine: the sides run in alternating blocks, so
// that all of them see the same load from other processes.
import { timeMs } from './timing.mjs';

/**
 * Runs steps 0..n-1 of every side in alternating blocks of `block` steps (block k of each side in
 * turn, then block k+1). A side is `(i) => work`: it prepares step i untimed and returns the work to
 * time. Resolves with each side's per-step times and total time of its blocks, in ms, by side name.
 */
export async function interleavedSides(n, block, sides) {
  const result = Object.fromEntries(
    Object.keys(sides).map((name) => [name, { times: [], totalMs: 0 }]),
  );
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

/** {@link interleavedSides} with two sides, `store` then `baseline`. */
export function interleavedBlocks(n, block, store, baseline) {
  return interleavedSides(n, block, { store, baseline });
}
