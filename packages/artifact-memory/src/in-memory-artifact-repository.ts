import { randomUUID } from 'node:crypto';
import path from 'node:path';
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
  validateId,
} from '@ebonite/core/plugin';
import { Volume } from 'memfs';
import { hasEntries, listVolumeFiles, pathInside, writeVolumeFile } from './volume-tree.js';

/** Options of the `inmemory` artifact repository. */
export interface InMemoryArtifactOptions {
  /** The memfs volume to store into; a new, private one by default. */
  volume?: Volume;
  /** The absolute folder in the volume that holds `model/<modelId>/<name>`; `/` by default. */
  root?: string;
  /** Bytes per chunk read by `open()`; 1 MiB by default. */
  highWaterMark?: number;
}

const MODEL_FOLDER = 'model';
const TEMP_FOLDER = '.tmp';
const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;
const MISSING = new Set(['ENOENT', 'ENOTDIR']);

/**
 * Artifacts in memory, on a memfs volume, in the same layout as the `local` repository:
 * `<root>/model/<modelId>/<name>`. Files stream in and out through memfs's streams. A push is staged in
 * `<root>/.tmp/push-<uuid>/` and moved into place in one synchronous step, so a model's files appear
 * together or not at all, and of two concurrent pushes of one model exactly one wins. The data lives as
 * long as the volume: a new repository (as `getConfig()` recreates) starts empty.
 */
export class InMemoryArtifactRepository implements ArtifactRepository {
  static readonly type = 'inmemory';
  readonly type = 'inmemory';
  readonly specificationVersion = 'v1' as const;
  /** The volume holding the files; read it directly with `volume.toJSON()` or `volume.readFileSync()`. */
  readonly volume: Volume;
  readonly #models: string;
  readonly #temp: string;
  readonly #highWaterMark: number;

  constructor(options: InMemoryArtifactOptions = {}) {
    const root = options.root ?? '/';
    if (typeof root !== 'string' || !root.startsWith('/')) {
      throw new InvalidConfigError(
        `The root of the "inmemory" artifact repository must be an absolute volume path such as "/artifacts", not ${JSON.stringify(root)}.`,
      );
    }
    this.volume = options.volume ?? new Volume();
    this.#models = path.posix.resolve(root, MODEL_FOLDER);
    this.#temp = path.posix.resolve(root, TEMP_FOLDER);
    this.#highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  }

  async push(modelId: string, files: AsyncIterable<ArtifactUpload>): Promise<StoredArtifact[]> {
    const target = this.#modelFolder(modelId);
    if (hasEntries(this.volume, target)) throw new ArtifactExistsError(modelId);
    const staging = path.posix.join(this.#temp, `push-${randomUUID()}`);
    this.volume.mkdirSync(staging, { recursive: true });
    try {
      const stored: StoredArtifact[] = [];
      for await (const { name, body } of files) {
        let file: string;
        try {
          file = pathInside(staging, name);
        } catch (error) {
          body.destroy();
          throw error;
        }
        stored.push({ name, size: await writeVolumeFile(this.volume, file, body) });
      }
      if (stored.length > 0) this.#commit(staging, target, modelId);
      return stored;
    } finally {
      this.volume.rmSync(staging, { recursive: true, force: true });
    }
  }

  async list(modelId: string): Promise<StoredArtifact[]> {
    return listVolumeFiles(this.volume, this.#modelFolder(modelId)).sort(byName);
  }

  async open(modelId: string, name: string): Promise<Readable> {
    const folder = this.#modelFolder(modelId);
    const file = pathInside(folder, name);
    let fd: number;
    try {
      const real = String(this.volume.realpathSync(file));
      const inside = `${path.posix.join(String(this.volume.realpathSync(this.#models)), modelId)}/`;
      if (!real.startsWith(inside)) {
        throw new CorruptedStoreError(
          `Artifact "${name}" of model ${modelId} is a link to ${real}, outside its model folder: it was not opened.`,
        );
      }
      if (!this.volume.statSync(real).isFile()) {
        throw new NoSuchArtifactError(modelId, name, {
          cause: new Error(`${real} is a folder, not a file`),
        });
      }
      fd = this.volume.openSync(real, 'r');
    } catch (error) {
      if (MISSING.has(errorCode(error) ?? ''))
        throw new NoSuchArtifactError(modelId, name, { cause: error });
      throw error;
    }
    return this.volume.createReadStream(file, {
      fd,
      highWaterMark: this.#highWaterMark,
    }) as unknown as Readable;
  }

  async delete(modelId: string): Promise<void> {
    this.volume.rmSync(this.#modelFolder(modelId), { recursive: true, force: true });
  }

  async *listModelIds(): AsyncGenerator<string> {
    if (!this.volume.existsSync(this.#models)) return;
    const ids = (this.volume.readdirSync(this.#models) as Array<string | Buffer>).map(String);
    for (const id of ids) if (hasEntries(this.volume, path.posix.join(this.#models, id))) yield id;
  }

  getConfig(): JsonObject {
    return {};
  }

  async close(): Promise<void> {}

  #modelFolder(modelId: string): string {
    validateId('model', modelId);
    return path.posix.join(this.#models, modelId);
  }

  /** Moves the staging folder into place in one synchronous step: no other push can interleave. */
  #commit(staging: string, target: string, modelId: string): void {
    if (hasEntries(this.volume, target)) throw new ArtifactExistsError(modelId);
    if (this.volume.existsSync(target)) this.volume.rmdirSync(target);
    this.volume.mkdirSync(this.#models, { recursive: true });
    this.volume.renameSync(staging, target);
  }
}

/** Creates an `inmemory` artifact repository on a new memfs volume (or the one given). */
export function inMemoryArtifacts(
  options: InMemoryArtifactOptions = {},
): InMemoryArtifactRepository {
  return new InMemoryArtifactRepository(options);
}
