import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { UNICODE_SAMPLES } from '../fixtures.js';
import {
  bytesSummary,
  digestOf,
  digestOfBytes,
  generatedChunks,
  generatedStream,
} from '../streams.js';
import type { ArtifactRepositoryTestOptions } from './options.js';
import { utf8, withArtifacts } from './scope.js';

/** Larger than one 5 MiB multipart part, and not a multiple of any chunk size. */
export const BIG_FILE_SIZE = 6 * 1024 * 1024 + 12_345;

const bySize = (files: Record<string, Uint8Array>) =>
  Object.keys(files)
    .sort()
    .map((name) => ({ name, size: files[name]?.length }));

/** Files go in and come back byte for byte. */
export const roundTripChecks: CheckGroup<ArtifactRepositoryTestOptions> = {
  name: 'push, list and open',
  checks: [
    {
      name: 'files in sub-folders, empty files and Unicode names round-trip byte for byte; list is sorted by name with sizes',
      run: (o) =>
        withArtifacts(o, async (s) => {
          const files: Record<string, Uint8Array> = {
            'weights.bin': randomBytes(100_000),
            'b.txt': utf8('b'),
            'a/x.bin': randomBytes(10),
            'a.txt': utf8('a\nsecond line'),
            'C.json': utf8(JSON.stringify({ upper: true })),
            'deep/er/est/file.bin': randomBytes(3),
            'empty.bin': new Uint8Array(0),
            'folder/empty': new Uint8Array(0),
            [`${UNICODE_SAMPLES.cjk}/${UNICODE_SAMPLES.emoji}.txt`]: utf8(UNICODE_SAMPLES.rtl),
            'with space.txt': utf8(' '),
          };
          const id = s.modelId();
          const pushed = await s.push(id, files);
          expect(
            [...pushed].sort((x, y) => (x.name < y.name ? -1 : 1)),
            'what push returns',
          ).toEqual(bySize(files));
          await s.expectFiles(id, files);
        }),
    },
    {
      name: 'names like Object.prototype members (__proto__, constructor) and a 255-byte UTF-8 segment round-trip',
      run: (o) =>
        withArtifacts(o, async (s) => {
          const files: Record<string, Uint8Array> = Object.create(null);
          for (const name of [
            '__proto__',
            'constructor',
            'toString',
            'sub/__proto__',
            `long/${'é'.repeat(127)}x`,
          ])
            files[name] = utf8(`bytes of ${name}`);
          const id = s.modelId();
          await s.push(id, files);
          await s.expectFiles(id, files);
        }),
    },
    {
      name: 'a multi-MiB file from a generator stream round-trips (streamed both ways)',
      timeout: 120_000,
      run: (o) =>
        withArtifacts(o, async (s) => {
          const id = s.modelId();
          const expected = await digestOf(generatedChunks(BIG_FILE_SIZE, 42));
          const pushed = await s.push(id, {
            'big/model.bin': () => generatedStream(BIG_FILE_SIZE, 42),
            'after.txt': utf8('after'),
          });
          expect(pushed.find((f) => f.name === 'big/model.bin')?.size).toBe(BIG_FILE_SIZE);
          expect(await s.repo.list(id)).toEqual([
            { name: 'after.txt', size: 5 },
            { name: 'big/model.bin', size: BIG_FILE_SIZE },
          ]);
          expect(
            await digestOf(await s.repo.open(id, 'big/model.bin')),
            'the big file read back through open()',
          ).toEqual(expected);
          expect((await s.read(id, 'after.txt')).toString()).toBe('after');
          const direct = await o.readBack?.file(id, 'big/model.bin');
          if (o.readBack)
            expect(
              direct ? digestOfBytes(direct) : null,
              'the big file read directly from the store',
            ).toEqual(expected);
        }),
    },
    {
      name: 'a file can be opened several times, also at once',
      run: (o) =>
        withArtifacts(o, async (s) => {
          const id = s.modelId();
          const bytes = randomBytes(200_000);
          await s.push(id, { 'model.bin': bytes });
          const reads = await Promise.all([
            s.read(id, 'model.bin'),
            s.read(id, 'model.bin'),
            s.read(id, 'model.bin'),
          ]);
          for (const read of reads) expect(bytesSummary(read)).toEqual(bytesSummary(bytes));
        }),
    },
  ],
};
