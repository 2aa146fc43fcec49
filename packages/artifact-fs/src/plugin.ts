import { type EbonitePlugin, InvalidConfigError, type JsonObject } from '@ebonite/core/plugin';
import { localArtifacts } from './local-artifact-repository.js';

/** Builds a `local` repository from JSON options `{ root, highWaterMark? }`. */
function fromJson(options: JsonObject) {
  const { root, highWaterMark } = options;
  if (typeof root !== 'string' || root.length === 0) {
    throw new InvalidConfigError(
      'The "local" artifact repository needs a "root" folder in its options, e.g. { "root": "./.ebonite/artifacts" }.',
    );
  }
  if (
    highWaterMark !== undefined &&
    !(typeof highWaterMark === 'number' && Number.isInteger(highWaterMark) && highWaterMark > 0)
  ) {
    throw new InvalidConfigError(
      'The "highWaterMark" option of the "local" artifact repository must be a positive integer (bytes).',
    );
  }
  return localArtifacts({ root, highWaterMark });
}

/** The artifact types this package provides, for ebonite's resolver: `local`. */
export const ebonitePlugin: EbonitePlugin = {
  artifact: { local: fromJson },
};
