import {
  checkPluginOptions,
  type EbonitePlugin,
  type JsonObject,
  type OptionsSpec,
  optionChecks,
} from '@ebonite/core/plugin';
import { inMemoryMetadata } from './inmemory-metadata-repository.js';
import { type LocalMetadataOptions, localMetadata } from './local-metadata-repository.js';

/** `path`: a folder, or its metadata.json file, e.g. ".ebonite/metadata.json". */
const LOCAL_OPTIONS: OptionsSpec = {
  path: { type: optionChecks.nonEmptyString, required: true },
  staleLockMs: { type: 'number' },
  compactAfterBytes: { type: 'number' },
};

/** Builds a `local` repository from JSON options `{ path, staleLockMs?, compactAfterBytes? }`. */
function localFromJson(options: JsonObject) {
  return localMetadata(
    checkPluginOptions<LocalMetadataOptions>('metadata', 'local', options, LOCAL_OPTIONS),
  );
}

/** Builds an `inmemory` repository; it takes no options. */
function inMemoryFromJson(options: JsonObject) {
  checkPluginOptions('metadata', 'inmemory', options, {});
  return inMemoryMetadata();
}

/** The metadata types this package provides, for ebonite's resolver: `local` and `inmemory`. */
export const ebonitePlugin: EbonitePlugin = {
  // Both implement contract v2; the cast lasts until the core's plugin types accept v2 repositories.
  metadata: { local: localFromJson, inmemory: inMemoryFromJson } as unknown as NonNullable<
    EbonitePlugin['metadata']
  >,
};
