import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A blob written to the store: its size and `sha256:<hex>` digest. */
export interface WrittenBlob {
  size: number;
  digest: string;
}

/**
 * Blobs stored once by content under `<root>/blobs/ab/cdef…` (the sha256 hex split after two
 * characters, so no folder grows too large). Writes go to `<root>/tmp/` first and are renamed into
 * place, so a blob path always holds the whole blob.
 */
export class BlobStore {
  constructor(readonly root: string) {}

  /** The path of the blob with this `sha256:<hex>` digest. */
  path(digest: string): string {
    const hex = digest.slice('sha256:'.length);
    return join(this.root, 'blobs', hex.slice(0, 2), hex.slice(2));
  }

  /** Streams `body` into the store, hashing on the way; identical content is stored once. */
  async write(body: Readable): Promise<WrittenBlob> {
    const temporary = join(this.root, 'tmp', randomUUID());
    await mkdir(dirname(temporary), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(temporary, { flags: 'wx', flush: true }),
      );
      const digest = `sha256:${hash.digest('hex')}`;
      const target = this.path(digest);
      if (await exists(target)) {
        // Already stored: drop the copy, and mark the blob as recent so a sweep leaves it to this push.
        await rm(temporary, { force: true });
        const now = new Date();
        await utimes(target, now, now);
      } else {
        await mkdir(dirname(target), { recursive: true });
        await rename(temporary, target);
      }
      return { size, digest };
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
