import { closeSync, fdatasync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';

/** fdatasync off the main thread: the one wait of a commit. */
export const syncData = promisify(fdatasync);

/** Writes all of `bytes` at the end of a file opened for appending (into the page cache: fast, so synchronous). */
export function appendAll(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length; )
    done += writeSync(fd, bytes, done, bytes.length - done, null);
}

/** Reads exactly `length` bytes from `position`, or fewer if the file is shorter. */
export function readBytes(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, bytes, done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return bytes.subarray(0, done);
}

/** Fsyncs a folder, so that a file created, renamed or removed in it stays so after a power loss. */
export function syncFolder(folder: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error; // file systems that cannot fsync folders
  } finally {
    closeSync(fd);
  }
}
