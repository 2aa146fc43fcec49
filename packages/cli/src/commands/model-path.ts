import {
  type Ebonite,
  type Model,
  type ModelRef,
  NonExistingAliasError,
  type ProjectRecord,
  Task,
} from '@ebonite/core';
import { resolvePath } from './resolve-path.js';

/**
 * The model a model path (`project/task/model`, or `project/task@alias`, `@latest` the newest; read by
 * the core's `parseModelRef`) names, with its project and task: `E_NON_EXISTING_…` (exit 3) when absent.
 */
export async function resolveModel(
  client: Ebonite,
  ref: ModelRef,
): Promise<{ project: ProjectRecord; task: Task; model: Model }> {
  if (ref.alias === undefined) {
    const resolved = await resolvePath(client, ref);
    const task = new Task(resolved.task!);
    const model = (await client.getModel(resolved.model!.name, task))!;
    return { project: resolved.project!, task, model };
  }
  const resolved = await resolvePath(client, { project: ref.project, task: ref.task });
  const task = new Task(resolved.task!);
  const model = await client.getModelByAlias(task, ref.alias);
  if (!model)
    throw new NonExistingAliasError(ref.alias, `${ref.project}/${ref.task}`, {
      hint:
        ref.alias === 'latest'
          ? 'the task has no models yet.'
          : `\`ebonite alias ls ${ref.project}/${ref.task}\` lists its aliases.`,
    });
  return { project: resolved.project!, task, model };
}

/** Whether a path names a model by an alias (`project/task@alias`), not a task or a model by name. */
export function isAliasPath(text: string): boolean {
  const parts = text.split('/');
  return parts.length === 2 && parts[1]!.includes('@');
}
