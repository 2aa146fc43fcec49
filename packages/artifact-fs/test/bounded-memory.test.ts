import { Child } from '@ebonite/test-utils/child-process';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tempFolder } from './helpers.js';

// The bound is on growth: the child's peak RSS above the same child pushing one byte (same Node, same
// modules loaded), so it says "bounded, whatever the file size" on any Node version (an idle Node 24
// process starts ~10 MiB above Node 20's, and streams 512 MiB with ~35 MiB more than Node 20 does).
// Measured growth on the 2-core CI machine: Node 20 ~51 MiB, 22 ~50 MiB, 24 ~78-85 MiB. A repository
// that held the file would grow by at least its 512 MiB: the `buffered` run (~1,026 MiB above) proves
// the bound sees it.
const MiB = 1024 * 1024;
const SIZE = 512 * MiB;
const GROWTH_BOUND = 128 * MiB;
let dir: string;
let cleanup: () => Promise<void>;
let child: Child | undefined;

interface Report {
  stored: unknown;
  readBytes: number;
  pushedSha256: string;
  readSha256: string;
  maxRssBytes: number;
  seconds: number;
}

async function run(size: number, mode = 'streamed'): Promise<Report> {
  await cleanup?.();
  ({ dir, cleanup } = await tempFolder());
  child = new Child(new URL('./fixtures/memory-child.mjs', import.meta.url), [
    dir,
    String(size),
    mode,
  ]);
  const report = (await child.next('done', 55_000)) as Report;
  await child.kill();
  return report;
}

beforeEach(async () => {
  ({ dir, cleanup } = await tempFolder());
});
afterEach(async () => {
  await child?.kill();
  await cleanup();
});

it('streams a 512 MiB file through push and open with peak RSS under 128 MiB above a 1-byte push', {
  timeout: 120_000,
}, async () => {
  const baseline = await run(1);
  const report = await run(SIZE);
  expect(report.stored).toEqual([{ name: 'big/weights.bin', size: SIZE }]);
  expect(report.readBytes).toBe(SIZE);
  expect(report.readSha256).toBe(report.pushedSha256);
  const growth = report.maxRssBytes - baseline.maxRssBytes;
  console.log(
    `512 MiB pushed and read back in ${report.seconds} s, peak RSS ${(report.maxRssBytes / MiB).toFixed(1)} MiB, ${(growth / MiB).toFixed(1)} MiB above a 1-byte push`,
  );
  expect(growth).toBeLessThan(GROWTH_BOUND);
  // The same push with the file collected in memory first breaks the bound.
  const buffered = await run(SIZE, 'buffered');
  expect(buffered.readSha256).toBe(report.pushedSha256);
  const bufferedGrowth = buffered.maxRssBytes - baseline.maxRssBytes;
  console.log(`the same with the file buffered: ${(bufferedGrowth / MiB).toFixed(1)} MiB above`);
  expect(bufferedGrowth).toBeGreaterThanOrEqual(GROWTH_BOUND);
});
