import { writeFileSync } from 'node:fs';

/** The points at which the multi-process tests stop a writer. */
export type PausePoint =
  | 'before-append'
  | 'after-append'
  | 'before-snapshot-rename'
  | 'before-journal-retire';

let armed = process.env.EBONITE_TEST_PAUSE;

/**
 * Test-only, inert unless the environment variable EBONITE_TEST_PAUSE names `point`: the first time
 * the point is reached, writes the file named by EBONITE_TEST_PAUSE_MARKER and stops this process
 * (SIGSTOP) until the test sends SIGCONT. This reproduces, at an exact place, a stall of any length
 * (a GC pause, a suspended laptop) that the multi-process tests could otherwise only hope to hit.
 */
export function testPause(point: PausePoint): void {
  if (armed !== point) return;
  armed = undefined;
  const marker = process.env.EBONITE_TEST_PAUSE_MARKER;
  if (marker) writeFileSync(marker, point);
  process.kill(process.pid, 'SIGSTOP');
}
