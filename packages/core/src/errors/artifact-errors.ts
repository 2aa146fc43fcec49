import { EboniteError, type EboniteErrorOptions } from './ebonite-error.js';

/** Options of the artifact errors: `message` replaces the default one (to say what the caller was doing). */
export interface ArtifactErrorOptions extends EboniteErrorOptions {
  message?: string;
}

/** The artifact repository has no such file for the model. */
export class NoSuchArtifactError extends EboniteError<'E_NO_SUCH_ARTIFACT'> {
  constructor(
    readonly modelId: string,
    readonly artifactName?: string,
    options?: ArtifactErrorOptions,
  ) {
    super(
      'E_NO_SUCH_ARTIFACT',
      options?.message ??
        (artifactName === undefined
          ? `Model ${modelId} has no artifacts in the artifact repository: it was never pushed there, or they were deleted (run a registry check).`
          : `Artifact "${artifactName}" of model ${modelId} is not in the artifact repository: list the model's artifacts for the names it has, or run a registry check.`),
      options,
    );
  }
}

/** The model already has artifacts; push them under a new model id, or delete the old ones first. */
export class ArtifactExistsError extends EboniteError<'E_ARTIFACT_EXISTS'> {
  constructor(
    readonly modelId: string,
    options?: ArtifactErrorOptions,
  ) {
    super(
      'E_ARTIFACT_EXISTS',
      options?.message ??
        `Model ${modelId} already has artifacts in the artifact repository: delete them before pushing again.`,
      options,
    );
  }
}

/** What was read back does not match the size or sha256 digest recorded when it was pushed. */
export class ArtifactIntegrityError extends EboniteError<'E_ARTIFACT_INTEGRITY'> {
  constructor(
    readonly modelId: string,
    readonly artifactName: string,
    readonly expected: { size: number; digest: string },
    readonly actual: { size: number; digest: string },
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_ARTIFACT_INTEGRITY',
      `Artifact "${artifactName}" of model ${modelId} is corrupted: expected ${expected.size} bytes with ${expected.digest}, read ${actual.size} bytes with ${actual.digest}. Restore it from a copy, or delete and push the model again.`,
      options,
    );
  }
}

/** Reading an artifact's source (a stream the user gave, a local file) failed, or the file changed while it was pushed; nothing was stored. */
export class ArtifactSourceError extends EboniteError<'E_ARTIFACT_SOURCE'> {
  constructor(
    readonly artifactName: string,
    message: string,
    options?: EboniteErrorOptions,
  ) {
    super('E_ARTIFACT_SOURCE', message, options);
  }
}
