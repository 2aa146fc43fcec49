import {
  type Ebonite,
  InvalidInputError,
  type Model,
  NonExistingAliasError,
  type ProjectRecord,
  parseRegistryPath,
  type RegistryPath,
  Task,
} from '@ebonite/core';
import { resolvePath } from './resolve-path.js';

/** A model named by `project/task/model`, or by `project/task@alias` (`@latest`: the newest). */
export interface ModelPath extends RegistryPath {
  project: string;
  task: string;
  /** The model's name, or undefined when an alias names it. */
  model?: string;
  alias?: string;
}

/**
 * Reads a model path: `project/task/model` or `project/task@alias`. The `@` form is recognised only
 * with two parts (a model name may hold `@`; an alias never does).
 */
export function parseModelPath(text: string): ModelPath {
  const parts = text.split('/');
  const at = parts.length === 2 ? parts[1]!.lastIndexOf('@') : -1;
  if (at < 0) return parseRegistryPath(text, { min: 3, max: 3 }) as ModelPath;
  const alias = parts[1]!.slice(at + 1);
  if (alias === '')
    throw new InvalidInputError(
      `Invalid path ${JSON.stringify(text)}: expected project/task/model or project/task@alias.`,
    );
  const path = parseRegistryPath(`${parts[0]}/${parts[1]!.slice(0, at)}`, { min: 2, max: 2 });
  return { project: path.project!, task: path.task!, alias };
}

/** The model a model path names, with its task: `E_NON_EXISTING_…` (exit 3) when absent. */
export async function resolveModel(
  client: Ebonite,
  path: ModelPath,
): Promise<{ project: ProjectRecord; task: Task; model: Model }> {
  if (path.alias === undefined) {
    const resolved = await resolvePath(client, path);
    const task = new Task(resolved.task!);
    const model = (await client.getModel(resolved.model!.name, task))!;
    return { project: resolved.project!, task, model };
  }
  const resolved = await resolvePath(client, { project: path.project, task: path.task });
  const task = new Task(resolved.task!);
  const model = await client.getModelByAlias(task, path.alias);
  if (!model)
    throw new NonExistingAliasError(path.alias, `${path.project}/${path.task}`, {
      hint: `\`ebonite alias ls ${path.project}/${path.task}\` lists its aliases${path.alias === 'latest' ? ' (latest: the task has no models)' : ''}.`,
    });
  return { project: resolved.project!, task, model };
}

/** `project/task/model` of a resolved model, for output. */
export function modelPathText(path: ModelPath, model: Model): string {
  return `${path.project}/${path.task}/${model.name}`;
}
