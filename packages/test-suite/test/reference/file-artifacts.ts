import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  ArtifactExistsError,
  type ArtifactRepository,
  type ArtifactUpload,
  NoSuchArtifactError,
  type StoredArtifact,
} from '@ebonite/core/plugin';

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

async function walk(dir: string, prefix = ''): Promise<StoredArtifact[]> {
  const out: StoredArtifact[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path, `${prefix}${entry.name}/`)));
    else out.push({ name: `${prefix}${entry.name}`, size: (await stat(path)).size });
  }
  return out;
}

/**
 * The reference artifact repository of the suite's own tests: plain files under `<root>/models/<id>/`.
 * A push writes a staging folder and renames it into place, so a model's files appear all at once.
 */
export class FileArtifacts implements ArtifactRepository {
  readonly specificationVersion = 'v1' as const;
  readonly type = 'reference-files';

  constructor(readonly root: string) {}

  modelDir(modelId: string): string {
    return join(this.root, 'models', modelId);
  }

  async push(modelId: string, files: AsyncIterable<ArtifactUpload>): Promise<StoredArtifact[]> {
    if ((await this.list(modelId)).length) throw new ArtifactExistsError(modelId);
    const staging = join(this.root, 'staging', randomUUID());
    await mkdir(staging, { recursive: true });
    const stored: StoredArtifact[] = [];
    try {
      for await (const { name, body } of files) {
        const path = join(staging, ...name.split('/'));
        await mkdir(dirname(path), { recursive: true });
        await pipeline(body, createWriteStream(path, { flags: 'wx' }));
        stored.push({ name, size: (await stat(path)).size });
      }
      await mkdir(join(this.root, 'models'), { recursive: true });
      await rename(staging, this.modelDir(modelId));
      return stored;
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      if (code(error) === 'ENOTEMPTY' || code(error) === 'EEXIST')
        throw new ArtifactExistsError(modelId, { cause: error });
      throw error;
    }
  }

  async list(modelId: string): Promise<StoredArtifact[]> {
    try {
      return (await walk(this.modelDir(modelId))).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
    } catch (error) {
      if (code(error) === 'ENOENT') return [];
      throw error;
    }
  }

  async open(modelId: string, name: string): Promise<Readable> {
    const path = join(this.modelDir(modelId), ...name.split('/'));
    try {
      if (!(await stat(path)).isFile()) throw new NoSuchArtifactError(modelId, name);
    } catch (error) {
      if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR')
        throw new NoSuchArtifactError(modelId, name, { cause: error });
      throw error;
    }
    return createReadStream(path);
  }

  async delete(modelId: string): Promise<void> {
    await rm(this.modelDir(modelId), { recursive: true, force: true });
  }

  async *listModelIds(): AsyncGenerator<string> {
    let ids: string[] = [];
    try {
      ids = await readdir(join(this.root, 'models'));
    } catch (error) {
      if (code(error) !== 'ENOENT') throw error;
    }
    for (const id of ids) if ((await this.list(id)).length) yield id;
  }

  async close(): Promise<void> {}

  /** Read-back hook: the bytes on disk, or null. */
  async readBack(modelId: string, name: string): Promise<Uint8Array | null> {
    try {
      return await readFile(join(this.modelDir(modelId), ...name.split('/')));
    } catch (error) {
      if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR' || code(error) === 'EISDIR')
        return null;
      throw error;
    }
  }
}
