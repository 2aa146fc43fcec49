import {
  type AliasEvent,
  compareUtf8,
  type MetadataRepositoryV2,
  type ModelRecord,
  newId,
} from '@ebonite/core/plugin';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { expectEboniteError } from '../expect-error.js';
import { taskRecord } from '../fixtures.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import { withMetadata } from './scope.js';
import { newModel, stamp, v2Task } from './v2-helpers.js';

const needsPersistence = (o: MetadataRepositoryTestOptions) =>
  o.capabilities?.persistent ? undefined : 'capabilities.persistent is not set';

const AT = ['2026-01-01T00:00:01.000Z', '2026-01-01T00:00:02.000Z', '2026-01-01T00:00:03.000Z'];

/**
 * Asserts that a history (newest first) is one unbroken chain: each event's previous target is the
 * next older event's target, the oldest starts from nothing, and the newest ends at `current`.
 */
function expectChain(history: AliasEvent[], current: string | null, what: string): void {
  for (let i = 0; i + 1 < history.length; i++)
    expect(history[i]!.previousModelId, `${what}: event ${i} follows event ${i + 1}`).toBe(
      history[i + 1]!.modelId,
    );
  expect(history.at(-1)?.previousModelId, `${what}: the oldest event`).toBeNull();
  expect(history[0]?.modelId ?? null, `${what}: the newest event is the current target`).toBe(
    current,
  );
}

/** Races `count` moves of one alias to distinct models; returns the moved-to ids. */
async function raceMoves(
  repos: MetadataRepositoryV2[],
  taskId: string,
  alias: string,
  modelIds: string[],
): Promise<void> {
  const results = await Promise.allSettled(
    modelIds.map((id, i) => repos[i % repos.length]!.setAlias(taskId, alias, id, stamp(AT[0]))),
  );
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
  expect(failed, 'every racing setAlias succeeds').toEqual([]);
  const current = await repos[0]!.getAlias(taskId, alias);
  expect(modelIds, 'the alias points at one of the racing targets').toContain(current?.modelId);
  const history = await repos[0]!.getAliasHistory(taskId, alias);
  expect(history, 'one history entry per move').toHaveLength(modelIds.length);
  expect(new Set(history.map((e) => e.modelId)), 'every move recorded').toEqual(new Set(modelIds));
  expectChain(history, current!.modelId, 'the history of racing moves');
}

