import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidInputError } from '../errors/input-errors.js';

/** Options of {@link materializeFiles}. */
export interface MaterializeOptions {
  /** Replace files that already exist in the destination. Default true; false fails before writing anything. */
  overwrite?: boolean;
  /** Called with each chunk's size as the files stream. */
  onBytes?: (bytes: number) => void;
}

/** One file to write: its relative name (`/`-separated) and how to open its verified stream. */
export interface FileToWrite {
  name: string;
  open: () => Promise<Readable>;
}

/**
 * Writes files under `dir` so that the destination holds all of them or none: every file streams into
 * a private staging folder inside `dir` first (verified while it streams), and only when all arrived
 * whole are they renamed into place. A symbolic link anywhere below `dir` on the way to a file is
 * refused (it could send a write outside `dir`); `dir` itself may be a link. Returns the paths written.
 * Throws `InvalidInputError` (links, a file where a folder is needed, an existing file without
 * `overwrite`) before anything is written, or the read's error after removing what it wrote.
 */
export async function materializeFiles(
  dir: string,
  files: readonly FileToWrite[],
  { overwrite = true, onBytes }: MaterializeOptions = {},
): Promise<string[]> {
  const root = resolve(dir);
  const targets = files.map(({ name }) => {
    const target = join(root, ...name.split('/'));
    if (!target.startsWith(root + sep))
      throw new InvalidInputError(`Artifact "${name}" would be written outside ${root}.`);
    return target;
  });
  for (const target of targets) await checkTarget(root, target, overwrite);
  const createdRoot = !(await exists(root));
  await mkdir(root, { recursive: true });
  const staging = join(root, `.ebonite-partial-${randomUUID()}`);
  await mkdir(staging);
  const moved: string[] = [];
  try {
    for (const [i, file] of files.entries()) {
      const staged = join(staging, String(i));
      await pipeline(
        await file.open(),
        countBytes(onBytes),
        createWriteStream(staged, { flags: 'wx' }),
      );
    }
    for (const [i, target] of targets.entries()) {
      await checkTarget(root, target, overwrite); // nothing may have turned into a link meanwhile
      await mkdir(dirname(target), { recursive: true });
      await rename(join(staging, String(i)), target);
      moved.push(target);
    }
    return targets;
  } catch (error) {
    await Promise.all(moved.map((m) => rm(m, { force: true })));
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
    if (createdRoot) await rmdir(root).catch(() => undefined); // only when it stayed empty
  }
}

function countBytes(onBytes: ((bytes: number) => void) | undefined) {
  return async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      onBytes?.(chunk.length);
      yield chunk;
    }
  };
}

async function exists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined)) !== undefined;
}

/** Refuses a link or a non-folder on the way from `root` to `target`, and a target that cannot be replaced. */
async function checkTarget(root: string, target: string, overwrite: boolean): Promise<void> {
  const parts = relative(root, target).split(sep);
  let path = root;
  for (const [i, part] of parts.entries()) {
    path = join(path, part);
    const info = await lstat(path).catch(() => undefined);
    if (!info) return;
    const last = i === parts.length - 1;
    if (info.isSymbolicLink())
      throw new InvalidInputError(
        `${path} is a symbolic link inside the destination ${root}: ebonite never writes through links there. Remove it, or choose an empty folder.`,
      );
    if (!last && !info.isDirectory())
      throw new InvalidInputError(
        `${path} is a file where the model needs a folder: choose an empty destination.`,
      );
    if (last && info.isDirectory())
      throw new InvalidInputError(
        `${path} is a folder where the model has a file: choose an empty destination.`,
      );
    if (last && !overwrite)
      throw new InvalidInputError(
        `${path} exists: choose an empty destination, or allow overwriting it.`,
      );
  }
}
