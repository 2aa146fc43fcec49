import path from 'node:path';

/** The folder of a local registry that holds its files, beside meta-local's `metadata.json`. */
export const ARTIFACTS_FOLDER = 'artifacts';

/**
 * Where the files of a local registry folder live: `<registry>/artifacts/`. The `registry` option of
 * the `local` type (what `Ebonite.local({ path })` passes) is always a folder, whatever its name.
 */
export function registryArtifactsRoot(registry: string): string {
  return path.join(path.resolve(registry), ARTIFACTS_FOLDER);
}

/** Every folder between `base` (included) and the folder holding `file`, for fsyncing new entries. */
export function foldersUpTo(base: string, file: string): string[] {
  const folders = [base];
  for (let dir = path.dirname(file); dir.startsWith(base + path.sep); dir = path.dirname(dir))
    folders.push(dir);
  return folders;
}
