import { InvalidInputError } from '../errors/input-errors.js';
import { aliasProblem } from '../objects/alias-names.js';
import { validateName } from '../objects/names.js';

/** A selection in a registry: a project, a task in it, or a model in that; all names. Empty selects everything. */
export interface RegistryPath {
  project?: string;
  task?: string;
  model?: string;
}

const KINDS = ['project', 'task', 'model'] as const;

/**
 * Reads `project`, `project/task` or `project/task/model` into a {@link RegistryPath}, each part a valid
 * name. `min`/`max` bound how many parts are required and allowed. Throws `InvalidInputError`.
 */
export function parseRegistryPath(
  text: string,
  { min = 0, max = 3 }: { min?: number; max?: number } = {},
): RegistryPath {
  const parts = text === '' ? [] : text.split('/');
  if (parts.length < min || parts.length > max)
    throw new InvalidInputError(
      `Invalid path ${JSON.stringify(text)}: expected ${registryPathShape(min, max)}, names separated by "/".`,
    );
  const path: RegistryPath = {};
  parts.forEach((part, index) => {
    const kind = KINDS[index]!;
    path[kind] = validateName(kind, part);
  });
  return path;
}

/** The accepted shape of a path, for messages: `project[/task[/model]]`. */
export function registryPathShape(min: number, max: number): string {
  let shape = '';
  for (let i = max - 1; i >= 0; i--) {
    const part = (i === 0 ? '' : '/') + KINDS[i];
    shape = i < min ? part + shape : `[${part}${shape}]`;
  }
  return shape;
}

/** `project/task/model` for messages and listings. */
export function formatRegistryPath(...names: Array<string | undefined>): string {
  return names.filter((n) => n !== undefined).join('/');
}

/**
 * A model named by a path: `project/task/model` (by its name) or `project/task@alias` (by an alias of
 * its task; `@latest` is the task's newest model).
 */
export type ModelRef =
  | { project: string; task: string; model: string; alias?: undefined }
  | { project: string; task: string; alias: string; model?: undefined };

/**
 * Reads a model path: `project/task/model`, or `project/task@alias` (the alias after the last `@` of
 * the task part: aliases never contain `@`, task names may). Throws `InvalidInputError`.
 */
export function parseModelRef(text: string): ModelRef {
  const parts = typeof text === 'string' ? text.split('/') : [];
  const invalid = (why: string) =>
    new InvalidInputError(
      `Invalid model path ${JSON.stringify(text)}: ${why}. Name a model as project/task/model or project/task@alias (project/task@latest for the newest).`,
    );
  if (parts.length === 3) {
    const [project, task, model] = parts as [string, string, string];
    return {
      project: validateName('project', project),
      task: validateName('task', task),
      model: validateName('model', model),
    };
  }
  if (parts.length !== 2) throw invalid('expected three parts, or two with an @alias');
  const [project, taskAndAlias] = parts as [string, string];
  const at = taskAndAlias.lastIndexOf('@');
  if (at < 0) throw invalid('it names a task, not a model');
  const alias = taskAndAlias.slice(at + 1);
  const problem = aliasProblem(alias, { allowLatest: true });
  if (problem) throw invalid(`the alias ${JSON.stringify(alias)} is invalid (${problem})`);
  return {
    project: validateName('project', project),
    task: validateName('task', taskAndAlias.slice(0, at)),
    alias,
  };
}

/** `project/task/model` or `project/task@alias`: the text {@link parseModelRef} reads back. */
export function formatModelRef(ref: ModelRef): string {
  return ref.alias !== undefined
    ? `${ref.project}/${ref.task}@${ref.alias}`
    : `${ref.project}/${ref.task}/${ref.model}`;
}
