import { constants } from 'node:fs';
import { copyFile, type FileHandle, open, opendir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { errorCode, type StoredArtifact } from '@ebonite/core/plugin';

/** Bytes per write call (see {@link writeFileDurably}). */
export const WRITE_PIECE = 128 * 1024;
/** Bytes of writes in flight at most, by default (see {@link writeFileDurably}). */
export const WRITES_IN_FLIGHT = 8 * 1024 * 1024;
/** Buffers per `writev` at most (Linux's IOV_MAX): a piece of tiny chunks ends on this count. */
const MAX_IOVECS = 1024;

/**
 * Streams `body` into a new file (`wx`: never over an existing one), fsynced and closed when this
 * resolves with the number of bytes written. On failure `body` is destroyed; removing the partial file
 * is the caller's job (it removes its staging folder), and so is creating the folder of `file`.
 *
 * The bytes go to the file in pieces of 128 KiB at their positions (a 1 MiB chunk is cut in eight,
 * 16 KiB chunks from a socket are gathered by eight into one `writev`), several pieces in flight in the
 * thread pool while the stream (and the core's hashing upstream) goes on, up to `inFlight` bytes: memory
 * stays bounded. Why 128 KiB: Linux sizes page-cache folios by the write (ext4 has large folios since
 * 6.x), and writes of 256 KiB and more cost here four to six times the system CPU of 128 KiB ones (the
 * large folios come from free memory the VM's host has taken back, and are faulted in again page by
 * page). `createWriteStream` wrote each 1 MiB chunk in one call, one at a time, which made a stream push
 * three times slower than the same file pushed as `{ path }` (copied by the kernel in small folios).
 * The file is fsynced once, after its last byte.
 */
export async function writeFileDurably(
  file: string,
  body: Readable,
  inFlight = WRITES_IN_FLIGHT,
): Promise<number> {
  let handle: FileHandle | undefined;
  const writes = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  try {
    handle = await open(file, 'wx');
    const out = handle;
    let position = 0;
    let queued = 0;
    let piece: Buffer[] = [];
    let pieceBytes = 0;
    const send = async () => {
      const buffers = piece;
      const bytes = pieceBytes;
      const write = writeAll(file, out, buffers, position).then(
        () => {
          queued -= bytes;
          writes.delete(write);
        },
        (error) => {
          failure ??= { error };
        },
      );
      writes.add(write);
      position += bytes;
      queued += bytes;
      piece = [];
      pieceBytes = 0;
      while (queued > inFlight && !failure) await Promise.race(writes);
      if (failure) throw failure.error;
    };
    for await (const chunk of body) {
      let bytes = toBuffer(chunk);
      while (bytes.length > 0) {
        const take = Math.min(bytes.length, WRITE_PIECE - pieceBytes);
        piece.push(take === bytes.length ? bytes : bytes.subarray(0, take));
        pieceBytes += take;
        bytes = bytes.subarray(take);
        if (pieceBytes === WRITE_PIECE || piece.length === MAX_IOVECS) await send();
      }
    }
    if (pieceBytes > 0) await send();
    await Promise.all(writes);
    if (failure) throw failure.error;
    await out.sync();
    handle = undefined;
    await out.close();
    return position;
  } catch (error) {
    body.destroy(); // also when the file could not be created: the source is not read any further
    await Promise.all(writes); // none rejects; the file is closed after its last write
    await handle?.close().catch(() => undefined);
    throw error;
  }
}

/** A chunk of a byte stream as a Buffer (strings come from streams built with `Readable.from(['text'])`). */
function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk);
  if (chunk instanceof Uint8Array)
    return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(
    `An artifact stream gave a ${chunk === null ? 'null' : typeof chunk} chunk: give bytes (Buffer, Uint8Array) or strings.`,
  );
}

/** Writes `buffers` at `position`, continuing after short writes. */
async function writeAll(
  file: string,
  handle: FileHandle,
  buffers: Buffer[],
  position: number,
): Promise<void> {
  let rest = buffers;
  let at = position;
  while (rest.length > 0) {
    const { bytesWritten } = await handle.writev(rest, at);
    at += bytesWritten;
    let skip = bytesWritten;
    let i = 0;
    while (i < rest.length && skip >= rest[i]!.length) skip -= rest[i++]!.length;
    rest = rest.slice(i);
    if (skip > 0) rest[0] = rest[0]!.subarray(skip);
    if (bytesWritten === 0 && rest.length > 0)
      throw new Error(`${file}: the disk accepted no bytes`);
  }
}

/**
 * Copies the local file `source` into a new file (`wx`) with `fs.copyFile`, which lets the kernel copy
 * it without passing the bytes through the process, while `body` (the same bytes, which the core hashes)
 * is read to its end alongside: copying and hashing overlap. Fsynced when this resolves with the size.
 * A copy whose size differs from what `body` delivered (the file changed meanwhile) fails. The caller
 * creates the folder of `file`.
 */
export async function copyFileDurably(
  file: string,
  source: string,
  body: Readable,
): Promise<number> {
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
