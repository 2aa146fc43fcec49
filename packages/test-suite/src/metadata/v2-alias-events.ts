import { type AliasEvent, compareUtf8, newId } from '@ebonite/core/plugin';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { expectEboniteError } from '../expect-error.js';
import { taskRecord } from '../fixtures.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import { withMetadata } from './scope.js';
import { newModel, stamp, v2Task } from './v2-helpers.js';

const AT = ['2026-01-01T00:00:01.000Z', '2026-01-01T00:00:02.000Z', '2026-01-01T00:00:03.000Z'];

/** One history entry of `taskId`. */
const entry = (
  taskId: string,
  alias: string,
  modelId: string | null,
  previousModelId: string | null,
  at: string,
  author = 'ann',
): AliasEvent => ({ taskId, alias, modelId, previousModelId, at, author });

/** Events grouped by alias (UTF-8 bytes), each alias's in the given (recorded) order. */
const grouped = (events: AliasEvent[]) => [...events].sort((a, b) => compareUtf8(a.alias, b.alias));

/** A task's whole alias history for copies, contract v2 (skipped on a v1 repository). */
export const aliasEventChecks: CheckGroup<MetadataRepositoryTestOptions> = {
  name: 'alias history of a task (v2)',
  checks: [
    {
      name: 'getAliasEvents returns every entry of every alias, removed ones included, by alias (UTF-8 bytes), oldest first in recorded order',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s);
          expect(await repo.getAliasEvents(task.id), 'no alias ever set').toEqual([]);
          await expectEboniteError(
            repo.getAliasEvents(newId()),
            'E_NON_EXISTING_TASK',
            'getAliasEvents of an absent task',
          );
          const [m1, m2, m3] = [
            await repo.createModel(newModel(task.id, null)),
            await repo.createModel(newModel(task.id, null)),
            await repo.createModel(newModel(task.id, null)),
          ];
          const t = task.id;
          // interleaved moves of three aliases, ties in time, a removed alias, a deleted model
          await repo.setAlias(t, 'é', m1!.id, stamp(AT[1], 'ann'));
          await repo.setAlias(t, 'prod', m2!.id, stamp(AT[1], 'bob'));
          await repo.setAlias(t, 'Stage', m3!.id, stamp(AT[0], 'cid'));
          await repo.setAlias(t, 'prod', m1!.id, stamp(AT[0], 'dee'));
          await repo.deleteAlias(t, 'é', stamp(AT[1], 'eve'));
          await repo.deleteModel(m3!.id, { force: true, stamp: stamp(AT[2], 'fay') });
          await repo.setAlias(t, 'prod', m2!.id, stamp(AT[1], 'gus'));
          const recorded = [
            entry(t, 'é', m1!.id, null, AT[1]!, 'ann'),
            entry(t, 'prod', m2!.id, null, AT[1]!, 'bob'),
            entry(t, 'Stage', m3!.id, null, AT[0]!, 'cid'),
            entry(t, 'prod', m1!.id, m2!.id, AT[0]!, 'dee'),
            entry(t, 'é', null, m1!.id, AT[1]!, 'eve'),
            entry(t, 'Stage', null, m3!.id, AT[2]!, 'fay'),
            entry(t, 'prod', m2!.id, m1!.id, AT[1]!, 'gus'),
          ];
          expect(await repo.getAliasEvents(t), 'every entry of the task').toEqual(
            grouped(recorded),
          );
          expect(await repo.getAliases(t), 'only prod is set').toHaveLength(1);
          const other = await v2Task(s);
          expect(await repo.getAliasEvents(other.id), "another task's entries").toEqual([]);
        }),
    },
    {
      name: "importAliasEvents appends the entries as given (models deleted since included) and sets each alias to its last entry's model",
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s);
          const t = task.id;
          const [m1, m2] = [
            await repo.createModel(newModel(task.id, null)),
            await repo.createModel(newModel(task.id, null)),
          ];
          const gone = newId();
          await repo.importAliasEvents(t, []);
          expect(await repo.getAliasEvents(t), 'an empty import').toEqual([]);
          const first = [
            entry(t, 'prod', gone, null, AT[0]!, 'ann'),
            entry(t, 'old', m1!.id, null, AT[0]!, 'bob'),
            entry(t, 'prod', m1!.id, gone, AT[1]!, 'cid'),
            entry(t, 'old', null, m1!.id, AT[1]!, 'dee'),
            entry(t, 'prod', m2!.id, m1!.id, AT[0]!, 'eve'),
          ];
          await repo.importAliasEvents(t, first);
          expect(await repo.getAliasEvents(t), 'the imported entries').toEqual(grouped(first));
          expect(await repo.getAliases(t), 'the aliases set: the last entries').toEqual([
            { taskId: t, alias: 'prod', modelId: m2!.id, updatedAt: AT[0], author: 'eve' },
          ]);
          expect(
            (await repo.getAliasHistory(t, 'prod')).map((e) => e.author),
            'getAliasHistory of the imported alias, newest first',
          ).toEqual(['cid', 'eve', 'ann']);
          // a resumed copy: more entries of the same aliases, appended after the first ones
          const rest = [
            entry(t, 'old', m2!.id, null, AT[2]!, 'fay'),
            entry(t, 'prod', null, m2!.id, AT[2]!, 'gus'),
          ];
          await repo.importAliasEvents(t, rest);
          expect(await repo.getAliasEvents(t), 'after a second import').toEqual(
            grouped([...first, ...rest]),
          );
          expect(await repo.getAliases(t), 'old set again, prod removed').toEqual([
            { taskId: t, alias: 'old', modelId: m2!.id, updatedAt: AT[2], author: 'fay' },
          ]);
          // the store's own moves go on from the imported state
          await repo.setAlias(t, 'old', m1!.id, stamp(AT[2], 'hal'));
          expect((await repo.getAliasHistory(t, 'old'))[0], 'a move after an import').toEqual(
            entry(t, 'old', m1!.id, m2!.id, AT[2]!, 'hal'),
          );
        }),
    },
    {
      name: 'importAliasEvents errors: NonExistingTaskError, NonExistingModelError (a last target absent or of another task), nothing written',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const task = await v2Task(s);
          const t = task.id;
          const other = await repo.createTask({ ...taskRecord(task.projectId), tags: {} });
          const model = await repo.createModel(newModel(t, null));
          const foreign = await repo.createModel(newModel(other.id, null));
          await repo.setAlias(t, 'prod', model.id, stamp(AT[0], 'ann'));
          const before = await repo.getAliasEvents(t);
          await expectEboniteError(
            repo.importAliasEvents(newId(), []),
            'E_NON_EXISTING_TASK',
            'importAliasEvents into an absent task',
          );
          await expectEboniteError(
            repo.importAliasEvents(t, [
              entry(t, 'a', model.id, null, AT[1]!),
              entry(t, 'prod', newId(), model.id, AT[1]!),
            ]),
            'E_NON_EXISTING_MODEL',
            'an import ending on an absent model',
          );
          await expectEboniteError(
            repo.importAliasEvents(t, [entry(t, 'b', foreign.id, null, AT[1]!)]),
            'E_NON_EXISTING_MODEL',
            "an import ending on another task's model",
          );
          expect(await repo.getAliasEvents(t), 'failed imports record nothing').toEqual(before);
          expect(await repo.getAliases(t), 'failed imports set nothing').toEqual([
            { taskId: t, alias: 'prod', modelId: model.id, updatedAt: AT[0], author: 'ann' },
          ]);
        }),
    },
  ],
};
