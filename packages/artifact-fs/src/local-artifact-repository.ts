import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, realpath, rename, rm, rmdir } from 'node:fs/promises';
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
  isEboniteId,
  type JsonObject,
  NoSuchArtifactError,
  pathInside,
  type StoredArtifact,
  syncFolder,
  validateId,
} from '@ebonite/core/plugin';
import {
  copyFileDurably,
  hasEntries,
  listFiles,
  listFolders,
  WRITES_IN_FLIGHT,
  writeFileDurably,
} from './durable-fs.js';
import { foldersUpTo } from './paths.js';

/** Options of the `local` artifact repository. */
export interface LocalArtifactOptions {
  /** The folder that holds `model/<modelId>/<name>`; created on the first push. Relative paths resolve against the working directory. */
  root: string;
  /**
   * Bytes per read chunk (1 MiB by default); a push keeps this or 8 MiB of writes in flight, whichever
   * is more.
   */
  highWaterMark?: number;
}

/** Where the files of each model live, under the root. */
export const MODEL_FOLDER = 'model';
/** Where pushes are staged and deletes are moved before removal, under the root (same file system as `model/`). */
export const TEMP_FOLDER = '.tmp';
const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;
/** Errors `rename` gives when the target folder exists and is not empty (or, on Windows, exists at all). */
/** Errors that mean a path does not exist. */
const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);
const TARGET_TAKEN = new Set(['ENOTEMPTY', 'EEXIST', 'EPERM', 'EACCES']);
/** Errors of removing a folder that is gone, or that a concurrent push has just written into. */
const BUSY = new Set(['ENOENT', 'ENOTEMPTY', 'EEXIST']);

/** A rejection handler that swallows the errors whose code is in `codes`. */
const ignore = (codes: Set<string>) => (error: unknown) => {
  if (!codes.has(errorCode(error) ?? '')) throw error;
};

/** The names in `folder`; `[]` when it does not exist. */
async function listEntries(folder: string): Promise<string[]> {
  return readdir(folder).catch((error) =>
    errorCode(error) === 'ENOENT' ? [] : Promise.reject(error),
  );
}

/**
 * Artifacts as plain files: `<root>/model/<modelId>/<name>`, names with `/` as sub-folders.
 *
 * A push streams every file into a private staging folder `<root>/.tmp/push-<uuid>/`, fsyncs the files
 * and folders, then renames the staging folder to `model/<modelId>` in one step: a model's files appear
 * all together or not at all, and the rename is the claim, so of two processes pushing the same model
 * one wins and the other gets `ArtifactExistsError` without touching the winner's files. A delete
 * renames the model folder away before removing it. A crash leaves at most unreferenced folders under
 * `.tmp/`, never a partial file under `model/`.
 */
export class LocalArtifactRepository implements ArtifactRepository {
  static readonly type = 'local';
  readonly type = 'local';
  readonly specificationVersion = 'v1' as const;
  /** The absolute root folder. */
  readonly root: string;
  readonly #models: string;
  readonly #temp: string;
  readonly #highWaterMark: number;
  readonly #config: JsonObject;
  #layoutSynced = false;

  constructor(options: LocalArtifactOptions) {
    if (typeof options?.root !== 'string' || options.root.length === 0) {
      throw new InvalidConfigError(
        'The "local" artifact repository needs a root folder: localArtifacts({ root: "./.ebonite/artifacts" }).',
      );
    }
    this.root = path.resolve(options.root);
    this.#models = path.join(this.root, MODEL_FOLDER);
    this.#temp = path.join(this.root, TEMP_FOLDER);
    this.#highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    this.#config = { root: this.root };
    if (options.highWaterMark !== undefined) this.#config.highWaterMark = options.highWaterMark;
  }

