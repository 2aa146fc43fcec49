import { newId } from '@ebonite/core/plugin';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { expectEboniteError } from '../expect-error.js';
import type { ArtifactRepositoryTestOptions } from './options.js';
import { utf8, withArtifacts } from './scope.js';

/** Opening what is not there, pushing over what is, deleting and pushing again. */
export const missingAndExistingChecks: CheckGroup<ArtifactRepositoryTestOptions> = {
  name: 'missing and existing files',
  checks: [
    {
      name: 'open of a missing file, a folder or a missing model throws NoSuchArtifactError; list of a missing model is []',
      run: (o) =>
        withArtifacts(o, async (s) => {
          const id = s.modelId();
          await s.push(id, { 'sub/file.txt': utf8('x') });
          await expectEboniteError(
            s.repo.open(id, 'absent.txt'),
            'E_NO_SUCH_ARTIFACT',
            'open of a missing file',
          );
          await expectEboniteError(
            s.repo.open(id, 'sub'),
            'E_NO_SUCH_ARTIFACT',
            'open of a folder',
          );
          await expectEboniteError(
            s.repo.open(id, 'sub/file.txt/more'),
            'E_NO_SUCH_ARTIFACT',
            'open below a file',
          );
          const never = newId();
          await expectEboniteError(
            s.repo.open(never, 'sub/file.txt'),
            'E_NO_SUCH_ARTIFACT',
            'open in a model never pushed',
          );
          expect(await s.repo.list(never)).toEqual([]);
        }),
    },
    {
      name: 'a second push for the same model throws ArtifactExistsError and leaves the first files unchanged',
      run: (o) =>
        withArtifacts(o, async (s) => {
          const id = s.modelId();
          const first = { 'model.bin': utf8('first'), 'config.json': utf8('{}') };
          await s.push(id, first);
          await expectEboniteError(
            s.push(id, { 'model.bin': utf8('second!'), 'new.bin': utf8('new') }),
            'E_ARTIFACT_EXISTS',
            'a second push',
          );
          await s.expectFiles(id, first);
          await s.stored(id, { 'new.bin': null });
        }),
    },
    {
      name: 'delete removes every file; a push after it works',
      run: (o) =>
        withArtifacts(o, async (s) => {
          const id = s.modelId();
          await s.push(id, { 'model.bin': utf8('first'), 'sub/a.txt': utf8('a') });
          await s.repo.delete(id);
          expect(await s.repo.list(id)).toEqual([]);
          await expectEboniteError(
            s.repo.open(id, 'model.bin'),
            'E_NO_SUCH_ARTIFACT',
            'open after delete',
          );
          await s.stored(id, { 'model.bin': null, 'sub/a.txt': null });
          const again = { 'model.bin': utf8('second push') };
          await s.push(id, again);
          await s.expectFiles(id, again);
          await s.stored(id, { 'sub/a.txt': null });
        }),
    },
    {
      name: 'delete of a model with no files, or twice, is not an error',
      run: (o) =>
        withArtifacts(o, async (s) => {
          await s.repo.delete(newId());
          const id = s.modelId();
          await s.push(id, { 'a.txt': utf8('a') });
          await s.repo.delete(id);
          await s.repo.delete(id);
          expect(await s.repo.list(id)).toEqual([]);
        }),
    },
  ],
};
