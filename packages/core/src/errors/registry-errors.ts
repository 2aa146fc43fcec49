import type { CheckReport } from '../registry/check-registry.js';
import type { RegistryMarker } from '../registry/registry-marker.js';
import { EboniteError, type EboniteErrorOptions } from './ebonite-error.js';

/**
 * An object cannot be copied because the target holds a different object in its place: the same name
 * under another id, the same id with other artifacts, or files for the model's id that are not the
 * model's. Nothing of it was copied, and nothing in the target was changed.
 */
export class RegistryConflictError extends EboniteError<'E_REGISTRY_CONFLICT'> {
  constructor(
    readonly path: string,
    detail: string,
    options?: EboniteErrorOptions & {
      /** What to do; default: rename or delete one of the two. */
      advice?: string;
    },
  ) {
    super(
      'E_REGISTRY_CONFLICT',
      `Cannot copy ${path}: ${detail}. ${options?.advice ?? 'Rename or delete one of the two, then copy again.'}`,
      options,
    );
  }
}

/**
 * A registry repair refused to delete anything because the artifact store holds the markers of other
 * registries too: their models' files look like orphans from this registry. Nothing was deleted.
 */
export class SharedArtifactStoreError extends EboniteError<'E_SHARED_ARTIFACT_STORE'> {
  constructor(
    /** The other registries whose markers are in the store. */
    readonly registries: readonly RegistryMarker[],
    options?: EboniteErrorOptions & { report?: CheckReport },
  ) {
    const names = registries.map(describeRegistry).join('; ');
    super(
      'E_SHARED_ARTIFACT_STORE',
      `Refusing to repair: this registry's artifact store is also used by ${registries.length === 1 ? 'another registry' : `${registries.length} other registries`} (${names}), whose models' files would look like orphans here; nothing was deleted. Two registries must not share an artifact location: give each its own folder, bucket or prefix. If the other registry is retired (after a metadata-only copy between registries that share the store), delete its marker (${registries.map((r) => `client.artifacts.delete('${r.id}')`).join(', ')}, or the folder model/<marker id> in the store) and run the check again.`,
      options,
    );
    this.report = options?.report;
  }

  /** What the check found before it refused to repair. */
  readonly report?: CheckReport;
}

/** `type location` of a registry's metadata, for messages. */
export function describeRegistry(marker: RegistryMarker): string {
  if (!marker.metadata) return `${marker.id} (unreadable marker)`;
  const { type, location } = marker.metadata;
  const where = Object.entries(location)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${type} metadata ${where || '(no location)'} [marker ${marker.id}]`;
}