  async push(modelId: string, files: AsyncIterable<ArtifactUpload>): Promise<StoredArtifact[]> {
    const target = this.#modelFolder(modelId);
    if (await hasEntries(target)) throw new ArtifactExistsError(modelId);
    const staging = await this.#stagingFolder();
    let committed = false;
    try {
      const stored: StoredArtifact[] = [];
      /** The folders of the staging tree made so far: each is fsynced once, before the commit. */
      const folders = new Set<string>([staging]);
      for await (const { name, body, sourcePath } of files) {
        let file: string;
        try {
          file = pathInside(staging, name);
          await makeFolders(staging, file, folders);
        } catch (error) {
          body.destroy();
          throw error;
        }
        const size = sourcePath
          ? await copyFileDurably(file, sourcePath, body)
          : await writeFileDurably(file, body, Math.max(this.#highWaterMark, WRITES_IN_FLIGHT));
        stored.push({ name, size });
      }
      if (stored.length > 0) {
        await Promise.all([...folders].map(syncFolder));
        await this.#commit(staging, target, modelId);
        committed = true;
        await syncFolder(this.#models);
      }
      return stored;
    } finally {
      // After a failure this removes every byte written; after a commit the staging folder is gone.
      if (!committed) await rm(staging, { recursive: true, force: true });
    }
  }

  async list(modelId: string): Promise<StoredArtifact[]> {
    return (await listFiles(this.#modelFolder(modelId)))
      .map(({ name, size }) => ({ name, size }))
      .sort(byName);
  }

  async lastModified(modelId: string): Promise<string | undefined> {
    const files = await listFiles(this.#modelFolder(modelId));
    return files.length
      ? new Date(files.reduce((newest, f) => Math.max(newest, f.modifiedMs), 0)).toISOString()
      : undefined;
  }

  async open(modelId: string, name: string): Promise<Readable> {
    const file = pathInside(this.#modelFolder(modelId), name);
    let real: string;
    let inside: string;
    try {
      [real, inside] = await Promise.all([
        realpath(file),
        realpath(this.#models).then((models) => path.join(models, modelId) + path.sep),
      ]);
    } catch (error) {
      if (MISSING.has(errorCode(error) ?? ''))
        throw new NoSuchArtifactError(modelId, name, { cause: error });
      throw error;
    }
    if (!real.startsWith(inside)) {
      throw new CorruptedStoreError(
        `Artifact "${name}" of model ${modelId} is a link to ${real}, outside its model folder: it was not opened. Remove the link from ${this.root}.`,
      );
    }
    const handle = await open(real, 'r').catch((error) =>
      Promise.reject(
        MISSING.has(errorCode(error) ?? '')
          ? new NoSuchArtifactError(modelId, name, { cause: error })
          : error,
      ),
    );
    const stats = await handle.stat();
    if (!stats.isFile()) {
      await handle.close();
      throw new NoSuchArtifactError(modelId, name, {
        cause: new Error(`${real} is not a regular file`),
      });
    }
    return handle.createReadStream({ highWaterMark: this.#highWaterMark });
  }

  async delete(modelId: string): Promise<void> {
    const target = this.#modelFolder(modelId);
    if (!(await hasEntries(target))) {
      await rmdir(target).catch(() => undefined); // an empty leftover folder, if any
      return;
    }
    await mkdir(this.#temp, { recursive: true });
    const trash = path.join(this.#temp, `delete-${randomUUID()}`);
    try {
      await rename(target, trash);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return; // deleted meanwhile
      throw error;
    }
    await syncFolder(this.#models);
    await rm(trash, { recursive: true, force: true });
  }

  async *listModelIds(): AsyncGenerator<string> {
    const ids = await listFolders(this.#models);
    for (const id of ids) if (await hasEntries(path.join(this.#models, id))) yield id;
  }

  /**
   * Removes every model's files and the staging leftovers, and nothing else: a folder under `model/`
   * whose name is not an ebonite id, and anything beside `model/` and `.tmp/`, stays where it is.
   * Each model goes like a `delete`, so a concurrent reader sees a model whole or not at all.
   */
  async clear(): Promise<void> {
    for (const id of await listFolders(this.#models)) if (isEboniteId(id)) await this.delete(id);
    // Pushes may be staging meanwhile: remove what is there, and keep `.tmp/` if one just made a folder in it.
    for (const entry of await listEntries(this.#temp))
      await rm(path.join(this.#temp, entry), { recursive: true, force: true }).catch(ignore(BUSY));
    await rmdir(this.#temp).catch(ignore(BUSY));
  }

  /** `{ root }` with the absolute root folder (and `highWaterMark` when it was given). */
  getConfig(): JsonObject {
    return { ...this.#config };
  }

  async close(): Promise<void> {}

  #modelFolder(modelId: string): string {
    validateId('model', modelId);
    return path.join(this.#models, modelId);
  }

  /**
   * Makes a new staging folder under `.tmp/`. The first push of this instance creates `model/` and
   * `.tmp/` when missing (and again when the store was removed meanwhile): later pushes skip that.
   */
  async #stagingFolder(): Promise<string> {
    const staging = path.join(this.#temp, `push-${randomUUID()}`);
    if (!this.#layoutSynced) await this.#layout();
    try {
      await mkdir(staging);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      await this.#layout();
      await mkdir(staging);
    }
    return staging;
  }

  /**
   * Creates `model/` and `.tmp/` when missing, and fsyncs the folders whose entries that changed; the
   * first time, fsyncs the root in any case (a process before may have created them and crashed).
   */
  async #layout(): Promise<void> {
    const changed = new Set<string>(this.#layoutSynced ? [] : [this.root]);
    for (const folder of [this.#models, this.#temp]) {
      const first = await mkdir(folder, { recursive: true }); // the first folder it created, if any
      if (first)
        for (let made = folder; made.length >= first.length; made = path.dirname(made))
          changed.add(path.dirname(made));
    }
    for (const folder of changed) await syncFolder(folder);
    this.#layoutSynced = true;
  }

  /** Renames the staging folder to the model folder; the rename fails when another push got there first. */
  async #commit(staging: string, target: string, modelId: string, again = false): Promise<void> {
    try {
      await rename(staging, target);
    } catch (error) {
      const code = errorCode(error) ?? '';
      if (code === 'ENOENT' && !again && (await hasEntries(staging))) {
        await this.#layout(); // `model/` was removed since this instance made it
        return this.#commit(staging, target, modelId, true);
      }
      if (!TARGET_TAKEN.has(code)) throw error;
      if (await hasEntries(target)) throw new ArtifactExistsError(modelId, { cause: error });
      await rmdir(target); // an empty folder (Windows will not rename onto it), then try once more
      await rename(staging, target);
    }
  }
}

/**
 * Creates the folders between `staging` and `file` that are not in `made` yet, and adds them to it
 * (one `mkdir` for a file in a folder already made, none at the top level).
 */
async function makeFolders(staging: string, file: string, made: Set<string>): Promise<void> {
  const folder = path.dirname(file);
  if (made.has(folder)) return;
  await mkdir(folder, { recursive: true });
  for (const each of foldersUpTo(staging, file)) made.add(each);
}

/** Creates a `local` artifact repository: files under `<root>/model/<modelId>/`. */
export function localArtifacts(options: LocalArtifactOptions): LocalArtifactRepository {
  return new LocalArtifactRepository(options);
}
