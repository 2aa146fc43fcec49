import { EboniteError, type EboniteErrorCode } from '@ebonite/core/plugin';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { modelRecord, projectRecord, taskRecord } from '../fixtures.js';
import { uniqueName } from '../random-names.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import { only, withMetadata } from './scope.js';

const needsPersistence = (o: MetadataRepositoryTestOptions) =>
  o.capabilities?.persistent ? undefined : 'capabilities.persistent is not set';

/** Settles two concurrent creates: exactly one must win and the other fail with `code`. Returns the winner. */
async function race<T>(
  what: string,
  attempts: [Promise<T>, Promise<T>],
  code: EboniteErrorCode,
): Promise<T> {
  const results = await Promise.allSettled(attempts);
  const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  expect(won.length, `${what}: exactly one of two concurrent creates of the same name wins`).toBe(
    1,
  );
  const reason = lost[0];
  expect(
    EboniteError.isInstance(reason, code),
    `${what}: the loser fails with ${code}, got ${String(reason)}`,
  ).toBe(true);
  return won[0] as T;
}

/** Two repositories on one store (as two processes would have) writing at the same time. */
export const concurrencyChecks: CheckGroup<MetadataRepositoryTestOptions> = {
  name: 'concurrent writers',
  checks: [
    {
      name: 'of two concurrent createProject calls with the same name, exactly one wins',
      skip: needsPersistence,
      run: (o) =>
        withMetadata(o, (a) =>
          withMetadata(o, async (b) => {
            for (let round = 0; round < 3; round++) {
              const name = uniqueName('race');
              const [x, y] = [projectRecord(name), projectRecord(name)];
              a.track(x.id);
              a.track(y.id);
              const winner = await race(
                'createProject',
                [a.repo.createProject(x), b.repo.createProject(y)],
                'E_EXISTING_PROJECT',
              );
              expect(
                await a.repo.getProjectByName(name),
                'the winner, seen by the first repository',
              ).toEqual(winner);
              expect(
                await b.repo.getProjectByName(name),
                'the winner, seen by the second repository',
              ).toEqual(winner);
              expect(only(await a.repo.getProjects(), [x.id, y.id])).toEqual([winner]);
              await a.stored('project', winner.id === x.id ? y.id : x.id, null);
            }
          }),
        ),
    },
    {
      name: 'of two concurrent createTask calls with the same name in one project, exactly one wins',
      skip: needsPersistence,
      run: (o) =>
        withMetadata(o, (a) =>
          withMetadata(o, async (b) => {
            const project = await a.project();
            for (let round = 0; round < 2; round++) {
              const name = uniqueName('race');
              const winner = await race(
                'createTask',
                [
                  a.repo.createTask(taskRecord(project.id, name)),
                  b.repo.createTask(taskRecord(project.id, name)),
                ],
                'E_EXISTING_TASK',
              );
              expect(await b.repo.getTaskByName(project.id, name)).toEqual(winner);
            }
            expect(await a.repo.getTasks(project.id)).toHaveLength(2);
          }),
        ),
    },
    {
      name: 'of two concurrent createModel calls with the same name in one task, exactly one wins',
      skip: needsPersistence,
      run: (o) =>
        withMetadata(o, (a) =>
          withMetadata(o, async (b) => {
            const task = await a.task();
            for (let round = 0; round < 3; round++) {
              const name = uniqueName('race');
              const [x, y] = [modelRecord(task.id, name), modelRecord(task.id, name)];
              const winner = await race(
                'createModel',
                [a.repo.createModel(x), b.repo.createModel(y)],
                'E_EXISTING_MODEL',
              );
              expect(await a.repo.getModelByName(task.id, name)).toEqual(winner);
              expect(await b.repo.getModelByName(task.id, name)).toEqual(winner);
              await a.stored('model', winner.id === x.id ? y.id : x.id, null);
            }
            expect(await b.repo.getModels(task.id)).toHaveLength(3);
          }),
        ),
    },
    {
      name: 'concurrent creates of different names through two repositories all persist (no lost update)',
      skip: needsPersistence,
      run: (o) =>
        withMetadata(o, (a) =>
          withMetadata(o, async (b) => {
            const records = Array.from({ length: 8 }, () => a.projectRecord());
            await Promise.all(
              records.map((record, i) => (i % 2 ? b : a).repo.createProject(record)),
            );
            const project = records[0] as (typeof records)[number];
            const tasks = Array.from({ length: 6 }, () => taskRecord(project.id));
            await Promise.all(tasks.map((task, i) => (i % 2 ? a : b).repo.createTask(task)));
            for (const s of [a, b]) {
              expect(
                only(
                  await s.repo.getProjects(),
                  records.map((r) => r.id),
                ),
                'every project',
              ).toHaveLength(records.length);
              expect(await s.repo.getTasks(project.id), 'every task').toHaveLength(tasks.length);
            }
            for (const record of records) await a.stored('project', record.id, record);
          }),
        ),
    },
  ],
};
