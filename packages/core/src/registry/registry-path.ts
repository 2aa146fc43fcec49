import { InvalidInputError } from '../errors/input-errors.js';
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
