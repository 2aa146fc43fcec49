import { type EbonitePlugin, InvalidConfigError, type JsonObject } from '@ebonite/core/plugin';
import { inMemoryMetadata } from './inmemory-metadata-repository.js';
import { localMetadata } from './local-metadata-repository.js';

function optionalNumber(options: JsonObject, key: string): number | undefined {
  const value = options[key];
  if (value === undefined || typeof value === 'number') return value;
  throw new InvalidConfigError(
    `The "${key}" option of the "local" metadata repository must be a number.`,
  );
}

/** Builds a `local` repository from JSON options `{ path, staleLockMs?, compactAfterBytes? }`. */
function localFromJson(options: JsonObject) {
  const { path } = options;
  if (typeof path !== 'string' || path.length === 0) {
    throw new InvalidConfigError(
      'The "local" metadata repository needs a "path" in its options: a folder, or its metadata.json file, e.g. { "path": ".ebonite/metadata.json" }.',
    );
  }
  return localMetadata({
    path,
    staleLockMs: optionalNumber(options, 'staleLockMs'),
    compactAfterBytes: optionalNumber(options, 'compactAfterBytes'),
  });
}

/** The metadata types this package provides, for ebonite's resolver: `local` and `inmemory`. */
export const ebonitePlugin: EbonitePlugin = {
  metadata: { local: localFromJson, inmemory: () => inMemoryMetadata() },
};
