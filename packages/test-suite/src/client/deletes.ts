import { Model } from '@ebonite/core';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { expectEboniteError } from '../expect-error.js';
import { uniqueName } from '../random-names.js';
import { collect } from '../streams.js';
import type { ClientTestOptions } from './options.js';
import { type ClientScope, withClient } from './scope.js';

/** A project with one task holding two models with files. */
async function tree(s: ClientScope) {
  const project = await s.project();
  const task = await s.client.getOrCreateTask(project.name, uniqueName('task'));
  const models = [];
  for (let i = 0; i < 2; i++)
    models.push(
      await s.client.pushModel(
        Model.create({
          name: uniqueName('model'),
          artifacts: { 'model.bin': Buffer.from(`model ${i}`), 'sub/x.txt': Buffer.from('x') },
        }),
        task,
      ),
    );
  return { project, task, models };
}

async function expectModelGone(s: ClientScope, modelId: string, what: string): Promise<void> {
  expect(await s.client.meta.getModelById(modelId), `${what}: metadata`).toBeNull();
  expect(await s.client.artifacts.list(modelId), `${what}: artifacts`).toEqual([]);
}

async function expectModelKept(s: ClientScope, modelId: string, what: string): Promise<void> {
  expect(await s.client.meta.getModelById(modelId), `${what}: metadata`).not.toBeNull();
  expect(
    (await s.client.artifacts.list(modelId)).map((f) => f.name),
    `${what}: artifacts`,
  ).toEqual(['model.bin', 'sub/x.txt']);
}

/** Deleting models, tasks and projects removes metadata and files together. */
export const deleteChecks: CheckGroup<ClientTestOptions> = {
  name: 'deletes',
  checks: [
    {
      name: 'deleteModel removes its metadata and its artifacts, and nothing else',
      run: (o) =>
        withClient(o, async (s) => {
          const { task, models } = await tree(s);
          const [gone, kept] = models as [Model, Model];
          await s.client.deleteModel(gone);
          expect(await s.client.getModel(gone.name, task)).toBeNull();
          await expectModelGone(s, gone.id, 'the deleted model');
          expect(await collect(s.client.artifacts.listModelIds())).not.toContain(gone.id);
          await expectModelKept(s, kept.id, 'its sibling');
          expect((await s.client.getModels(task)).map((m) => m.id)).toEqual([kept.id]);
        }),
    },
    {
      name: 'deleteTask throws TaskWithModelsError without cascade, and removes models and artifacts with it',
      run: (o) =>
        withClient(o, async (s) => {
          const { project, task, models } = await tree(s);
          await expectEboniteError(
            s.client.deleteTask(task),
            'E_TASK_WITH_MODELS',
            'deleteTask without cascade',
          );
          for (const m of models) await expectModelKept(s, m.id, 'after the refused delete');
          await s.client.deleteTask(task, { cascade: true });
          expect(await s.client.getTask(project, task.name)).toBeNull();
          for (const m of models) await expectModelGone(s, m.id, 'after deleteTask with cascade');
        }),
    },
    {
      name: 'deleteProject throws ProjectWithTasksError without cascade, and removes tasks, models and artifacts with it',
      run: (o) =>
        withClient(o, async (s) => {
          const { project, task, models } = await tree(s);
          const sibling = await tree(s);
          await expectEboniteError(
            s.client.deleteProject(project),
            'E_PROJECT_WITH_TASKS',
            'deleteProject without cascade',
          );
          for (const m of models) await expectModelKept(s, m.id, 'after the refused delete');
          await s.client.deleteProject(project, { cascade: true });
          expect(await s.client.getProject(project.name)).toBeNull();
          expect(await s.client.meta.getTaskById(task.id)).toBeNull();
          for (const m of models)
            await expectModelGone(s, m.id, 'after deleteProject with cascade');
          for (const m of sibling.models)
            await expectModelKept(s, m.id, 'a model of another project');
        }),
    },
  ],
};
