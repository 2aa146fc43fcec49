import { InvalidInputError } from '../errors/input-errors.js';

/** The longest project, task or model name, in UTF-16 code units. */
export const MAX_NAME_LENGTH = 255;
/** The longest artifact file name (with its sub-folders). */
export const MAX_ARTIFACT_NAME_LENGTH = 1024;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is rejected
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function problemWithSegment(name: string): string | undefined {
  if (typeof name !== 'string') return 'it is not a string';
  if (name.length === 0) return 'it is empty';
  if (CONTROL.test(name)) return 'it contains a control character';
  if (name.includes('/') || name.includes('\\')) return 'it contains "/" or "\\"';
  if (name === '.' || name === '..') return 'it is "." or ".."';
  return undefined;
}

/**
 * Checks a project, task or model name: non-empty, at most 255 characters, no control characters,
 * no `/` or `\`, not `.` or `..`, so that it is a safe path segment on every backend and
 * `project/task/model` stays unambiguous. Throws {@link InvalidInputError}.
 */
export function validateName(kind: 'project' | 'task' | 'model', name: string): string {
  const problem =
    problemWithSegment(name) ??
    (name.length > MAX_NAME_LENGTH ? `it is longer than ${MAX_NAME_LENGTH} characters` : undefined);
  if (problem)
    throw new InvalidInputError(
      `Invalid ${kind} name ${JSON.stringify(name)}: ${problem}. Use a non-empty name of at most ${MAX_NAME_LENGTH} characters without "/", "\\" or control characters.`,
    );
  return name;
}

/**
 * Checks an artifact's name: a relative path of `/`-separated segments, each a valid name, so no
 * absolute path, no `..`, no backslash and no empty segment. Throws {@link InvalidInputError}.
 */
export function validateArtifactName(name: string): string {
  let problem: string | undefined;
  if (typeof name !== 'string' || name.length === 0) problem = 'it is empty';
  else if (name.length > MAX_ARTIFACT_NAME_LENGTH)
    problem = `it is longer than ${MAX_ARTIFACT_NAME_LENGTH} characters`;
  else if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) problem = 'it is an absolute path';
  else {
    for (const segment of name.split('/')) {
      const p = problemWithSegment(segment);
      if (p) {
        problem = `its segment ${JSON.stringify(segment)} is invalid (${p})`;
        break;
      }
    }
  }
  if (problem)
    throw new InvalidInputError(
      `Invalid artifact name ${JSON.stringify(name)}: ${problem}. Use a relative path such as "model.onnx" or "tokenizer/vocab.txt".`,
    );
  return name;
}

/**
 * Checks artifact names one at a time as a set: each valid, no duplicates, and no name that is also a
 * folder of another (`a` beside `a/b`), which no file system can hold. Linear in the number of names.
 */
export class ArtifactNameSet {
  readonly #files = new Set<string>();
  readonly #folders = new Map<string, string>();

  /** Adds a name, or throws {@link InvalidInputError}; returns the name. */
  add(name: string): string {
    validateArtifactName(name);
    if (this.#files.has(name))
      throw new InvalidInputError(
        `Artifact name ${JSON.stringify(name)} is given twice: each file of a model needs its own name.`,
      );
    const below = this.#folders.get(name);
    if (below !== undefined) throw folderConflict(name, below);
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      if (this.#files.has(folder)) throw folderConflict(folder, name);
      if (!this.#folders.has(folder)) this.#folders.set(folder, name);
    }
    this.#files.add(name);
    return name;
  }
}

function folderConflict(folder: string, file: string): InvalidInputError {
  return new InvalidInputError(
    `Artifact ${JSON.stringify(folder)} is also the folder of ${JSON.stringify(file)}: rename one of them.`,
  );
}

/** Checks a list of artifact names together (see {@link ArtifactNameSet}). */
export function validateArtifactNames(names: Iterable<string>): string[] {
  const set = new ArtifactNameSet();
  return [...names].map((name) => set.add(name));
}

/** Checks an id given to a repository: a non-empty string that is a safe path segment. */
export function validateId(kind: string, id: string): string {
  const problem =
    problemWithSegment(id) ?? (id.length > MAX_NAME_LENGTH ? 'it is too long' : undefined);
  if (problem) throw new InvalidInputError(`Invalid ${kind} id ${JSON.stringify(id)}: ${problem}.`);
  return id;
}
