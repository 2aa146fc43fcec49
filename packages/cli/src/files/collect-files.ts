import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { validateArtifactNames } from '@ebonite/core/plugin';
import { CliError } from '../cli-error.js';

/** A local file to push, with the artifact name it gets. */
export interface LocalFile {
  /** The artifact name: the file's name for a FILE argument, its path inside the folder for a DIR argument. */
  name: string;
  path: string;
  size: number;
}

/**
 * Expands `FILE|DIR...` into the files to push: a file becomes the artifact of its own name; a folder
 * contributes every file below it (symbolic links to files followed, to folders not), named by its
 * path relative to the folder with `/`. Names must not clash. Throws `CliError` / `InvalidInputError`.
 */
export async function collectFiles(args: readonly string[], cwd: string): Promise<LocalFile[]> {
  const files: LocalFile[] = [];
  for (const arg of args) {
    const path = resolve(cwd, arg);
    const info = await stat(path).catch((cause: unknown) => {
      throw new CliError(
        'E_NO_SUCH_FILE',
        `Cannot read ${arg}: ${(cause as Error).message}. Give existing files or folders.`,
        { cause },
      );
    });
    if (info.isFile()) files.push({ name: basename(path), path, size: info.size });
    else if (info.isDirectory()) files.push(...(await walk(path, '')));
    else
      throw new CliError(
        'E_USAGE',
        `${arg} is neither a regular file nor a folder: push files or folders.`,
      );
  }
  if (!files.length)
    throw new CliError(
      'E_USAGE',
      `Nothing to push: ${args.join(', ')} hold${args.length === 1 ? 's' : ''} no files.`,
    );
  validateArtifactNames(files.map((f) => f.name));
  return files;
}

async function walk(folder: string, prefix: string): Promise<LocalFile[]> {
  const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const files: LocalFile[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    const name = prefix + entry.name;
    if (entry.isDirectory()) files.push(...(await walk(path, `${name}/`)));
    else if (entry.isFile() || entry.isSymbolicLink()) {
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile()) files.push({ name, path, size: info.size });
    }
  }
  return files;
}
