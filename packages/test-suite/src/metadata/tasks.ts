import { newId } from '@ebonite/core/plugin';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { expectEboniteError } from '../expect-error.js';
import { clone, sortedIds, taskRecord } from '../fixtures.js';
import { randomSuffix, uniqueName } from '../random-names.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import { withMetadata } from './scope.js';

/** Create, read, list, update and delete of tasks inside their projects. */
export const taskChecks: CheckGroup<MetadataRepositoryTestOptions> = {
  name: 'tasks',
  checks: [
    {
      name: 'createTask returns the record and stores a copy independent of the caller',
      run: (o) =>
        withMetadata(o, async (s) => {
          const project = await s.project();
          const input = taskRecord(project.id);
          const expected = clone(input);
          const created = await s.repo.createTask(input);
          expect(created, 'createTask result').toEqual(expected);
          input.name = uniqueName('mutated-input');
          created.name = uniqueName('mutated-result');
          const read = await s.repo.getTaskById(expected.id);
          expect(read, 'getTaskById after the caller mutated its objects').toEqual(expected);
          if (read) read.projectId = newId();
          expect(
            await s.repo.getTaskById(expected.id),
            'getTaskById after mutating a read copy',
          ).toEqual(expected);
          expect(await s.repo.getTaskByName(project.id, expected.name), 'getTaskByName').toEqual(
            expected,
          );
          expect(await s.repo.getTasks(project.id), 'getTasks').toEqual([expected]);
          await s.stored('task', expected.id, expected);
        }),
    },
    {
      name: 'createTask in an absent project throws NonExistingProjectError',
      run: (o) =>
        withMetadata(o, async (s) => {
          const orphan = taskRecord(newId());
          await expectEboniteError(
            s.repo.createTask(orphan),
            'E_NON_EXISTING_PROJECT',
            'createTask in an absent project',
          );
          expect(await s.repo.getTaskById(orphan.id)).toBeNull();
          await s.stored('task', orphan.id, null);
        }),
    },
    {
      name: 'look-ups of absent tasks return null; getTasks of an absent project throws NonExistingProjectError',
      run: (o) =>
        withMetadata(o, async (s) => {
          const project = await s.project();
          expect(await s.repo.getTaskById(newId())).toBeNull();
          expect(await s.repo.getTaskByName(project.id, uniqueName('absent'))).toBeNull();
          expect(
            await s.repo.getTaskByName(newId(), uniqueName('absent')),
            'getTaskByName in an absent project',
          ).toBeNull();
          expect(await s.repo.getTasks(project.id), 'getTasks of an empty project').toEqual([]);
          await expectEboniteError(
            s.repo.getTasks(newId()),
            'E_NON_EXISTING_PROJECT',
            'getTasks of an absent project',
          );
        }),
    },
    {
      name: 'a taken name in the project or a taken id throws ExistingTaskError; other projects may reuse the name',
      run: (o) =>
        withMetadata(o, async (s) => {
          const project = await s.project();
          const first = await s.task(project.id);
          await expectEboniteError(
            s.repo.createTask(taskRecord(project.id, first.name)),
            'E_EXISTING_TASK',
            'createTask with a taken name',
          );
          const sameId = { ...taskRecord(project.id), id: first.id };
          await expectEboniteError(
            s.repo.createTask(sameId),
            'E_EXISTING_TASK',
            'createTask with a taken id',
          );
          expect(await s.repo.getTasks(project.id)).toEqual([first]);
          const elsewhere = await s.task(undefined, first.name);
          expect(await s.repo.getTaskByName(elsewhere.projectId, first.name)).toEqual(elsewhere);
          expect(await s.repo.getTaskByName(project.id, first.name)).toEqual(first);
        }),
    },
    {
      name: 'task names are case-sensitive: Model and model are two tasks',
      run: (o) =>
        withMetadata(o, async (s) => {
          const project = await s.project();
          const suffix = randomSuffix();
          const upper = await s.task(project.id, `Model-${suffix}`);
          const lower = await s.task(project.id, `model-${suffix}`);
          expect(await s.repo.getTaskByName(project.id, upper.name)).toEqual(upper);
          expect(await s.repo.getTaskByName(project.id, lower.name)).toEqual(lower);
        }),
    },
    {
      name: 'getTasks lists only the project tasks, in id order',
      run: (o) =>
        withMetadata(o, async (s) => {
          const project = await s.project();
          const records = [taskRecord(project.id), taskRecord(project.id), taskRecord(project.id)];
          for (const index of [1, 2, 0])
            await s.repo.createTask(records[index] as (typeof records)[number]);
          await s.task(); // in another project
          const listed = await s.repo.getTasks(project.id);
          expect(listed.map((t) => t.id)).toEqual(sortedIds(records.map((r) => r.id)));
          expect(listed).toEqual(expect.arrayContaining(records));
        }),
    },
    {
      name: 'updateTask renames and moves a task between projects',
      run: (o) =>
        withMetadata(o, async (s) => {
          const task = await s.task();
          const renamed = { ...task, name: uniqueName('renamed'), author: 'new author' };
          expect(await s.repo.updateTask(renamed), 'updateTask result').toEqual(renamed);
          expect(await s.repo.getTaskByName(task.projectId, task.name), 'the old name').toBeNull();
          expect(await s.repo.getTaskByName(task.projectId, renamed.name)).toEqual(renamed);
          await s.stored('task', task.id, renamed);
          const target = await s.project();
          const moved = { ...renamed, projectId: target.id };
          expect(await s.repo.updateTask(moved)).toEqual(moved);
          expect(await s.repo.getTasks(task.projectId), 'the old project').toEqual([]);
          expect(await s.repo.getTasks(target.id), 'the new project').toEqual([moved]);
          await s.stored('task', task.id, moved);
        }),
    },
    {
      name: 'updateTask keeps creationDate as stored',
      run: (o) =>
        withMetadata(o, async (s) => {
          const task = await s.task();
          const change = {
            ...task,
            author: 'new author',
            creationDate: '2001-02-03T04:05:06.007Z',
          };
          const expected = { ...change, creationDate: task.creationDate };
          expect(await s.repo.updateTask(change), 'updateTask result').toEqual(expected);
          expect(await s.repo.getTaskById(task.id), 'getTaskById').toEqual(expected);
          expect(await s.repo.getTasks(task.projectId), 'getTasks').toEqual([expected]);
          await s.stored('task', task.id, expected);
        }),
    },
    {
      name: 'updateTask onto a taken name, of an absent task or into an absent project throws and changes nothing',
      run: (o) =>
        withMetadata(o, async (s) => {
          const project = await s.project();
          const a = await s.task(project.id);
          const b = await s.task(project.id);
          await expectEboniteError(
            s.repo.updateTask({ ...b, name: a.name }),
            'E_EXISTING_TASK',
            'renaming onto a taken name',
          );
          const ghost = taskRecord(project.id);
          await expectEboniteError(
            s.repo.updateTask(ghost),
            'E_NON_EXISTING_TASK',
            'updateTask of an absent task',
          );
          await expectEboniteError(
            s.repo.updateTask({ ...b, projectId: newId() }),
            'E_NON_EXISTING_PROJECT',
            'moving into an absent project',
          );
          expect(await s.repo.getTasks(project.id)).toEqual([a, b]);
          expect(await s.repo.getTaskById(ghost.id)).toBeNull();
          await s.stored('task', b.id, b);
          await s.stored('task', ghost.id, null);
        }),
    },
    {
      name: 'deleteTask removes it; deleting an absent task throws NonExistingTaskError',
      run: (o) =>
        withMetadata(o, async (s) => {
          const project = await s.project();
          const task = await s.task(project.id);
          const sibling = await s.task(project.id);
          await s.repo.deleteTask(task.id);
          expect(await s.repo.getTaskById(task.id)).toBeNull();
          expect(await s.repo.getTaskByName(project.id, task.name)).toBeNull();
          expect(await s.repo.getTasks(project.id)).toEqual([sibling]);
          await s.stored('task', task.id, null);
          await s.stored('task', sibling.id, sibling);
          await expectEboniteError(
            s.repo.deleteTask(task.id),
            'E_NON_EXISTING_TASK',
            'deleting it again',
          );
          await s.repo.deleteTask(sibling.id);
          await s.repo.deleteProject(project.id);
          expect(
            await s.repo.getProjectById(project.id),
            'a project emptied of its tasks can be deleted without cascade',
          ).toBeNull();
        }),
    },
  ],
};
