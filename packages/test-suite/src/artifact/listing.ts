import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { collect } from '../streams.js';
import type { ArtifactRepositoryTestOptions } from './options.js';
import { utf8, withArtifacts } from './scope.js';

/** listModelIds, and several pushes at once. */
export const listingChecks: CheckGroup<ArtifactRepositoryTestOptions> = {
  name: 'model ids and parallel pushes',
  checks: [
    {
      name: 'listModelIds includes each pushed id once and no deleted one',
      run: (o) =>
        withArtifacts(o, async (s) => {
          const kept = [s.modelId(), s.modelId()];
          const deleted = s.modelId();
          for (const id of [...kept, deleted])
            await s.push(id, { 'a.txt': utf8(id), 'sub/b.txt': utf8(id) });
          await s.repo.delete(deleted);
          const ids = await collect(s.repo.listModelIds());
          for (const id of kept)
            expect(
              ids.filter((x) => x === id),
              `listModelIds entries for ${id}`,
            ).toEqual([id]);
          expect(ids).not.toContain(deleted);
        }),
    },
    {
      name: 'lastModified, when implemented, tells when the newest file was written and nothing for a model without files',
      run: (o) =>
        withArtifacts(o, async (s) => {
          const repo = s.repo;
          if (!repo.lastModified) return; // optional in the contract
          const id = s.modelId();
          const before = Date.now();
          await s.push(id, { 'a.txt': utf8('a'), 'sub/b.txt': utf8('b') });
          const written = await repo.lastModified(id);
          expect(written, 'lastModified after a push').toBeTypeOf('string');
          const at = Date.parse(written!);
          // File systems and servers keep whole seconds at times: allow for the rounding and a clock step.
          expect(at, `lastModified ${written}`).toBeGreaterThanOrEqual(before - 2000);
          expect(at, `lastModified ${written}`).toBeLessThanOrEqual(Date.now() + 2000);
          await repo.delete(id);
          expect(await repo.lastModified(id), 'lastModified after delete').toBeUndefined();
          expect(
            await repo.lastModified(s.modelId()),
            'lastModified of a model never pushed',
          ).toBeUndefined();
        }),
    },
    {
      name: 'parallel pushes of different models all succeed',
      run: (o) =>
        withArtifacts(o, async (s) => {
          const models = Array.from({ length: 5 }, () => ({
            id: s.modelId(),
            files: { 'model.bin': randomBytes(20_000), 'sub/c.txt': utf8('c') },
          }));
          await Promise.all(models.map((m) => s.push(m.id, m.files)));
          for (const m of models) await s.expectFiles(m.id, m.files);
        }),
    },
  ],
};
