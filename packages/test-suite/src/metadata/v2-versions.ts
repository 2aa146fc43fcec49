import { newId } from '@ebonite/core/plugin';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { expectEboniteError } from '../expect-error.js';
import { taskRecord } from '../fixtures.js';
import { uniqueName } from '../random-names.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import { withMetadata } from './scope.js';
import { expectedModel, newModel, v2Task } from './v2-helpers.js';
import { versionsFromProcesses } from './v2-processes.js';

const needsPersistence = (o: MetadataRepositoryTestOptions) =>
  o.capabilities?.persistent ? undefined : 'capabilities.persistent is not set';

/** Version allocation of contract v2 (skipped on a v1 repository). */
export const versionChecks: CheckGroup<MetadataRepositoryTestOptions> = {
  name: 'versions (v2)',
  checks: [
    {
      name: 'unnamed creates get v1, v2, v3 in the same step; a named model has version null; records carry tags and version',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s);
          const named = newModel(task.id, uniqueName('named'));
          expect(await repo.createModel(named), 'a named model').toEqual(
            expectedModel(named, null),
          );
          const created = [];
          for (let n = 1; n <= 3; n++) {
            const input = newModel(task.id, null);
            const model = await repo.createModel(input);
            expect(model, `unnamed create ${n}`).toEqual(expectedModel(input, n));
            created.push(model);
          }
          for (const model of created) {
            expect(await repo.getModelById(model.id), 'read by id').toEqual(model);
            expect(await repo.getModelByName(task.id, model.name), 'read by name').toEqual(model);
          }
          const listed = await repo.getModels(task.id);
          expect(listed.map((m) => [m.name, m.version])).toEqual(
            expect.arrayContaining([
              [named.name, null],
              ['v1', 1],
              ['v2', 2],
              ['v3', 3],
            ]),
          );
          expect(listed.every((m) => m.tags !== undefined && typeof m.tags === 'object')).toBe(
            true,
          );
          expect(await repo.getTaskById(task.id), 'a v2 task carries its tags').toEqual(task);
        }),
    },
    {
      name: 'the allocator skips a number whose name v<n> is taken by a named model',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s);
          await repo.createModel(newModel(task.id, 'v2'));
          await repo.createModel(newModel(task.id, 'v4'));
          const got = [];
          for (let i = 0; i < 3; i++) got.push(await repo.createModel(newModel(task.id, null)));
          expect(got.map((m) => [m.name, m.version])).toEqual([
            ['v1', 1],
            ['v3', 3],
            ['v5', 5],
          ]);
          const handNamed = await repo.getModelByName(task.id, 'v2');
          expect(handNamed?.version, 'a model named v2 by hand keeps version null').toBeNull();
        }),
    },
    {
      name: 'a version number is never reused, also after its model and every later one are deleted',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s);
          const v1 = await repo.createModel(newModel(task.id, null));
          const v2 = await repo.createModel(newModel(task.id, null));
          await repo.deleteModel(v2.id);
          expect((await repo.createModel(newModel(task.id, null))).name, 'after deleting v2').toBe(
            'v3',
          );
          await repo.deleteModel(v1.id);
          for (const m of await repo.getModels(task.id)) await repo.deleteModel(m.id);
          const next = await repo.createModel(newModel(task.id, null));
          expect([next.name, next.version], 'after deleting every model').toEqual(['v4', 4]);
        }),
    },
    {
      name: 'a copied record with a name and a version is stored as given and raises the counter to at least its number',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s);
          const copied = newModel(task.id, 'v7', { version: 7 });
          expect(await repo.createModel(copied), 'the copied record').toEqual(
            expectedModel(copied, 7),
          );
          const renamed = newModel(task.id, uniqueName('release'), { version: 10 });
          expect(await repo.createModel(renamed), 'a copy whose name is not v<n>').toEqual(
            expectedModel(renamed, 10),
          );
          const lower = newModel(task.id, 'v3', { version: 3 });
          await repo.createModel(lower);
          const next = await repo.createModel(newModel(task.id, null));
          expect([next.name, next.version], 'the next unnamed create').toEqual(['v11', 11]);
          expect((await repo.getModelById(lower.id))?.version).toBe(3);
        }),
    },
    {
      name: 'version counters are per task, and a taken id or a missing task fails without using a number',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const a = await v2Task(s);
          const b = await repo.createTask({ ...taskRecord(a.projectId), tags: {} });
          const first = await repo.createModel(newModel(a.id, null));
          expect((await repo.createModel(newModel(b.id, null))).name, 'first of task b').toBe('v1');
          await expectEboniteError(
            repo.createModel(newModel(a.id, null, { id: first.id })),
            'E_EXISTING_MODEL',
            'an unnamed create with a taken id',
          );
          await expectEboniteError(
            repo.createModel(newModel(newId(), null)),
            'E_NON_EXISTING_TASK',
            'an unnamed create in an absent task',
          );
          const next = await repo.createModel(newModel(a.id, null));
          expect(next.name, 'a failed create may not leave a gap it filled').toMatch(/^v[23]$/);
          expect(
            (await repo.getModels(a.id)).map((m) => m.name).sort(),
            'task a holds only its own versions',
          ).toEqual(['v1', next.name]);
        }),
    },
    {
      name: 'updateModel keeps version, tags and creationDate as stored',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s);
          const model = await repo.createModel(newModel(task.id, null, { tags: { stage: 'a' } }));
          const updated = await repo.updateModel({
            ...model,
            description: 'changed',
            version: 99,
            tags: { stage: 'b', other: 'x' },
            creationDate: '2001-01-01T00:00:00.000Z',
          });
          const expected = { ...model, description: 'changed' };
          expect(updated, 'updateModel result').toEqual(expected);
          expect(await repo.getModelById(model.id), 'read after update').toEqual(expected);
        }),
    },
    {
      name: '20 racing unnamed creates on one repository get v1..v20, each once',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s);
          const models = await Promise.all(
            Array.from({ length: 20 }, () => repo.createModel(newModel(task.id, null))),
          );
          const versions = models.map((m) => m.version).sort((x, y) => (x ?? 0) - (y ?? 0));
          expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
          for (const m of models) expect(m.name).toBe(`v${m.version}`);
          expect(await repo.getModels(task.id)).toHaveLength(20);
        }),
    },
    {
      name: 'unnamed creates racing through two repositories get distinct consecutive versions',
      skip: needsPersistence,
      run: (o) =>
        withMetadata(o, (a) =>
          withMetadata(o, async (b) => {
            const task = await v2Task(a);
            const models = await Promise.all(
              Array.from({ length: 20 }, (_, i) =>
                (i % 2 ? a : b).v2.createModel(newModel(task.id, null)),
              ),
            );
            const versions = models.map((m) => m.version).sort((x, y) => (x ?? 0) - (y ?? 0));
            expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
          }),
        ),
    },
    {
      name: 'version allocation under 8 racing processes gives v1..vN, none lost, none failed',
      skip: (o) =>
        needsPersistence(o) ??
        (o.processes ? undefined : 'no processes factory is given (options.processes)'),
      timeout: 180_000,
      run: (o) =>
        withMetadata(o, async (s) => {
          const task = await v2Task(s);
          await versionsFromProcesses(o, s, task.id, 8, 25);
        }),
    },
  ],
};
