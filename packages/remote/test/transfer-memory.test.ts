import { Child } from '@ebonite/test-utils/child-process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRegistry, type TestRegistry } from './helpers/registry-server.js';

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(() => registry?.close());

const MiB = 1024 * 1024;
const SIZE = 256 * MiB;

/**
 * A client in its own process pushes 256 MiB generated on the fly and reads it back verified: its
 * resident memory grows by a few chunks' worth, never by the size of the file. (On fetch, the pushed
 * chunks stayed allocated until a collection: the push alone held about 256 MiB more.)
 */
it.skipIf(process.platform !== 'linux')(
  'a 256 MiB push and download keep the client process within 96 MiB of its resident memory before',
  async () => {
    const child = new Child(new URL('./fixtures/transfer-memory-child.mjs', import.meta.url), [
      registry.url,
      registry.tokens.write,
      String(SIZE),
      process.env.MEMORY_TEST_TRANSPORT ?? 'node',
    ]);
    const { before, pushPeak, readPeak } = await child.next('memory', 120_000);
    expect(await child.exited).toBe(0);
    const grown = (peak: number) => Math.round((peak - before) / MiB);
    console.log(
      `client RSS before ${Math.round(before / MiB)} MiB; peak growth: push ${grown(pushPeak)} MiB, download ${grown(readPeak)} MiB`,
    );
    expect(grown(pushPeak)).toBeLessThan(96);
    expect(grown(readPeak)).toBeLessThan(96);
  },
  150_000,
);
