import { randomBytes } from 'node:crypto';
import type { CheckGroup } from '../check.js';
import { expectEboniteError } from '../expect-error.js';
import type { ArtifactRepositoryTestOptions } from './options.js';
import { ArtifactScope, uploads, utf8, withArtifacts } from './scope.js';

/** What one repository stored is there for the next one. */
export const persistenceChecks: CheckGroup<ArtifactRepositoryTestOptions> = {
  name: 'persistence',
  checks: [
    {
      name: 'a second repository reads what the first pushed, and not what it deleted, after the first is closed',
      skip: (o) => (o.capabilities?.persistent ? undefined : 'capabilities.persistent is not set'),
      run: async (o) => {
        const kept = new ArtifactScope(await o.create(), o);
        const files = { 'model.bin': randomBytes(70_000), 'sub/config.json': utf8('{"a":1}') };
        const keptId = kept.modelId();
        const goneId = kept.modelId();
        try {
          await kept.repo.push(keptId, uploads(files));
          await kept.repo.push(goneId, uploads({ 'x.txt': utf8('x') }));
          await kept.repo.delete(goneId);
        } finally {
          await kept.repo.close();
        }
        await withArtifacts(o, async (s) => {
          s.modelId(keptId);
          await s.expectFiles(keptId, files);
          await expectEboniteError(
            s.repo.open(goneId, 'x.txt'),
            'E_NO_SUCH_ARTIFACT',
            'the deleted file',
          );
        });
      },
    },
  ],
};
