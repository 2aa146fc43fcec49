import type { MetadataRepositoryV1 } from '../contracts/metadata-repository.js';
import { EboniteError } from '../errors/ebonite-error.js';
import type { ModelRecord, ModelSearch, TaskRecord } from '../objects/records.js';
import { compareSearchPositions, matchesSearch, positionOf } from './search-order.js';

/**
 * `searchModels` over a metadata repository of contract v1, which has no search: the tasks in scope
 * are listed (`getProjects`/`getTasks`), every model of each is read (`getModels`), filtered, sorted
 * and the page cut after `search.after`. Each page costs a read of every model in the scope (the
 * whole registry without a `task` or `project`): fine for thousands of models, slow for hundreds of
 * thousands. Models pushed meanwhile are neither skipped nor repeated, as the page starts after a
 * position, not an offset. Tag filters never reach it (a v1 store has no tags).
 */
export async function searchV1(
  repository: MetadataRepositoryV1,
  search: ModelSearch,
  normalize: (records: ModelRecord[]) => ModelRecord[],
): Promise<ModelRecord[]> {
  const tasks = await tasksInScope(repository, search);
  const matches: ModelRecord[] = [];
  for (const task of tasks) {
    const models = normalize(await repository.getModels(task.id));
    for (const model of models) {
      if (!matchesSearch(model, search)) continue;
      if (search.after && compareSearchPositions(positionOf(model), search.after, search) <= 0)
        continue;
      matches.push(model);
    }
  }
  matches.sort((a, b) => compareSearchPositions(positionOf(a), positionOf(b), search));
  return matches.slice(0, search.limit);
}

async function tasksInScope(
  repository: MetadataRepositoryV1,
  { taskId, projectId }: ModelSearch,
): Promise<TaskRecord[]> {
  if (taskId !== null) {
    const task = await repository.getTaskById(taskId);
    return task && (projectId === null || task.projectId === projectId) ? [task] : [];
  }
  const projects =
    projectId === null
      ? await repository.getProjects()
      : [await repository.getProjectById(projectId)].filter((p) => p !== null);
  const tasks: TaskRecord[] = [];
  for (const project of projects) {
    try {
      tasks.push(...(await repository.getTasks(project.id)));
    } catch (error) {
      // Deleted since it was listed: it has no models any more.
      if (!EboniteError.isInstance(error, 'E_NON_EXISTING_PROJECT')) throw error;
    }
  }
  return tasks;
}
