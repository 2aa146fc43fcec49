import { mkdir, open as openFile, readdir, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import {
  ArtifactExistsError,
  type ArtifactRepository,
  type ArtifactUpload,
  byName,
  CorruptedStoreError,
  errorCode,
  InvalidConfigError,
  type JsonObject,
  NoSuchArtifactError,
  type StoredArtifact,
} from '@ebonite/core/plugin';
import { BlobStore } from './blob-store.js';
import { createManifest, readManifest } from './manifest.js';
import { sweepUnnamedBlobs } from './sweep.js';

/** Options of {@link casArtifacts}. */
export interface CasArtifactsOptions {
  /** The store folder; created on first push. */
  root: string;
}

/**
 * Artifact repository `cas`: a content-addressed store in a folder. Each file's bytes are stored
 * once, by sha256, under `<root>/blobs/`; each model is a JSON manifest `<root>/models/<modelId>.json`
 * naming its files and their blobs. A push writes the blobs first and the manifest last (atomically),
 * so a model's files appear all at once; deleting a model removes its manifest. Blobs no manifest
 * names any more (after a delete or a failed push) are removed by {@link CasArtifactRepository.sweep}.
 */
export class CasArtifactRepository implements ArtifactRepository {
  static readonly type = 'cas';
  readonly type = CasArtifactRepository.type;
  readonly specificationVersion = 'v1' as const;
  readonly root: string;
  readonly #blobs: BlobStore;

  constructor(options: CasArtifactsOptions) {
    this.root = resolve(options.root);
    this.#blobs = new BlobStore(this.root);
  }

  #manifestPath(modelId: string): string {
    return join(this.root, 'models', `${modelId}.json`);
  }

  async push(modelId: string, files: AsyncIterable<ArtifactUpload>): Promise<StoredArtifact[]> {
    const path = this.#manifestPath(modelId);
    if (await readManifest(path, modelId)) throw new ArtifactExistsError(modelId);
    const descriptors = [];
    for await (const { name, body } of files)
      descriptors.push({ name, ...(await this.#blobs.write(body)) });
    // Until the manifest exists the model has no files: a failure above leaves only unnamed blobs.
    await mkdir(join(this.root, 'models'), { recursive: true });
    await createManifest(path, {
      format: 'ebonite-cas-manifest',
      version: 1,
      modelId,
      files: [...descriptors].sort(byName),
    });
    return descriptors.map(({ name, size }) => ({ name, size }));
  }

  async list(modelId: string): Promise<StoredArtifact[]> {
    const manifest = await readManifest(this.#manifestPath(modelId), modelId);
    return (manifest?.files ?? []).map(({ name, size }) => ({ name, size }));
  }

  async open(modelId: string, name: string): Promise<Readable> {
    const file = (await readManifest(this.#manifestPath(modelId), modelId))?.files.find(
      (f) => f.name === name,
    );
    if (!file) throw new NoSuchArtifactError(modelId, name);
    try {
      // Opened now, so a missing blob fails here rather than later in the stream.
      return (await openFile(this.#blobs.path(file.digest))).createReadStream();
    } catch (cause) {
      if (errorCode(cause) !== 'ENOENT') throw cause;
      throw new CorruptedStoreError(
        `Artifact "${name}" of model ${modelId} names blob ${file.digest}, which is missing from ${this.root}: restore the blob, or delete and push the model again.`,
        { cause },
      );
    }
  }

  async delete(modelId: string): Promise<void> {
    await unlink(this.#manifestPath(modelId)).catch((error: unknown) => {
      if (errorCode(error) !== 'ENOENT') throw error;
    });
  }

  async *listModelIds(): AsyncGenerator<string> {
    let entries: string[];
    try {
      entries = await readdir(join(this.root, 'models'));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) if (entry.endsWith('.json')) yield entry.slice(0, -'.json'.length);
  }

  /**
   * Removes blobs no manifest names, and abandoned temporary files, once they are older than
   * `olderThanMs` (default one hour), so a push still in progress keeps its blobs. Returns how many files it removed.
   */
  sweep(options: { olderThanMs?: number } = {}): Promise<number> {
    return sweepUnnamedBlobs(
      this.root,
      this.listModelIds(),
      (id) => readManifest(this.#manifestPath(id), id),
      options.olderThanMs ?? 3_600_000,
    );
  }

  getConfig(): JsonObject {
    return { root: this.root };
  }

  async close(): Promise<void> {}
}

/** A `cas` artifact repository on the folder `options.root`. */
export function casArtifacts(options: CasArtifactsOptions): CasArtifactRepository {
  if (typeof options?.root !== 'string' || options.root.length === 0)
    throw new InvalidConfigError(
      'The cas artifact repository needs { root: "<folder>" }: the folder where it keeps blobs and manifests.',
    );
  return new CasArtifactRepository(options);
}
