import {
  type Ebonite,
  type EboniteError,
  type ModelRecord,
  NonExistingModelError,
  NonExistingProjectError,
  NonExistingTaskError,
  type ProjectRecord,
  type RegistryPath,
  type TaskRecord,
} from '@ebonite/core';

/** The objects a path names, looked up by name. */
export interface ResolvedPath {
  project?: ProjectRecord;
  task?: TaskRecord;
  model?: ModelRecord;
}

/** Looks up the objects a path names; `E_NON_EXISTING_…` (exit 3) for the first one absent, saying how to list what exists. */
export async function resolvePath(client: Ebonite, path: RegistryPath): Promise<ResolvedPath> {
  const resolved: ResolvedPath = {};
  if (path.project === undefined) return resolved;
  resolved.project = (await client.meta.getProjectByName(path.project)) ?? undefined;
  if (!resolved.project) throw missing('project', path.project, '');
  if (path.task === undefined) return resolved;
  resolved.task = (await client.meta.getTaskByName(resolved.project.id, path.task)) ?? undefined;
  if (!resolved.task) throw missing('task', `${path.project}/${path.task}`, path.project);
  if (path.model === undefined) return resolved;
  resolved.model = (await client.meta.getModelByName(resolved.task.id, path.model)) ?? undefined;
  if (!resolved.model)
    throw missing(
      'model',
      `${path.project}/${path.task}/${path.model}`,
      `${path.project}/${path.task}`,
    );
  return resolved;
}

function missing(kind: 'project' | 'task' | 'model', path: string, parent: string): EboniteError {
  const hint = `\`ebonite ls${parent ? ` ${parent}` : ''}\` lists the ${kind}s there are.`;
  if (kind === 'project') return new NonExistingProjectError(path, { hint });
  if (kind === 'task') return new NonExistingTaskError(path, { hint });
  return new NonExistingModelError(path, { hint });
}
