import { Child } from '@ebonite/test-utils/child-process';
import { afterEach, expect, it } from 'vitest';

// The volume holds the file itself (memfs grows a file by doubling its buffer), so the bound here is
// "no extra copy": the push peaks under twice the file plus the process, and reading adds only chunks.
const MiB = 1024 * 1024;
let child: Child | undefined;
afterEach(async () => {
  await child?.kill();
});

it('streams a 256 MiB file into and out of the volume without an extra whole-file copy', {
  timeout: 60_000,
}, async () => {
  const size = 256 * MiB;
  child = new Child(new URL('./fixtures/memory-child.mjs', import.meta.url), [String(size)]);
  const report = await child.next('done', 55_000);
  expect(report.stored).toEqual([{ name: 'weights.bin', size }]);
  expect(report.readBytes).toBe(size);
  expect(report.readSha256).toBe(report.pushedSha256);
  expect(report.afterPush - report.before).toBeLessThan(2 * size + 32 * MiB);
  expect(report.readPeak - report.settled).toBeLessThan(64 * MiB);
});
