import { statSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '@ebonite/core/plugin';

/** The file name used when the `path` option names a folder. */
export const METADATA_FILE = 'metadata.json';

/**
 * Where the metadata of a local registry folder lives: `<registry>/metadata.json`. The `registry`
 * option of the `local` type (what `Ebonite.local({ path })` passes) is always a folder, whatever
 * its name; `@ebonite/artifact-fs` puts the files of the same folder under `artifacts/`.
 */
export function registryMetadataFile(registry: string): string {
  return path.join(path.resolve(registry), METADATA_FILE);
}

/** The files of a local store, all absolute. */
export interface StorePaths {
  /** The folder holding them. */
  folder: string;
  /** metadata.json: the compacted state. */
  file: string;
  /** The journal of operations committed since the last compaction, beside the file. */
  journal: string;
  /** The lock folder (made by proper-lockfile) beside the file. */
  lock: string;
  /** The file a process waiting for the lock touches, so that the holder hands it over. */
  wait: string;
}

/**
 * Resolves the `path` option: an existing folder, or a path not ending in `.json`, is the folder that
 * holds `metadata.json`; anything else is the metadata file itself (which need not exist yet). The
 * journal is named after the file: `metadata.json` -> `metadata.journal`.
 */
export function resolveStorePaths(location: string): StorePaths {
  if (typeof location !== 'string' || location.trim() === '') {
    throw new InvalidInputError(
      'The local metadata repository needs a "path": a folder (metadata.json is kept in it) or the path of its metadata.json file.',
    );
  }
  const absolute = path.resolve(location);
  const isFolder =
    statSync(absolute, { throwIfNoEntry: false })?.isDirectory() ?? !absolute.endsWith('.json');
  const file = isFolder ? path.join(absolute, METADATA_FILE) : absolute;
  const base = file.endsWith('.json') ? file.slice(0, -'.json'.length) : file;
  return {
    folder: path.dirname(file),
    file,
    journal: `${base}.journal`,
    lock: `${file}.lock`,
    wait: `${file}.lock-wait`,
  };
}
