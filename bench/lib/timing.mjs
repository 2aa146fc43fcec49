// Wall-clock timing of one step.

/** Milliseconds that `fn` (sync or async) takes. */
export async function timeMs(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Seconds that `fn` (sync or async) takes. */
export async function timeSeconds(fn) {
  return (await timeMs(fn)) / 1000;
}
