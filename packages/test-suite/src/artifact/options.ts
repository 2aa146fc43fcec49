import type { ArtifactRepository } from '@ebonite/core/plugin';

/** Reads the store directly, bypassing the plugin, so the suite can see what really persisted. */
export interface ArtifactReadBack {
  /** The bytes of one file of a model as the store holds them, or `null` when it holds none. */
  file(modelId: string, name: string): Promise<Uint8Array | null>;
}

/** What the store under test can do beyond the contract's minimum. */
export interface ArtifactCapabilities {
  /** A second repository from `create()` sees what the first wrote (a folder or a bucket, not memory). */
  persistent?: boolean;
}

/** Options of {@link artifactRepositoryTests}. */
export interface ArtifactRepositoryTestOptions {
  /** The `describe()` label. */
  name: string;
  /** Makes a repository on the store under test. It may share one store with other runs: the suite uses random model ids. The suite closes each repository it creates. */
  create: () => Promise<ArtifactRepository>;
  /** Optional direct reads of the store; when given, every push and delete is checked there too. */
  readBack?: ArtifactReadBack;
  capabilities?: ArtifactCapabilities;
}
