import type { Readable } from 'node:stream';
import type { JsonObject } from '../objects/records.js';

/** One file handed to {@link ArtifactRepository.push}. */
export interface ArtifactUpload {
  /** Relative name, `/`-separated, already validated by the core. */
  name: string;
  /** The bytes, to be consumed once, in order. */
  body: Readable;
  /**
   * The local file `body` reads, when the bytes come from one (a `{ path }` source). A repository on the
   * same machine may copy that file directly (`fs.copyFile` lets the kernel copy it without passing the
   * bytes through the process) instead of writing `body`; it must still read `body` to its end, because
   * the core computes the digest from it, and must report the size it stored. The core fails the push
   * when the file changed while it was pushed. Ignoring it and writing `body` is always correct.
   */
  sourcePath?: string;
}

/** One stored file as the artifact repository sees it. */
export interface StoredArtifact {
  name: string;
  size: number;
}

/**
 * Where all model binaries go. Files are grouped by model id and named relative to the model
 * (`model/<modelId>/<name>` in a key-value store).
 *
 * Contract v1, for plugin authors:
 * - Streams both ways: a repository never holds a whole file in memory.
 * - A listing by prefix always ends the prefix with `/`: model `1`'s operations never see model `10`'s files.
 * - Names and model ids are validated by the core before the repository sees them; sizes and sha256
 *   digests are computed and checked by the core, so a repository only stores bytes.
 * - A model id is a safe path segment: a non-empty string of at most 255 characters, without `/`, `\`
 *   or control characters, and neither `.` nor `..` (the core rejects anything else with
 *   `E_INVALID_INPUT` before the call). A repository may use it as a folder or key segment as is. The
 *   ids ebonite itself creates are UUIDv7 strings (time-ordered, lowercase hex with dashes); ids from
 *   another registry (a copied or imported one) may be any safe segment, so do not parse them.
 * - Errors are {@link EboniteError}s with the codes named below; anything else is wrapped by the core.
 */
export interface ArtifactRepository {
  /** The version of this contract the repository implements. */
  readonly specificationVersion: 'v1';
  /** The type string that resolves to this implementation (`'local'`, `'s3'`, ...). */
  readonly type: string;

  /**
   * Stores the files of one model, consuming `files` in order. A file becomes visible whole or not at
   * all (written under a temporary name and renamed, or uploaded as one object). Throws
   * `ArtifactExistsError` when the model already has files. When anything fails, the repository removes
   * every file this call wrote before it rethrows, so the model has no files afterwards.
   *
   * Returns one entry per file, each with the name as given and the size in bytes stored; the caller
   * (the core's guard, then `Ebonite`/`Model`) gets descriptors in the order the files were given, the
   * order `files` yielded them. Return the entries in that order too: `local` and `inmemory` do. The
   * core matches entries to files by name, so an implementation that sorts them (`s3` sorts by name
   * today) still works, but a missing, extra or wrongly sized entry fails the push as a plugin bug.
   *
   * A push of zero files stores nothing (no folder, no object, no marker) and returns `[]`: the model
   * then has no files, {@link list} returns `[]`, {@link listModelIds} does not name it, and a later
   * push to it is allowed.
   */
  push(modelId: string, files: AsyncIterable<ArtifactUpload>): Promise<StoredArtifact[]>;
  /** The files stored for a model, sorted by name; `[]` when it has none. */
  list(modelId: string): Promise<StoredArtifact[]>;
  /** Opens one file as a stream. Throws `NoSuchArtifactError` when it does not exist. */
  open(modelId: string, name: string): Promise<Readable>;
  /** Deletes every file of a model. Deleting a model that has no files is not an error. */
  delete(modelId: string): Promise<void>;
  /** The ids of every model that has at least one file, for sweeps that find orphans. */
  listModelIds(): AsyncIterable<string>;
  /**
   * When the model's newest file was written (ISO 8601), or undefined when it has none. Optional: a
   * registry check uses it to leave alone files that may belong to a push still in flight.
   */
  lastModified?(modelId: string): Promise<string | undefined>;

  /** The JSON options that recreate an equivalent repository through its type string, or `undefined`. */
  getConfig?(): JsonObject | undefined;
  /**
   * Optional. Removes the files of every model this repository stores, and nothing else: anything in
   * its location that it did not write (another tool's files, folders whose name is not an ebonite id)
   * stays. Each model goes whole, as with {@link delete}. Used by `Ebonite.local({ clear: true })`.
   */
  clear?(): Promise<void>;
  /** Releases handles and connections. The core calls it at most once. */
  close(): Promise<void>;
}
