import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fdatasync,
  fdatasyncSync,
  openSync,
  readSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { promisify } from 'node:util';
import { syncFolderSync } from '@ebonite/core/plugin';

/** fdatasync off the main thread: the one wait of a commit. */
export const syncData = promisify(fdatasync);
export const syncDataSync = fdatasyncSync;

/** Writes all of `bytes` at the end of a file opened for appending (into the page cache: fast, so synchronous). */
export function appendAll(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length; )
    done += writeSync(fd, bytes, done, bytes.length - done, null);
}

/** Reads exactly `length` bytes from `position`, or fewer if the file is shorter. */
export function readBytes(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(Math.max(0, length));
  let done = 0;
  while (done < length) {
    const read = readSync(fd, bytes, done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return bytes.subarray(0, done);
}

/** A name beside `file` that no other process uses: `<file>.<tag>-<random>`. */
export function uniqueSibling(file: string, tag: string): string {
  return `${file}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Opens a new file (it must not exist) for appending and reading. */
export function createAppendable(file: string): number {
  const { O_CREAT, O_EXCL, O_RDWR, O_APPEND } = constants;
  return openSync(file, O_CREAT | O_EXCL | O_RDWR | O_APPEND, 0o666);
}

/**
 * Writes `text` to a new temporary file beside `target` (with `target`'s permissions when it exists)
 * and makes it durable; returns its path. The caller renames it over `target` (or removes it).
 */
export async function writeTemporary(target: string, text: string): Promise<string> {
  const { temp, fd } = openTemporary(target);
  try {
    appendAll(fd, Buffer.from(text));
    await syncData(fd);
  } catch (error) {
    discard(temp, fd);
    throw error;
  }
  closeSync(fd);
  return temp;
}

/** {@link writeTemporary}, synchronously (for the exit hook). */
export function writeTemporarySync(target: string, text: string): string {
  const { temp, fd } = openTemporary(target);
  try {
    appendAll(fd, Buffer.from(text));
    fdatasyncSync(fd);
  } catch (error) {
    discard(temp, fd);
    throw error;
  }
  closeSync(fd);
  return temp;
}

function openTemporary(target: string): { temp: string; fd: number } {
  const temp = uniqueSibling(target, 'tmp');
  const fd = createAppendable(temp);
  const mode = statSync(target, { throwIfNoEntry: false })?.mode;
  try {
    if (mode !== undefined && process.platform !== 'win32') fchmodSync(fd, mode & 0o7777);
  } catch {
    // keeping the permissions is a courtesy; the default ones work
  }
  return { temp, fd };
}

function discard(temp: string, fd: number): void {
  try {
    closeSync(fd);
    unlinkSync(temp);
  } catch {
    // the write's own error is the one to report
  }
}

/** Fsyncs a folder, so that a file created, renamed or removed in it stays so after a power loss. */
export const syncFolder = syncFolderSync;
