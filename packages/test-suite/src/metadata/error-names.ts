import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { expectEboniteError } from '../expect-error.js';
import { modelRecord, projectRecord, taskRecord } from '../fixtures.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import { withMetadata } from './scope.js';

/** Errors name what the user knows: the project, task or model by its name, not only its id. */
export const errorNameChecks: CheckGroup<MetadataRepositoryTestOptions> = {
  name: 'error messages',
  checks: [
    {
      name: 'ProjectWithTasksError, TaskWithModelsError and updates of absent objects name the object by its name',
      run: (o) =>
        withMetadata(o, async (s) => {
          const project = await s.project();
          const task = await s.task(project.id);
          await s.model(task.id);
          const projectError = await expectEboniteError(
            s.repo.deleteProject(project.id),
            'E_PROJECT_WITH_TASKS',
            'deleteProject with tasks',
          );
          expect(projectError.message, 'ProjectWithTasksError message').toContain(project.name);
          const taskError = await expectEboniteError(
            s.repo.deleteTask(task.id),
            'E_TASK_WITH_MODELS',
            'deleteTask with models',
          );
          expect(taskError.message, 'TaskWithModelsError message').toContain(task.name);
          const absentProject = projectRecord();
          const p = await expectEboniteError(
            s.repo.updateProject(absentProject),
            'E_NON_EXISTING_PROJECT',
            'updateProject of an absent project',
          );
          expect(p.message, 'NonExistingProjectError message').toContain(absentProject.name);
          const absentTask = taskRecord(project.id);
          const t = await expectEboniteError(
            s.repo.updateTask(absentTask),
            'E_NON_EXISTING_TASK',
            'updateTask of an absent task',
          );
          expect(t.message, 'NonExistingTaskError message').toContain(absentTask.name);
          const absentModel = modelRecord(task.id);
          const m = await expectEboniteError(
            s.repo.updateModel(absentModel),
            'E_NON_EXISTING_MODEL',
            'updateModel of an absent model',
          );
          expect(m.message, 'NonExistingModelError message').toContain(absentModel.name);
        }),
    },
  ],
};
