import path from 'node:path';
import { InvalidInputError, validateSafeArtifactPath } from '@ebonite/core/plugin';

/**
 * The absolute path of artifact `name` (`/`-separated) under `base`. Validates the name again and
 * checks the resolved path stays strictly inside `base`, so no name reaches outside the model folder
 * even when the core's validation is bypassed.
 */
export function pathInside(base: string, name: string): string {
  validateSafeArtifactPath(name);
  const full = path.resolve(base, ...name.split('/'));
  if (!full.startsWith(base + path.sep)) {
    throw new InvalidInputError(
      `Artifact name ${JSON.stringify(name)} resolves outside its model folder: use a relative name without "..".`,
    );
  }
  return full;
}

/** Every folder between `base` (included) and the folder holding `file`, for fsyncing new entries. */
export function foldersUpTo(base: string, file: string): string[] {
  const folders = [base];
  for (let dir = path.dirname(file); dir.startsWith(base + path.sep); dir = path.dirname(dir))
    folders.push(dir);
  return folders;
}

/** Sorts names by UTF-16 code units (not locale), the order `list()` promises. */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The `code` of a Node.js system error, if any. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}
