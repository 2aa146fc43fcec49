import type { JsonObject } from '../objects/records.js';
import type { ArtifactRepository } from './artifact-repository.js';
import type { AnyMetadataRepository } from './metadata-repository.js';
import type { ModelWrapper } from './model-wrapper.js';

/**
 * Makes a metadata repository from the JSON options of a client config or `customClient`: one of
 * contract v2 (new plugins) or v1 (older plugins keep working, with fewer features).
 */
export type MetadataRepositoryFactory = (
  options: JsonObject,
) => AnyMetadataRepository | Promise<AnyMetadataRepository>;
/** Makes an artifact repository from the JSON options of a client config or `customClient`. */
export type ArtifactRepositoryFactory = (
  options: JsonObject,
) => ArtifactRepository | Promise<ArtifactRepository>;

/**
 * What a plugin package provides, by type string. A package exports it as the named export
 * `ebonitePlugin` and lists the same type strings in the `"ebonite"` field of its package.json:
 *
 * ```json
 * { "ebonite": { "metadata": ["mytype"], "artifact": ["mytype"] } }
 * ```
 *
 * so that `customClient('mytype', ...)` finds it once it is installed in the user's project, without
 * any import for its side effects. It can also be passed to `registerPlugin()` directly.
 */
export interface EbonitePlugin {
  /** Metadata repository factories by type string. */
  metadata?: Record<string, MetadataRepositoryFactory>;
  /** Artifact repository factories by type string. */
  artifact?: Record<string, ArtifactRepositoryFactory>;
  /** Model wrappers by type string (`"ebonite": { "wrapper": ["mytype"] }` in package.json). */
  wrapper?: Record<string, ModelWrapper>;
}

/** The `"ebonite"` field of a plugin package's package.json: the type strings it provides. */
export interface EbonitePackageField {
  metadata?: string[];
  artifact?: string[];
  wrapper?: string[];
}
