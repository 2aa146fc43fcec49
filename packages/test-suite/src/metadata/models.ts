import { type JsonObject, newId } from '@ebonite/core/plugin';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { expectEboniteError } from '../expect-error.js';
import { clone, modelRecord, sortedIds, taskRecord } from '../fixtures.js';
import { randomSuffix, uniqueName } from '../random-names.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import { withMetadata } from './scope.js';

/** Create, read, list, update and delete of models inside their tasks. */
export const modelChecks: CheckGroup<MetadataRepositoryTestOptions> = {
  name: 'models',
  checks: [
    {
      name: 'createModel returns the record and stores a deep copy independent of the caller',
      run: (o) =>
        withMetadata(o, async (s) => {
          const task = await s.task();
          const input = modelRecord(task.id);
          const expected = clone(input);
          const created = await s.repo.createModel(input);
          expect(created, 'createModel result').toEqual(expected);
          ((input.params.nested as JsonObject).deeper as JsonObject).deepest = 'mutated';
          input.artifacts.push({ name: 'extra.bin', size: 1, digest: `sha256:${'00'.repeat(32)}` });
          input.requirements.length = 0;
          (created.wrapper as JsonObject).type = 'mutated';
          created.params.epochs = -1;
          const read = await s.repo.getModelById(expected.id);
          expect(read, 'getModelById after the caller mutated nested objects').toEqual(expected);
          if (read) {
            read.artifacts[0] = { name: 'x', size: 0, digest: 'sha256:x' };
            read.params.learningRate = 1;
          }
          expect(
            await s.repo.getModelById(expected.id),
            'getModelById after mutating a read copy',
          ).toEqual(expected);
          expect(await s.repo.getModelByName(task.id, expected.name), 'getModelByName').toEqual(
            expected,
          );
          expect(await s.repo.getModels(task.id), 'getModels').toEqual([expected]);
          await s.stored('model', expected.id, expected);
        }),
    },
    {
      name: 'params, artifact descriptors, requirements and wrapper JSON round-trip exactly',
      run: (o) =>
        withMetadata(o, async (s) => {
          const task = await s.task();
          const rich = modelRecord(task.id);
          const bare = modelRecord(task.id, uniqueName('bare'), {
            params: {},
            requirements: [],
            artifacts: [],
            wrapper: null,
            description: '',
          });
          for (const record of [rich, bare]) {
            const expected = clone(record);
            await s.repo.createModel(record);
            expect(await s.repo.getModelById(record.id), record.name).toEqual(expected);
            await s.stored('model', record.id, expected);
          }
        }),
    },
    {
      name: 'names and params keys like Object.prototype members (__proto__, constructor) are stored and found',
      run: (o) =>
        withMetadata(o, async (s) => {
          const project = await s.project();
          const task = await s.repo.createTask(taskRecord(project.id, '__proto__'));
          expect(await s.repo.getTaskByName(project.id, '__proto__'), 'task "__proto__"').toEqual(
            task,
          );
          expect(
            await s.repo.getTaskByName(project.id, 'constructor'),
            'absent "constructor"',
          ).toBeNull();
          for (const absent of ['constructor', 'hasOwnProperty', '__proto__'])
            expect(
              await s.repo.getModelByName(task.id, absent),
              `absent model "${absent}"`,
            ).toBeNull();
          const params = JSON.parse(
            '{"__proto__":{"polluted":1},"constructor":"c","nested":{"__proto__":[1]}}',
          );
          for (const name of ['__proto__', 'constructor', 'toString']) {
            const record = modelRecord(task.id, name, { params });
            const expected = clone(record);
            await s.repo.createModel(record);
            const read = await s.repo.getModelByName(task.id, name);
            expect(read, `model "${name}"`).toEqual(expected);
            expect(JSON.stringify(read?.params), `params of "${name}"`).toBe(
              JSON.stringify(params),
            );
            await s.stored('model', record.id, expected);
          }
          expect((await s.repo.getModels(task.id)).map((m) => m.name).sort()).toEqual([
            '__proto__',
            'constructor',
            'toString',
          ]);
        }),
    },
    {
      name: 'createModel in an absent task throws NonExistingTaskError',
      run: (o) =>
        withMetadata(o, async (s) => {
          const orphan = modelRecord(newId());
          await expectEboniteError(
            s.repo.createModel(orphan),
            'E_NON_EXISTING_TASK',
            'createModel in an absent task',
          );
          expect(await s.repo.getModelById(orphan.id)).toBeNull();
          await s.stored('model', orphan.id, null);
        }),
    },
    {
      name: 'look-ups of absent models return null; getModels of an absent task throws NonExistingTaskError',
      run: (o) =>
        withMetadata(o, async (s) => {
          const task = await s.task();
          expect(await s.repo.getModelById(newId())).toBeNull();
          expect(await s.repo.getModelByName(task.id, uniqueName('absent'))).toBeNull();
          expect(
            await s.repo.getModelByName(newId(), uniqueName('absent')),
            'getModelByName in an absent task',
          ).toBeNull();
          expect(await s.repo.getModels(task.id), 'getModels of an empty task').toEqual([]);
          await expectEboniteError(
            s.repo.getModels(newId()),
            'E_NON_EXISTING_TASK',
            'getModels of an absent task',
          );
        }),
    },
    {
      name: 'a taken name in the task or a taken id throws ExistingModelError; other tasks may reuse the name',
      run: (o) =>
        withMetadata(o, async (s) => {
          const task = await s.task();
          const first = await s.model(task.id);
          await expectEboniteError(
            s.repo.createModel(modelRecord(task.id, first.name)),
            'E_EXISTING_MODEL',
            'createModel with a taken name',
          );
          await expectEboniteError(
            s.repo.createModel({ ...modelRecord(task.id), id: first.id }),
            'E_EXISTING_MODEL',
            'createModel with a taken id',
          );
          expect(await s.repo.getModels(task.id)).toEqual([first]);
          const elsewhere = await s.model(undefined, first.name);
          expect(await s.repo.getModelByName(elsewhere.taskId, first.name)).toEqual(elsewhere);
          expect(await s.repo.getModelByName(task.id, first.name)).toEqual(first);
        }),
    },
    {
      name: 'model names are case-sensitive: Model and model are two models',
      run: (o) =>
        withMetadata(o, async (s) => {
          const task = await s.task();
          const suffix = randomSuffix();
          const upper = await s.model(task.id, `Model-${suffix}`);
          const lower = await s.model(task.id, `model-${suffix}`);
          expect(await s.repo.getModelByName(task.id, upper.name)).toEqual(upper);
          expect(await s.repo.getModelByName(task.id, lower.name)).toEqual(lower);
        }),
    },
    {
      name: 'getModels lists only the task models, in id order',
      run: (o) =>
        withMetadata(o, async (s) => {
          const task = await s.task();
          const records = [modelRecord(task.id), modelRecord(task.id), modelRecord(task.id)];
          for (const index of [2, 1, 0])
            await s.repo.createModel(records[index] as (typeof records)[number]);
          await s.model(await s.task(task.projectId).then((t) => t.id)); // a sibling task's model
          const listed = await s.repo.getModels(task.id);
          expect(listed.map((m) => m.id)).toEqual(sortedIds(records.map((r) => r.id)));
          expect(listed).toEqual(expect.arrayContaining(records));
        }),
    },
    {
      name: 'updateModel replaces its fields and moves a model between tasks',
      run: (o) =>
        withMetadata(o, async (s) => {
          const model = await s.model();
          const changed = {
            ...model,
            name: uniqueName('renamed'),
            description: 'changed',
            params: { only: ['this'] },
            requirements: [],
            artifacts: [{ name: 'other.bin', size: 7, digest: `sha256:${'cd'.repeat(32)}` }],
            wrapper: null,
          };
          expect(await s.repo.updateModel(changed), 'updateModel result').toEqual(changed);
          expect(await s.repo.getModelById(model.id)).toEqual(changed);
          expect(await s.repo.getModelByName(model.taskId, model.name), 'the old name').toBeNull();
          await s.stored('model', model.id, changed);
          const target = await s.task();
          const moved = { ...changed, taskId: target.id };
          expect(await s.repo.updateModel(moved)).toEqual(moved);
          expect(await s.repo.getModels(model.taskId), 'the old task').toEqual([]);
          expect(await s.repo.getModels(target.id), 'the new task').toEqual([moved]);
          await s.stored('model', model.id, moved);
        }),
    },
    {
      name: 'updateModel keeps creationDate as stored',
      run: (o) =>
        withMetadata(o, async (s) => {
          const model = await s.model();
          const change = {
            ...model,
            description: 'changed',
            creationDate: '2001-02-03T04:05:06.007Z',
          };
          const expected = { ...change, creationDate: model.creationDate };
          expect(await s.repo.updateModel(change), 'updateModel result').toEqual(expected);
          expect(await s.repo.getModelById(model.id), 'getModelById').toEqual(expected);
          expect(await s.repo.getModels(model.taskId), 'getModels').toEqual([expected]);
          await s.stored('model', model.id, expected);
        }),
    },
    {
      name: 'updateModel onto a taken name, of an absent model or into an absent task throws and changes nothing',
      run: (o) =>
        withMetadata(o, async (s) => {
          const task = await s.task();
          const a = await s.model(task.id);
          const b = await s.model(task.id);
          await expectEboniteError(
            s.repo.updateModel({ ...b, name: a.name }),
            'E_EXISTING_MODEL',
            'renaming onto a taken name',
          );
          const ghost = modelRecord(task.id);
          await expectEboniteError(
            s.repo.updateModel(ghost),
            'E_NON_EXISTING_MODEL',
            'updateModel of an absent model',
          );
          await expectEboniteError(
            s.repo.updateModel({ ...b, taskId: newId() }),
            'E_NON_EXISTING_TASK',
            'moving into an absent task',
          );
          expect(await s.repo.getModels(task.id)).toEqual([a, b]);
          expect(await s.repo.getModelById(ghost.id)).toBeNull();
          await s.stored('model', b.id, b);
          await s.stored('model', ghost.id, null);
        }),
    },
    {
      name: 'deleteModel removes it; deleting an absent model throws NonExistingModelError',
      run: (o) =>
        withMetadata(o, async (s) => {
          const task = await s.task();
          const model = await s.model(task.id);
          const sibling = await s.model(task.id);
          await s.repo.deleteModel(model.id);
          expect(await s.repo.getModelById(model.id)).toBeNull();
          expect(await s.repo.getModelByName(task.id, model.name)).toBeNull();
          expect(await s.repo.getModels(task.id)).toEqual([sibling]);
          await s.stored('model', model.id, null);
          await s.stored('model', sibling.id, sibling);
          await expectEboniteError(
            s.repo.deleteModel(model.id),
            'E_NON_EXISTING_MODEL',
            'deleting it again',
          );
          const again = await s.model(task.id, model.name);
          expect(
            await s.repo.getModelByName(task.id, model.name),
            'the freed name is usable again',
          ).toEqual(again);
        }),
    },
  ],
};
