import { Child } from '@ebonite/test-utils/child-process';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tempFolder } from './helpers.js';

const MiB = 1024 * 1024;
let dir: string;
let cleanup: () => Promise<void>;
let child: Child | undefined;

beforeEach(async () => {
  ({ dir, cleanup } = await tempFolder());
});
afterEach(async () => {
  await child?.kill();
  await cleanup();
});

it('streams a 512 MiB file through push and open with a peak RSS under 150 MiB', {
  timeout: 60_000,
}, async () => {
  child = new Child(new URL('./fixtures/memory-child.mjs', import.meta.url), [
    dir,
    String(512 * MiB),
  ]);
  const report = await child.next('done', 55_000);
  expect(report.stored).toEqual([{ name: 'big/weights.bin', size: 512 * MiB }]);
  expect(report.readBytes).toBe(512 * MiB);
  expect(report.readSha256).toBe(report.pushedSha256);
  expect(report.maxRssBytes).toBeLessThan(150 * MiB);
  console.log(
    `512 MiB pushed and read back in ${report.seconds} s, peak RSS ${(report.maxRssBytes / MiB).toFixed(1)} MiB`,
  );
});