/** Aliases and their history, contract v2 (skipped on a v1 repository). */
export const aliasChecks: CheckGroup<MetadataRepositoryTestOptions> = {
  name: 'aliases (v2)',
  checks: [
    {
      name: 'setAlias points an alias at a model; getAlias and getAliases (sorted by UTF-8 bytes) return it with its stamp',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s);
          const m1 = await repo.createModel(newModel(task.id, null));
          const m2 = await repo.createModel(newModel(task.id, null));
          const aliases = ['production', 'Staging', 'z', '\uE000', '😀', 'é', 'a_b', 'a%b'];
          const records = [];
          for (const [i, alias] of aliases.entries()) {
            const target = i % 2 ? m2 : m1;
            const record = await repo.setAlias(task.id, alias, target.id, stamp(AT[1], `who-${i}`));
            const expected = {
              taskId: task.id,
              alias,
              modelId: target.id,
              updatedAt: AT[1],
              author: `who-${i}`,
            };
            expect(record, `setAlias ${alias}`).toEqual(expected);
            expect(await repo.getAlias(task.id, alias), `getAlias ${alias}`).toEqual(expected);
            records.push(expected);
          }
          records.sort((a, b) => compareUtf8(a.alias, b.alias));
          expect(await repo.getAliases(task.id), 'getAliases, by UTF-8 bytes').toEqual(records);
          expect(await repo.getAlias(task.id, 'absent'), 'an alias never set').toBeNull();
          expect(await repo.getAlias(newId(), 'production'), 'in an absent task').toBeNull();
          const other = await repo.createTask({ ...taskRecord(task.projectId), tags: {} });
          expect(await repo.getAliases(other.id), 'another task has none').toEqual([]);
          expect(await repo.getAliasHistory(task.id, 'absent'), 'history never set').toEqual([]);
        }),
    },
    {
      name: 'moves and deletes are recorded newest first with their stamps; re-setting the same target records nothing',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s);
          const [m1, m2] = [
            await repo.createModel(newModel(task.id, null)),
            await repo.createModel(newModel(task.id, null)),
          ];
          await repo.setAlias(task.id, 'prod', m1!.id, stamp(AT[0], 'ann'));
          await repo.setAlias(task.id, 'prod', m1!.id, stamp(AT[1], 'bob'));
          const moved = await repo.setAlias(task.id, 'prod', m2!.id, stamp(AT[1], 'cid'));
          expect(moved, 'the move').toMatchObject({
            modelId: m2!.id,
            updatedAt: AT[1],
            author: 'cid',
          });
          await repo.deleteAlias(task.id, 'prod', stamp(AT[2], 'dee'));
          expect(await repo.getAlias(task.id, 'prod'), 'after deleteAlias').toBeNull();
          expect(await repo.getAliases(task.id), 'after deleteAlias').toEqual([]);
          const event = (
            modelId: string | null,
            previousModelId: string | null,
            at: string,
            author: string,
          ) => ({ taskId: task.id, alias: 'prod', modelId, previousModelId, at, author });
          const history = [
            event(null, m2!.id, AT[2]!, 'dee'),
            event(m2!.id, m1!.id, AT[1]!, 'cid'),
            event(m1!.id, null, AT[0]!, 'ann'),
          ];
          expect(await repo.getAliasHistory(task.id, 'prod'), 'the history').toEqual(history);
          await repo.setAlias(task.id, 'prod', m1!.id, stamp(AT[2], 'eve'));
          expect(await repo.getAliasHistory(task.id, 'prod'), 'set again after delete').toEqual([
            event(m1!.id, null, AT[2]!, 'eve'),
            ...history,
          ]);
        }),
    },
    {
      name: 'history entries with the same time come back in the order they were recorded, newest first',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s);
          const models: ModelRecord[] = [];
          for (let i = 0; i < 5; i++) models.push(await repo.createModel(newModel(task.id, null)));
          // ids and versions in one order, moves in a scrambled one
          const order = [3, 0, 4, 1, 2];
          for (const i of order) await repo.setAlias(task.id, 'a', models[i]!.id, stamp(AT[0]));
          const history = await repo.getAliasHistory(task.id, 'a');
          expect(history.map((e) => e.modelId)).toEqual(
            [...order].reverse().map((i) => models[i]!.id),
          );
          expectChain(history, models[2]!.id, 'ties in time');
        }),
    },
    {
      name: 'errors: NonExistingTaskError, NonExistingModelError (absent or of another task), NonExistingAliasError',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s);
          const other = await repo.createTask({ ...taskRecord(task.projectId), tags: {} });
          const model = await repo.createModel(newModel(task.id, null));
          const foreign = await repo.createModel(newModel(other.id, null));
          await expectEboniteError(
            repo.setAlias(newId(), 'a', model.id, stamp()),
            'E_NON_EXISTING_TASK',
            'setAlias in an absent task',
          );
          await expectEboniteError(
            repo.setAlias(task.id, 'a', newId(), stamp()),
            'E_NON_EXISTING_MODEL',
            'setAlias to an absent model',
          );
          await expectEboniteError(
            repo.setAlias(task.id, 'a', foreign.id, stamp()),
            'E_NON_EXISTING_MODEL',
            "setAlias to another task's model",
          );
          await expectEboniteError(
            repo.deleteAlias(task.id, 'a', stamp()),
            'E_NON_EXISTING_ALIAS',
            'deleteAlias of an alias never set',
          );
          await expectEboniteError(
            repo.deleteAlias(newId(), 'a', stamp()),
            'E_NON_EXISTING_TASK',
            'deleteAlias in an absent task',
          );
          await expectEboniteError(
            repo.getAliases(newId()),
            'E_NON_EXISTING_TASK',
            'getAliases of an absent task',
          );
          await expectEboniteError(
            repo.getAliasHistory(newId(), 'a'),
            'E_NON_EXISTING_TASK',
            'getAliasHistory of an absent task',
          );
          expect(await repo.getAliasHistory(task.id, 'a'), 'failed calls record nothing').toEqual(
            [],
          );
        }),
    },
    {
      name: 'deleting an aliased model throws ModelHasAliasesError naming the aliases; force removes them and records it',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s);
          const model = await repo.createModel(newModel(task.id, null));
          const keep = await repo.createModel(newModel(task.id, null));
          await repo.setAlias(task.id, 'prod', model.id, stamp(AT[0]));
          await repo.setAlias(task.id, 'best', model.id, stamp(AT[0]));
          await repo.setAlias(task.id, 'other', keep.id, stamp(AT[0]));
          const error = await expectEboniteError(
            repo.deleteModel(model.id),
            'E_MODEL_HAS_ALIASES',
            'deleteModel of an aliased model',
          );
          expect([...((error as { aliases?: string[] }).aliases ?? [])].sort()).toEqual([
            'best',
            'prod',
          ]);
          expect(await repo.getModelById(model.id), 'the model stays').toEqual(model);
          expect((await repo.getAliases(task.id)).map((a) => a.alias)).toEqual([
            'best',
            'other',
            'prod',
          ]);
          const moved = await repo.createTask({ ...taskRecord(task.projectId), tags: {} });
          await expectEboniteError(
            repo.updateModel({ ...model, taskId: moved.id }),
            'E_MODEL_HAS_ALIASES',
            'updateModel moving an aliased model to another task',
          );
          expect((await repo.getModelById(model.id))?.taskId, 'not moved').toBe(task.id);
          await repo.deleteModel(model.id, { force: true, stamp: stamp(AT[2], 'remover') });
          expect(await repo.getModelById(model.id), 'deleted with force').toBeNull();
          expect(await repo.getAliases(task.id), 'only the other alias is left').toEqual([
            {
              taskId: task.id,
              alias: 'other',
              modelId: keep.id,
              updatedAt: AT[0],
              author: expect.any(String),
            },
          ]);
          for (const alias of ['prod', 'best'])
            expect((await repo.getAliasHistory(task.id, alias))[0], `history of ${alias}`).toEqual({
              taskId: task.id,
              alias,
              modelId: null,
              previousModelId: model.id,
              at: AT[2],
              author: 'remover',
            });
          await repo.deleteModel(keep.id, { force: true, stamp: stamp(AT[2]) });
          expect(await repo.getAliases(task.id)).toEqual([]);
        }),
    },
    {
      name: 'a cascade deleteTask or deleteProject removes the aliases and their history',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          for (const via of ['task', 'project'] as const) {
            const task = await v2Task(s);
            const model = await repo.createModel(newModel(task.id, null));
            await repo.setAlias(task.id, 'prod', model.id, stamp(AT[0]));
            if (via === 'task') await repo.deleteTask(task.id, { cascade: true });
            else await repo.deleteProject(task.projectId, { cascade: true });
            expect(
              await repo.getAlias(task.id, 'prod'),
              `alias after the ${via} delete`,
            ).toBeNull();
            // the same ids again: nothing of the old aliases may come back
            const project =
              via === 'project'
                ? await repo.createProject({ ...s.projectRecord(), id: task.projectId })
                : null;
            const again = await repo.createTask({
              ...task,
              projectId: project?.id ?? task.projectId,
            });
            expect(
              await repo.getAliases(again.id),
              `aliases of a task recreated after the ${via} delete`,
            ).toEqual([]);
            expect(
              await repo.getAliasHistory(again.id, 'prod'),
              `history of a task recreated after the ${via} delete`,
            ).toEqual([]);
            const version = await repo.createModel(newModel(again.id, null));
            expect(version.version, 'a recreated task counts versions from 1').toBe(1);
          }
        }),
    },
    {
      name: 'racing moves of one alias on one repository leave exactly one winner and a complete history',
      run: (o) =>
        withMetadata(o, async (s) => {
          const task = await v2Task(s);
          const ids = [];
          for (let i = 0; i < 12; i++)
            ids.push((await s.v2.createModel(newModel(task.id, null))).id);
          await raceMoves([s.v2], task.id, 'prod', ids);
        }),
    },
    {
      name: 'racing moves of one alias through two repositories leave exactly one winner and a complete history',
      skip: needsPersistence,
      run: (o) =>
        withMetadata(o, (a) =>
          withMetadata(o, async (b) => {
            const task = await v2Task(a);
            const ids = [];
            for (let i = 0; i < 12; i++)
              ids.push((await a.v2.createModel(newModel(task.id, null))).id);
            await raceMoves([a.v2, b.v2], task.id, 'prod', ids);
          }),
        ),
    },
  ],
};
