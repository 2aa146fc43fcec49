import { EboniteError } from '@ebonite/core/plugin';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { randomSuffix } from '../random-names.js';
import type { ArtifactRepositoryTestOptions } from './options.js';
import { type ArtifactScope, utf8, withArtifacts } from './scope.js';

/** Pushes to a model id and to that id with `0` appended, the longer one first. */
async function prefixPair(s: ArtifactScope, short: string) {
  const long = s.modelId(`${short}0`);
  s.modelId(short);
  const longFiles = { 'model.bin': utf8(`files of ${long}`), 'only-long.txt': utf8('long') };
  const shortFiles = { 'model.bin': utf8(`files of ${short}`) };
  await s.push(long, longFiles);
  try {
    await s.push(short, shortFiles);
  } catch (error) {
    if (!EboniteError.isInstance(error, 'E_ARTIFACT_EXISTS')) throw error;
    throw new Error(
      `push(${short}) threw ArtifactExistsError while only model ${long} has files: the repository checks for existing files by a prefix without the trailing "/".`,
      { cause: error },
    );
  }
  return { long, short, longFiles, shortFiles };
}

/** A model id that is a prefix of another's never sees or deletes the other's files. */
export const isolationChecks: CheckGroup<ArtifactRepositoryTestOptions> = {
  name: 'model isolation',
  checks: [
    {
      name: 'models whose ids are prefixes of each other (abc/abc0, 1/10) list only their own files',
      run: (o) =>
        withArtifacts(o, async (s) => {
          const r = randomSuffix();
          for (const short of [`${r}abc`, `${r}1`]) {
            const p = await prefixPair(s, short);
            await s.expectFiles(p.short, p.shortFiles);
            await s.expectFiles(p.long, p.longFiles);
          }
        }),
    },
    {
      name: 'deleting a model never deletes the files of a model whose id it prefixes, nor the reverse',
      run: (o) =>
        withArtifacts(o, async (s) => {
          const r = randomSuffix();
          const a = await prefixPair(s, `${r}abc`);
          await s.repo.delete(a.short);
          expect(await s.repo.list(a.short)).toEqual([]);
          await s.expectFiles(a.long, a.longFiles);
          const b = await prefixPair(s, `${r}1`);
          await s.repo.delete(b.long);
          expect(await s.repo.list(b.long)).toEqual([]);
          await s.expectFiles(b.short, b.shortFiles);
          await s.stored(b.long, { 'model.bin': null, 'only-long.txt': null });
        }),
    },
  ],
};
