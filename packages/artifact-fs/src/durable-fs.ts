import { constants, createWriteStream } from 'node:fs';
import { copyFile, mkdir, open, opendir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StoredArtifact } from '@ebonite/core/plugin';
import { errorCode } from './paths.js';

/**
 * Streams `body` into a new file (`wx`: never over an existing one), fsynced and closed when this
 * resolves with the number of bytes written. Nothing is buffered beyond the high-water mark. On failure
 * `body` is destroyed; removing the partial file is the caller's job (it removes its staging folder).
 */
export async function writeFileDurably(
  file: string,
  body: Readable,
  highWaterMark: number,
): Promise<number> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    // `flush`: fsync before the file is closed; pipeline() resolves once it is closed
    const out = createWriteStream(file, { flags: 'wx', flush: true, highWaterMark });
    await pipeline(body, out);
    return out.bytesWritten;
  } catch (error) {
    body.destroy(); // also when the file could not be created: the source is not read any further
    throw error;
  }
}

/**
 * Copies the local file `source` into a new file (`wx`) with `fs.copyFile`, which lets the kernel copy
 * it without passing the bytes through the process, while `body` (the same bytes, which the core hashes)
 * is read to its end alongside: copying and hashing overlap. Fsynced when this resolves with the size.
 * A copy whose size differs from what `body` delivered (the file changed meanwhile) fails.
 */
export async function copyFileDurably(
  file: string,
  source: string,
  body: Readable,
): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const copied = (async () => {
    await copyFile(source, file, constants.COPYFILE_EXCL);
    const handle = await open(file, 'r+');
    try {
      await handle.sync(); // overlaps with the hashing of the rest of `body`
      return (await handle.stat()).size;
    } finally {
      await handle.close();
    }
  })();
  const drained = (async () => {
    let bytes = 0;
    for await (const chunk of body) bytes += (chunk as Buffer).length;
    return bytes;
  })();
  const [size, read] = await Promise.allSettled([copied, drained]);
  if (size.status === 'rejected' || read.status === 'rejected') {
    body.destroy();
    throw size.status === 'rejected' ? size.reason : (read as PromiseRejectedResult).reason;
  }
  if (size.value !== read.value)
    throw new Error(
      `${source} changed while it was copied: ${size.value} bytes copied, ${read.value} read`,
    );
  return size.value;
}

/** Fsyncs a folder so the entries created or renamed in it survive a crash. No-op where folders cannot be opened (Windows). */
export async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch (error) {
    if (errorCode(error) !== 'EINVAL') throw error; // file systems that cannot fsync folders
  } finally {
    await handle.close();
  }
}

/** True when `folder` exists and holds at least one entry. */
export async function hasEntries(folder: string): Promise<boolean> {
  try {
    const dir = await opendir(folder);
    try {
      return (await dir.read()) !== null;
    } finally {
      await dir.close();
    }
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

/** A regular file under a model folder, with when it was last written. */
export interface ListedFile extends StoredArtifact {
  modifiedMs: number;
}

/**
 * The regular files under `folder`, recursively, named relative to it with `/` separators. A missing
 * folder, or an entry removed while walking, is skipped; symlinks and special files are not artifacts.
 */
export async function listFiles(folder: string, prefix = ''): Promise<ListedFile[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  }
  const found: ListedFile[] = [];
  for (const entry of entries) {
    const name = prefix + entry.name;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(full, `${name}/`)));
    else if (entry.isFile()) {
      const stats = await stat(full).catch((error) =>
        errorCode(error) === 'ENOENT' ? undefined : Promise.reject(error),
      );
      if (stats) found.push({ name, size: stats.size, modifiedMs: stats.mtimeMs });
    }
  }
  return found;
}

/** The names of the sub-folders of `folder`; `[]` when it does not exist. */
export async function listFolders(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  }
}
