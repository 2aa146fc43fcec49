import { EboniteError } from '@ebonite/core/plugin';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { modelRecord, taskRecord } from '../fixtures.js';
import { uniqueName } from '../random-names.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import { type MetadataScope, withMetadata } from './scope.js';

const needsPersistence = (o: MetadataRepositoryTestOptions) =>
  o.capabilities?.persistent ? undefined : 'capabilities.persistent is not set';

/** How many creates race the cascade delete, half started before it and half after, in one tick. */
const RACERS = 12;

/**
 * Starts `deleteProject(cascade)` on `deleter` among creates of tasks and models in that project on
 * `creator`, then asserts that nothing of the project is readable and that every create either
 * succeeded (and was deleted) or failed with `NonExistingProjectError` / `NonExistingTaskError`.
 */
async function cascadeUnderCreates(deleter: MetadataScope, creator: MetadataScope): Promise<void> {
  const project = await deleter.project();
  const task = await deleter.task(project.id);
  const models = [await deleter.model(task.id), await deleter.model(task.id)];
  const tasks = Array.from({ length: RACERS / 2 }, () => taskRecord(project.id));
  const newModels = Array.from({ length: RACERS / 2 }, () => modelRecord(task.id));
  const creates = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, k) => {
      const i = from + k;
      return i % 2
        ? creator.repo.createTask(tasks[i >> 1]!)
        : creator.repo.createModel(newModels[i >> 1]!);
    });
  const before = creates(0, RACERS / 2);
  const deletion = deleter.repo.deleteProject(project.id, { cascade: true });
  const after = creates(RACERS / 2, RACERS);
  const results = await Promise.allSettled([...before, ...after]);
  await expect(deletion, 'the cascade delete').resolves.toBeUndefined();
  for (const result of results) {
    if (result.status === 'fulfilled') continue;
    const reason = result.reason as unknown;
    expect(
      EboniteError.isInstance(reason, 'E_NON_EXISTING_PROJECT') ||
        EboniteError.isInstance(reason, 'E_NON_EXISTING_TASK'),
      `a create racing the cascade fails only with NonExisting…Error, got ${String(reason)}`,
    ).toBe(true);
  }
  for (const repo of [deleter.repo, creator.repo]) {
    expect(await repo.getProjectById(project.id), 'the deleted project').toBeNull();
    for (const t of [task, ...tasks])
      expect(await repo.getTaskById(t.id), `task ${t.name} of the deleted project`).toBeNull();
    for (const m of [...models, ...newModels])
      expect(await repo.getModelById(m.id), `model ${m.name} of the deleted project`).toBeNull();
  }
  await deleter.stored('project', project.id, null);
  for (const t of [task, ...tasks]) await deleter.stored('task', t.id, null);
  for (const m of [...models, ...newModels]) await deleter.stored('model', m.id, null);
}

/** Calls racing each other on one repository instance, and a cascade racing creates under it. */
export const raceChecks: CheckGroup<MetadataRepositoryTestOptions> = {
  name: 'racing calls',
  checks: [
    {
      name: 'a cascade deleteProject racing createTask and createModel under it leaves nothing of the project',
      run: (o) => withMetadata(o, (s) => cascadeUnderCreates(s, s)),
    },
    {
      name: 'a cascade deleteProject racing creates under it through a second repository leaves nothing of the project',
      skip: needsPersistence,
      run: (o) => withMetadata(o, (a) => withMetadata(o, (b) => cascadeUnderCreates(a, b))),
    },
    {
      name: '50 interleaved creates, reads and updates on one repository instance are all consistent',
      run: (o) =>
        withMetadata(o, async (s) => {
          const project = await s.project();
          const task = await s.task(project.id);
          const existing = await Promise.all(Array.from({ length: 10 }, () => s.model(task.id)));
          const tasks = Array.from({ length: 10 }, () => taskRecord(project.id));
          const models = Array.from({ length: 10 }, () => modelRecord(task.id));
          const updated = existing.map((m) => ({ ...m, description: uniqueName('updated') }));
          const calls: Promise<unknown>[] = [];
          for (let i = 0; i < 10; i++) {
            calls.push(s.repo.createTask(tasks[i]!));
            calls.push(s.repo.createModel(models[i]!));
            calls.push(s.repo.updateModel(updated[i]!));
            calls.push(
              s.repo.getModelById(existing[i]!.id).then((read) => {
                expect(read?.id, 'a model read while others are written').toBe(existing[i]!.id);
              }),
            );
            calls.push(
              s.repo.getTaskById(task.id).then((read) => {
                expect(read, 'the task read while others are written').toEqual(task);
              }),
            );
          }
          const results = await Promise.allSettled(calls);
          const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
          expect(failed.map(String), 'every call succeeds').toEqual([]);
          const byId = <T extends { id: string }>(list: T[]) =>
            [...list].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
          expect(await s.repo.getTasks(project.id), 'every task').toEqual(byId([task, ...tasks]));
          expect(await s.repo.getModels(task.id), 'every model, updates applied').toEqual(
            byId([...updated, ...models]),
          );
          for (const record of tasks) await s.stored('task', record.id, record);
          for (const record of [...updated, ...models]) await s.stored('model', record.id, record);
        }),
    },
  ],
};
