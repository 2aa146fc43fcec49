import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { expectEboniteError } from '../expect-error.js';
import { uniqueName } from '../random-names.js';
import type { ClientTestOptions } from './options.js';
import { withClient } from './scope.js';

/** An ISO 8601 UTC date string, as every date ebonite stores. */
const isoDate = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);

/** Projects and tasks through the client. */
export const projectTaskChecks: CheckGroup<ClientTestOptions> = {
  name: 'projects and tasks',
  checks: [
    {
      name: 'getOrCreateProject creates a project once and returns it afterwards; getProject and getProjects find it',
      run: (o) =>
        withClient(o, async (s) => {
          const name = uniqueName('project');
          s.track(name);
          expect(await s.client.getProject(name), 'before it exists').toBeNull();
          const created = await s.client.getOrCreateProject(name);
          expect(created).toMatchObject({
            name,
            author: expect.any(String),
            creationDate: isoDate,
          });
          expect(created.id).toEqual(expect.any(String));
          const again = await s.client.getOrCreateProject(name);
          expect(again.id, 'the second getOrCreateProject returns the same project').toBe(
            created.id,
          );
          expect(await s.client.getProject(name)).toMatchObject({
            id: created.id,
            name,
            author: created.author,
            creationDate: created.creationDate,
          });
          const listed = (await s.client.getProjects()).filter((p) => p.id === created.id);
          expect(listed.map((p) => p.name)).toEqual([name]);
          expect(
            await s.client.meta.getProjectById(created.id),
            'the metadata repository',
          ).toMatchObject({ name });
        }),
    },
    {
      name: 'getOrCreateTask creates the project and the task once; getTask and getTasks find it',
      run: (o) =>
        withClient(o, async (s) => {
          const projectName = uniqueName('project');
          const taskName = uniqueName('task');
          s.track(projectName);
          const task = await s.client.getOrCreateTask(projectName, taskName);
          const project = await s.client.getProject(projectName);
          expect(project, 'the project getOrCreateTask created').not.toBeNull();
          expect(task).toMatchObject({
            name: taskName,
            projectId: project?.id,
            author: expect.any(String),
            creationDate: isoDate,
          });
          expect(
            (await s.client.getOrCreateTask(projectName, taskName)).id,
            'the second getOrCreateTask',
          ).toBe(task.id);
          const other = await s.client.getOrCreateTask(projectName, uniqueName('task'));
          if (!project) return;
          expect((await s.client.getTask(project, taskName))?.id).toBe(task.id);
          expect((await s.client.getTasks(project)).map((t) => t.id)).toEqual([task.id, other.id]);
        }),
    },
    {
      name: 'get of an absent project, task or model returns null',
      run: (o) =>
        withClient(o, async (s) => {
          const task = await s.task();
          const project = await s.client.getProject(
            (await s.client.meta.getProjectById(task.projectId))?.name ?? '',
          );
          expect(await s.client.getProject(uniqueName('absent'))).toBeNull();
          if (!project) throw new Error('the task project is missing');
          expect(await s.client.getTask(project, uniqueName('absent'))).toBeNull();
          expect(await s.client.getModel(uniqueName('absent'), task)).toBeNull();
          expect(await s.client.getModels(task)).toEqual([]);
        }),
    },
    {
      name: 'deleteTask and deleteProject of empty ones work without cascade',
      run: (o) =>
        withClient(o, async (s) => {
          const project = await s.project();
          const task = await s.client.getOrCreateTask(project.name, uniqueName('task'));
          await expectEboniteError(
            s.client.deleteProject(project),
            'E_PROJECT_WITH_TASKS',
            'deleteProject with a task, without cascade',
          );
          await s.client.deleteTask(task);
          expect(await s.client.getTask(project, task.name)).toBeNull();
          await s.client.deleteProject(project);
          expect(await s.client.getProject(project.name)).toBeNull();
        }),
    },
  ],
};
