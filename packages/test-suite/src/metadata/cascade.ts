import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { expectEboniteError } from '../expect-error.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import { type MetadataScope, withMetadata } from './scope.js';

/** A project with two tasks, the first holding two models, and a sibling project with its own task and model. */
async function tree(s: MetadataScope) {
  const project = await s.project();
  const task = await s.task(project.id);
  const emptyTask = await s.task(project.id);
  const models = [await s.model(task.id), await s.model(task.id)];
  const sibling = await s.project();
  const siblingTask = await s.task(sibling.id);
  const siblingModel = await s.model(siblingTask.id);
  return { project, task, emptyTask, models, sibling, siblingTask, siblingModel };
}

/** Deleting parents that still have children, with and without `cascade`. */
export const cascadeChecks: CheckGroup<MetadataRepositoryTestOptions> = {
  name: 'deleting parents',
  checks: [
    {
      name: 'deleteProject with tasks and no cascade throws ProjectWithTasksError and deletes nothing',
      run: (o) =>
        withMetadata(o, async (s) => {
          const t = await tree(s);
          await expectEboniteError(
            s.repo.deleteProject(t.project.id),
            'E_PROJECT_WITH_TASKS',
            'deleteProject without cascade',
          );
          await expectEboniteError(
            s.repo.deleteProject(t.project.id, { cascade: false }),
            'E_PROJECT_WITH_TASKS',
            'deleteProject with cascade: false',
          );
          expect(await s.repo.getProjectById(t.project.id)).toEqual(t.project);
          expect(await s.repo.getTasks(t.project.id)).toEqual([t.task, t.emptyTask]);
          expect(await s.repo.getModels(t.task.id)).toEqual(t.models);
          await s.stored('project', t.project.id, t.project);
          await s.stored('model', t.models[0]?.id ?? '', t.models[0] ?? null);
        }),
    },
    {
      name: 'deleteProject with cascade removes its tasks and their models, and nothing else',
      run: (o) =>
        withMetadata(o, async (s) => {
          const t = await tree(s);
          await s.repo.deleteProject(t.project.id, { cascade: true });
          expect(await s.repo.getProjectById(t.project.id)).toBeNull();
          for (const task of [t.task, t.emptyTask])
            expect(await s.repo.getTaskById(task.id), `task ${task.name}`).toBeNull();
          for (const model of t.models)
            expect(await s.repo.getModelById(model.id), `model ${model.name}`).toBeNull();
          expect(await s.repo.getProjectById(t.sibling.id), 'the sibling project').toEqual(
            t.sibling,
          );
          expect(await s.repo.getTasks(t.sibling.id), 'the sibling project').toEqual([
            t.siblingTask,
          ]);
          expect(await s.repo.getModels(t.siblingTask.id), 'the sibling project').toEqual([
            t.siblingModel,
          ]);
          await s.stored('project', t.project.id, null);
          await s.stored('task', t.task.id, null);
          for (const model of t.models) await s.stored('model', model.id, null);
          await s.stored('model', t.siblingModel.id, t.siblingModel);
          // the names are free again
          const again = await s.project(t.project.name);
          expect(await s.repo.getProjectByName(t.project.name)).toEqual(again);
        }),
    },
    {
      name: 'deleteTask with models and no cascade throws TaskWithModelsError and deletes nothing',
      run: (o) =>
        withMetadata(o, async (s) => {
          const t = await tree(s);
          await expectEboniteError(
            s.repo.deleteTask(t.task.id),
            'E_TASK_WITH_MODELS',
            'deleteTask without cascade',
          );
          expect(await s.repo.getTaskById(t.task.id)).toEqual(t.task);
          expect(await s.repo.getModels(t.task.id)).toEqual(t.models);
          await s.stored('task', t.task.id, t.task);
        }),
    },
    {
      name: 'deleteTask with cascade removes its models, and nothing else',
      run: (o) =>
        withMetadata(o, async (s) => {
          const t = await tree(s);
          await s.repo.deleteTask(t.task.id, { cascade: true });
          expect(await s.repo.getTaskById(t.task.id)).toBeNull();
          for (const model of t.models)
            expect(await s.repo.getModelById(model.id), `model ${model.name}`).toBeNull();
          expect(await s.repo.getTasks(t.project.id)).toEqual([t.emptyTask]);
          expect(await s.repo.getModels(t.siblingTask.id)).toEqual([t.siblingModel]);
          await s.stored('task', t.task.id, null);
          for (const model of t.models) await s.stored('model', model.id, null);
          await s.stored('task', t.emptyTask.id, t.emptyTask);
        }),
    },
  ],
};
