import type { Ebonite } from '../client/ebonite.js';
import {
  NonExistingModelError,
  NonExistingProjectError,
  NonExistingTaskError,
} from '../errors/object-errors.js';
import type { ModelRecord, ProjectRecord, TaskRecord } from '../objects/records.js';
import { formatRegistryPath, type RegistryPath } from './registry-path.js';

/** A task with the selected models in it. */
export interface SelectedTask {
  task: TaskRecord;
  models: ModelRecord[];
}

/** A project with the selected tasks in it. */
export interface SelectedProject {
  project: ProjectRecord;
  tasks: SelectedTask[];
}

/**
 * Reads the metadata a path selects: every project, one project, one task or one model, with their
 * parents. Throws `NonExisting…Error` when a named object is absent.
 */
export async function selectRegistry(
  client: Ebonite,
  path: RegistryPath = {},
): Promise<SelectedProject[]> {
  const { meta } = client;
  let projects: ProjectRecord[];
  if (path.project === undefined) projects = await meta.getProjects();
  else {
    const project = await meta.getProjectByName(path.project);
    if (!project) throw new NonExistingProjectError(path.project);
    projects = [project];
  }
  const selected: SelectedProject[] = [];
  for (const project of projects) {
    let tasks: TaskRecord[];
    if (path.task === undefined) tasks = await meta.getTasks(project.id);
    else {
      const task = await meta.getTaskByName(project.id, path.task);
      if (!task) throw new NonExistingTaskError(formatRegistryPath(project.name, path.task));
      tasks = [task];
    }
    const entries: SelectedTask[] = [];
    for (const task of tasks) {
      if (path.model === undefined) entries.push({ task, models: await meta.getModels(task.id) });
      else {
        const model = await meta.getModelByName(task.id, path.model);
        if (!model)
          throw new NonExistingModelError(formatRegistryPath(project.name, task.name, path.model));
        entries.push({ task, models: [model] });
      }
    }
    selected.push({ project, tasks: entries });
  }
  return selected;
}

/** The total size in bytes of a model's artifacts, as its metadata records them. */
export function modelSize(model: Pick<ModelRecord, 'artifacts'>): number {
  return model.artifacts.reduce((sum, a) => sum + a.size, 0);
}
