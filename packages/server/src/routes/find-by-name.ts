import {
  type Ebonite,
  type Model,
  NonExistingModelError,
  NonExistingProjectError,
  NonExistingTaskError,
  type Project,
  type Task,
} from '@ebonite/core';

/** The project named `name`, or `NonExistingProjectError`. */
export async function projectNamed(client: Ebonite, name: string): Promise<Project> {
  const project = await client.getProject(name);
  if (!project) throw new NonExistingProjectError(name);
  return project;
}

/** The task `project/task`, or the error naming what is missing. */
export async function taskNamed(client: Ebonite, project: string, task: string): Promise<Task> {
  const found = await client.getTask(await projectNamed(client, project), task);
  if (!found) throw new NonExistingTaskError(`${project}/${task}`);
  return found;
}

/** The model `project/task/model`, or the error naming what is missing. */
export async function modelNamed(
  client: Ebonite,
  path: { project: string; task: string; model: string },
): Promise<Model> {
  const found = await client.getModel(path.model, await taskNamed(client, path.project, path.task));
  if (!found) throw new NonExistingModelError(`${path.project}/${path.task}/${path.model}`);
  return found;
}
