import type {
  JsonValue,
  MetadataRepositoryV1,
  MetadataRepositoryV2,
  ModelRecord,
  ProjectRecord,
  TaskRecord,
} from '@ebonite/core/plugin';

/** A metadata repository of either contract version; the v2 checks skip a v1 one. */
export type AnyMetadataRepository = MetadataRepositoryV1 | MetadataRepositoryV2;

/** Reads the store directly, bypassing the plugin, so the suite can see what really persisted. */
export interface MetadataReadBack {
  project(id: string): Promise<ProjectRecord | null>;
  task(id: string): Promise<TaskRecord | null>;
  model(id: string): Promise<ModelRecord | null>;
}

/** What the store under test can do beyond the contract's minimum. */
export interface MetadataCapabilities {
  /** A second repository from `create()` sees what the first wrote (a file or a database, not memory). Enables the persistence and concurrency checks. */
  persistent?: boolean;
}

/**
 * How a child process makes a repository on the same store as `create()`, for the checks that race
 * several processes (v2 version allocation). The child imports `module` (an absolute path or a
 * `file:` URL of plain JavaScript, for example a fixture importing your built package) and calls its
 * export `exportName` (default `create`) with `args`; it must return the repository.
 */
export interface MetadataProcessFactory {
  module: string;
  exportName?: string;
  args?: JsonValue;
}

/** Options of {@link metadataRepositoryTests}. */
export interface MetadataRepositoryTestOptions {
  /** The `describe()` label. */
  name: string;
  /** Makes a repository on the store under test. It may share one store with other runs: the suite uses random names and never assumes the store is empty. The suite closes each repository it creates. */
  create: () => Promise<AnyMetadataRepository>;
  /** Optional direct reads of the store; when given, every write the suite makes is checked there too. */
  readBack?: MetadataReadBack;
  capabilities?: MetadataCapabilities;
  /** With `persistent`: enables the checks that race several processes on the store. */
  processes?: MetadataProcessFactory;
}
