import { InvalidInputError, type JsonObject } from '@ebonite/core/plugin';
import { JournalStore } from './local/journal-store.js';
import { resolveStorePaths } from './local/store-paths.js';
import { StateMetadataRepository } from './repository/state-metadata-repository.js';

/** Options of the `local` metadata repository. */
export interface LocalMetadataOptions {
  /**
   * Where the metadata lives: a folder (it holds `metadata.json`, created when missing), or the path
   * of the metadata file itself (any path ending in `.json` that is not an existing folder).
   */
  path: string;
  /** After how many ms the lock of a process that died holding it is taken over (at least 2000). Default 10000. */
  staleLockMs?: number;
  /** Journal size in bytes from which a write folds the journal into metadata.json (once it also outgrows it). Default 4 MiB. */
  compactAfterBytes?: number;
}

/** Default of {@link LocalMetadataOptions.staleLockMs}. */
export const DEFAULT_STALE_LOCK_MS = 10_000;
/** Default of {@link LocalMetadataOptions.compactAfterBytes}. */
export const DEFAULT_COMPACT_AFTER_BYTES = 4 * 1024 * 1024;

function positiveInteger(
  name: string,
  value: number | undefined,
  fallback: number,
  minimum: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < minimum)
    throw new InvalidInputError(
      `The "${name}" option of the local metadata repository must be an integer of at least ${minimum}, not ${JSON.stringify(value)}.`,
    );
  return value;
}

/**
 * Metadata in a readable `metadata.json` plus an append-only journal beside it (see the README):
 * every write is atomic and durable when it returns, several processes can share one folder, and
 * `close()` (or a normal exit) leaves `metadata.json` alone holding everything.
 */
export class LocalMetadataRepository extends StateMetadataRepository {
  static readonly type = 'local';
  readonly type = 'local';
  /** The absolute path of metadata.json. */
  readonly path: string;
  readonly #config: JsonObject;

  constructor(options: LocalMetadataOptions) {
    const paths = resolveStorePaths(options?.path);
    const staleLockMs = positiveInteger(
      'staleLockMs',
      options.staleLockMs,
      DEFAULT_STALE_LOCK_MS,
      2000,
    );
    const compactAfterBytes = positiveInteger(
      'compactAfterBytes',
      options.compactAfterBytes,
      DEFAULT_COMPACT_AFTER_BYTES,
      1,
    );
    super(new JournalStore(paths, { staleLockMs, compactAfterBytes }));
    this.path = paths.file;
    this.#config = { path: paths.file };
    if (options.staleLockMs !== undefined) this.#config.staleLockMs = staleLockMs;
    if (options.compactAfterBytes !== undefined) this.#config.compactAfterBytes = compactAfterBytes;
  }

  /** `{ path }` with the absolute path of metadata.json (and the tuning options that were given). */
  getConfig(): JsonObject {
    return { ...this.#config };
  }
}

/** A `local` metadata repository: `localMetadata({ path: '.ebonite' })` keeps `.ebonite/metadata.json`. */
export function localMetadata(options: LocalMetadataOptions): LocalMetadataRepository {
  return new LocalMetadataRepository(options);
}
