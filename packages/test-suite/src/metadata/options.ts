import type {
  MetadataRepositoryV1,
  ModelRecord,
  ProjectRecord,
  TaskRecord,
} from '@ebonite/core/plugin';

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

/** Options of {@link metadataRepositoryTests}. */
export interface MetadataRepositoryTestOptions {
  /** The `describe()` label. */
  name: string;
  /** Makes a repository on the store under test. It may share one store with other runs: the suite uses random names and never assumes the store is empty. The suite closes each repository it creates. */
  create: () => Promise<MetadataRepositoryV1>;
  /** Optional direct reads of the store; when given, every write the suite makes is checked there too. */
  readBack?: MetadataReadBack;
  capabilities?: MetadataCapabilities;
}
