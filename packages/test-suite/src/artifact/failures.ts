import { randomBytes } from 'node:crypto';
import type { ArtifactUpload } from '@ebonite/core/plugin';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { expectEboniteError, expectRejection } from '../expect-error.js';
import { bytesStream, collect, failingStream } from '../streams.js';
import type { ArtifactRepositoryTestOptions } from './options.js';
import { type ArtifactScope, utf8, withArtifacts } from './scope.js';

/** Asserts the model has no files at all, through the repository and in the store. */
async function expectNothing(s: ArtifactScope, id: string, names: string[]): Promise<void> {
  expect(await s.repo.list(id), 'list after the failed push').toEqual([]);
  for (const name of names)
    await expectEboniteError(
      s.repo.open(id, name),
      'E_NO_SUCH_ARTIFACT',
      `open(${name}) after the failed push`,
    );
  await s.stored(id, Object.fromEntries(names.map((name) => [name, null])));
  expect(await collect(s.repo.listModelIds()), 'listModelIds after the failed push').not.toContain(
    id,
  );
  // the store was left as it was: the same model can be pushed now
  await s.push(id, { 'retry.txt': utf8('retry') });
  await s.expectFiles(id, { 'retry.txt': utf8('retry') });
}

/** A push that fails part-way leaves the model with no files. */
export const failureChecks: CheckGroup<ArtifactRepositoryTestOptions> = {
  name: 'failed pushes',
  checks: [
    {
      name: 'a push whose second file stream fails part-way rejects and leaves the model with no files',
      run: (o) =>
        withArtifacts(o, async (s) => {
          const id = s.modelId();
          const boom = new Error(
            'the upload stream broke (deliberately, by the conformance suite)',
          );
          const push = s.push(id, {
            'first.bin': randomBytes(300_000),
            'sub/second.bin': () => failingStream(200_000, boom),
          });
          await expectRejection(push, 'a push whose stream fails');
          await expectNothing(s, id, ['first.bin', 'sub/second.bin']);
        }),
    },
    {
      name: 'a push whose list of files fails after the first file rejects and leaves the model with no files',
      run: (o) =>
        withArtifacts(o, async (s) => {
          const id = s.modelId();
          async function* files(): AsyncGenerator<ArtifactUpload> {
            yield { name: 'first.bin', body: bytesStream(randomBytes(50_000)) };
            throw new Error('the producer of files broke (deliberately, by the conformance suite)');
          }
          await expectRejection(s.repo.push(id, files()), 'a push whose file list fails');
          await expectNothing(s, id, ['first.bin']);
        }),
    },
  ],
};
