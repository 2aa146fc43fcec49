import { EboniteError, type EboniteErrorOptions } from '../errors/ebonite-error.js';

/**
 * An object cannot be copied because the target holds a different object in its place: the same name
 * under another id, or the same id with other artifacts. Nothing of it was copied.
 */
export class RegistryConflictError extends EboniteError<'E_REGISTRY_CONFLICT'> {
  constructor(
    readonly path: string,
    detail: string,
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_REGISTRY_CONFLICT',
      `Cannot copy ${path}: ${detail}. Rename or delete one of the two, then copy again.`,
      options,
    );
  }
}
