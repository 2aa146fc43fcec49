import { InvalidInputError } from '../errors/input-errors.js';

/** The longest project, task or model name, in UTF-16 code units. */
export const MAX_NAME_LENGTH = 255;
/** The longest artifact file name (with its sub-folders). */
export const MAX_ARTIFACT_NAME_LENGTH = 1024;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is rejected
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The longest artifact name segment (a file or folder name), in UTF-8 bytes: most file systems' limit. */
export const MAX_SEGMENT_BYTES = 255;

function problemWithSegment(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'it is not a string';
  if (name.length === 0) return 'it is empty';
  if (CONTROL.test(name)) return 'it contains a control character';
  if (name.includes('/') || name.includes('\\')) return 'it contains "/" or "\\"';
  if (name === '.' || name === '..') return 'it is "." or ".."';
  return undefined;
}

/** Why `name` is not a valid project, task or model name (or id), or undefined. */
export function nameProblem(name: unknown): string | undefined {
  return (
    problemWithSegment(name) ??
    ((name as string).length > MAX_NAME_LENGTH
      ? `it is longer than ${MAX_NAME_LENGTH} characters`
      : undefined)
  );
}

/**
 * Checks a project, task or model name: non-empty, at most 255 characters, no control characters,
 * no `/` or `\`, not `.` or `..`, so that it is a safe path segment on every backend and
 * `project/task/model` stays unambiguous. Throws {@link InvalidInputError}.
 */
export function validateName(kind: 'project' | 'task' | 'model', name: string): string {
  const problem = nameProblem(name);
  if (problem)
    throw new InvalidInputError(
      `Invalid ${kind} name ${JSON.stringify(name) ?? String(name)}: ${problem}. Use a non-empty name of at most ${MAX_NAME_LENGTH} characters without "/", "\\" or control characters.`,
    );
  return name;
}

/** Why `name` is not a valid artifact name, or undefined (see {@link validateArtifactName}). */
export function artifactNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'it is empty';
  if (name.length > MAX_ARTIFACT_NAME_LENGTH)
    return `it is longer than ${MAX_ARTIFACT_NAME_LENGTH} characters`;
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'it is an absolute path';
  for (const segment of name.split('/')) {
    const p =
      problemWithSegment(segment) ??
      (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES
        ? `it is longer than ${MAX_SEGMENT_BYTES} bytes in UTF-8`
        : undefined);
    if (p) return `its segment ${JSON.stringify(segment)} is invalid (${p})`;
  }
  return undefined;
}

/**
 * Checks an artifact's name: a relative path of `/`-separated segments, each a valid name of at most
 * 255 UTF-8 bytes, so no absolute path, no `..`, no backslash and no empty segment. Throws
 * {@link InvalidInputError}.
 */
export function validateArtifactName(name: string): string {
  const problem = artifactNameProblem(name);
  if (problem)
    throw new InvalidInputError(
      `Invalid artifact name ${JSON.stringify(name) ?? String(name)}: ${problem}. Use a relative path such as "model.onnx" or "tokenizer/vocab.txt".`,
    );
  return name;
}

/**
 * Why `name` is not a safe relative path to read or write a stored file at, or undefined: non-empty
 * segments, none `.` or `..`, no `\\`, not absolute. Weaker than {@link validateArtifactName} (no
 * length limits), so files stored before a limit stay readable; plugins use it to keep every path
 * inside its model's folder.
 */
export function safeArtifactPathProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'it is empty';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'it is an absolute path';
  for (const segment of name.split('/')) {
    const problem =
      segment === '.' || segment === '..' ? 'it is "." or ".."' : problemWithSegment(segment);
    if (problem) return `its segment ${JSON.stringify(segment)} is invalid (${problem})`;
  }
  return undefined;
}

/** Throws {@link InvalidInputError} unless `name` is a safe relative path (see {@link safeArtifactPathProblem}). */
export function validateSafeArtifactPath(name: string): string {
  const problem = safeArtifactPathProblem(name);
  if (problem)
    throw new InvalidInputError(
      `Invalid artifact name ${JSON.stringify(name) ?? String(name)}: ${problem}. Use a relative path such as "model.onnx".`,
    );
  return name;
}

/**
 * The form under which two names collide on a case-insensitive or normalising file system (macOS,
 * Windows): Unicode NFC, lower case.
 */
function folded(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * Checks artifact names one at a time as a set: each valid, no duplicates, no two names that differ
 * only by case or Unicode normalisation (`Model.bin` and `model.bin` would overwrite each other on
 * macOS or Windows), and no name that is also a folder of another (`a` beside `a/b`), which no file
 * system can hold. Linear in the number of names.
 */
export class ArtifactNameSet {
  readonly #files = new Map<string, string>();
  readonly #folders = new Map<string, string>();

  /** Why `name` cannot join the set, or undefined; adds it when it can. */
  problem(name: string): string | undefined {
    const invalid = artifactNameProblem(name);
    if (invalid) return `invalid artifact name ${JSON.stringify(name) ?? String(name)}: ${invalid}`;
    const key = folded(name);
    const same = this.#files.get(key);
    if (same === name)
      return `artifact name ${JSON.stringify(name)} is given twice: each file of a model needs its own name`;
    if (same !== undefined)
      return `artifact names ${JSON.stringify(same)} and ${JSON.stringify(name)} differ only by case or Unicode normalisation, so one would overwrite the other on macOS or Windows: rename one of them`;
    const below = this.#folders.get(key);
    if (below !== undefined) return folderConflict(name, below);
    const parts = key.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      const file = this.#files.get(folder);
      if (file !== undefined) return folderConflict(file, name);
      if (!this.#folders.has(folder)) this.#folders.set(folder, name);
    }
    this.#files.set(key, name);
    return undefined;
  }

  /** Adds a name, or throws {@link InvalidInputError}; returns the name. */
  add(name: string): string {
    const problem = this.problem(name);
    if (problem) throw new InvalidInputError(`${problem[0]!.toUpperCase()}${problem.slice(1)}.`);
    return name;
  }
}

function folderConflict(folder: string, file: string): string {
  return `artifact ${JSON.stringify(folder)} is also the folder of ${JSON.stringify(file)}: rename one of them`;
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
