import { newId } from '@ebonite/core/plugin';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { expectEboniteError } from '../expect-error.js';
import { taskRecord } from '../fixtures.js';
import { uniqueName } from '../random-names.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import { withMetadata } from './scope.js';
import { newModel, v2Task } from './v2-helpers.js';

const needsPersistence = (o: MetadataRepositoryTestOptions) =>
  o.capabilities?.persistent ? undefined : 'capabilities.persistent is not set';

/** Tags of contract v2 (skipped on a v1 repository). */
export const tagChecks: CheckGroup<MetadataRepositoryTestOptions> = {
  name: 'tags (v2)',
  checks: [
    {
      name: 'createTask and createModel store tags; every read returns them; exotic keys and values round-trip',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const tags = {
            stage: 'candidate',
            'percent%_under': '50% o\'clock "quoted" \\',
            'ключ 🔑': '模型 😀 \uE000 e\u0301',
            ['k'.repeat(255)]: 'v'.repeat(5000),
            empty: '',
          };
          const task = await v2Task(s, { team: 'vision', ...tags });
          expect(await repo.getTaskById(task.id), 'getTaskById').toEqual(task);
          expect(await repo.getTaskByName(task.projectId, task.name), 'getTaskByName').toEqual(
            task,
          );
          expect(await repo.getTasks(task.projectId), 'getTasks').toEqual([task]);
          const model = await repo.createModel(newModel(task.id, uniqueName('tagged'), { tags }));
          expect(model.tags, 'createModel result').toEqual(tags);
          expect(await repo.getModelById(model.id), 'getModelById').toEqual(model);
          expect(await repo.getModelByName(task.id, model.name), 'getModelByName').toEqual(model);
          expect(await repo.getModels(task.id), 'getModels').toEqual([model]);
        }),
    },
    {
      name: 'setModelTags and setTaskTags merge: a value sets, null removes, other keys stay; the stored record is returned',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s, { a: '1', b: '2' });
          const model = await repo.createModel(
            newModel(task.id, null, { tags: { stage: 'candidate', owner: 'ann', keep: 'k' } }),
          );
          const tagged = await repo.setModelTags(model.id, {
            stage: 'approved',
            owner: null,
            absent: null,
            new: 'x',
          });
          const expected = { ...model, tags: { stage: 'approved', keep: 'k', new: 'x' } };
          expect(tagged, 'setModelTags result').toEqual(expected);
          expect(await repo.getModelById(model.id), 'the model read back').toEqual(expected);
          expect(await repo.setModelTags(model.id, {}), 'an empty change').toEqual(expected);
          const taskTagged = await repo.setTaskTags(task.id, { a: null, c: '3' });
          expect(taskTagged, 'setTaskTags result').toEqual({ ...task, tags: { b: '2', c: '3' } });
          expect(await repo.getTaskById(task.id), 'the task read back').toEqual(taskTagged);
        }),
    },
    {
      name: 'setModelTags and setTaskTags of something absent throw NonExistingModelError / NonExistingTaskError',
      run: (o) =>
        withMetadata(o, async (s) => {
          await expectEboniteError(
            s.v2.setModelTags(newId(), { a: 'b' }),
            'E_NON_EXISTING_MODEL',
            'setModelTags of an absent model',
          );
          await expectEboniteError(
            s.v2.setTaskTags(newId(), { a: 'b' }),
            'E_NON_EXISTING_TASK',
            'setTaskTags of an absent task',
          );
        }),
    },
    {
      name: 'updateTask and updateModel keep the stored tags',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s, { keep: 'me' });
          const renamed = await repo.updateTask({ ...task, name: uniqueName('renamed'), tags: {} });
          expect(renamed, 'updateTask result').toEqual({ ...task, name: renamed.name });
          expect((await repo.getTaskById(task.id))?.tags).toEqual({ keep: 'me' });
          const model = await repo.createModel(newModel(task.id, null, { tags: { keep: 'me' } }));
          const { tags: _, ...withoutTags } = model;
          const updated = await repo.updateModel({ ...withoutTags, description: 'new' });
          expect(updated.tags, 'updateModel without tags').toEqual({ keep: 'me' });
          expect((await repo.getModelById(model.id))?.tags).toEqual({ keep: 'me' });
        }),
    },
    {
      name: 'concurrent setModelTags of different keys on one repository all win',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s);
          const model = await repo.createModel(newModel(task.id, null));
          await Promise.all(
            Array.from({ length: 10 }, (_, i) =>
              repo.setModelTags(model.id, { [`k${i}`]: `${i}` }),
            ),
          );
          expect((await repo.getModelById(model.id))?.tags).toEqual(
            Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, `${i}`])),
          );
        }),
    },
    {
      name: 'concurrent setTaskTags and setModelTags of different keys through two repositories all win',
      skip: needsPersistence,
      run: (o) =>
        withMetadata(o, (a) =>
          withMetadata(o, async (b) => {
            const project = await a.project();
            const task = await a.v2.createTask({ ...taskRecord(project.id), tags: {} });
            const model = await a.v2.createModel(newModel(task.id, null));
            await Promise.all(
              Array.from({ length: 10 }, (_, i) => {
                const repo = (i % 2 ? a : b).v2;
                return Promise.all([
                  repo.setModelTags(model.id, { [`k${i}`]: `${i}` }),
                  repo.setTaskTags(task.id, { [`t${i}`]: `${i}` }),
                ]);
              }),
            );
            const all = (p: string) =>
              Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`${p}${i}`, `${i}`]));
            expect((await b.v2.getModelById(model.id))?.tags, 'model tags').toEqual(all('k'));
            expect((await b.v2.getTaskById(task.id))?.tags, 'task tags').toEqual(all('t'));
          }),
        ),
    },
  ],
};
