import {
  checkPluginOptions,
  type EbonitePlugin,
  type JsonObject,
  type OptionsSpec,
  optionChecks,
  pluginOptionsError,
} from '@ebonite/core/plugin';
import { inMemoryMetadata } from './inmemory-metadata-repository.js';
import { registryMetadataFile } from './local/store-paths.js';
import { type LocalMetadataOptions, localMetadata } from './local-metadata-repository.js';

/**
 * `path`: a folder, or its metadata.json file, e.g. ".ebonite/metadata.json"; or instead `registry`:
 * a local registry folder shared with the `local` artifact type (`Ebonite.local` gives it).
 */
const LOCAL_OPTIONS: OptionsSpec = {
  path: { type: optionChecks.nonEmptyString },
  registry: { type: optionChecks.nonEmptyString },
  staleLockMs: { type: 'number' },
  compactAfterBytes: { type: 'number' },
};

/** Builds a `local` repository from JSON options `{ path | registry, staleLockMs?, compactAfterBytes? }`. */
function localFromJson(options: JsonObject) {
  const { registry, ...rest } = checkPluginOptions<
    Partial<LocalMetadataOptions> & { registry?: string }
  >('metadata', 'local', options, LOCAL_OPTIONS);
  if ((rest.path === undefined) === (registry === undefined))
    throw pluginOptionsError(
      'metadata',
      'local',
      rest.path === undefined
        ? 'option "path" is required (or "registry")'
        : 'options "path" and "registry" exclude each other',
      LOCAL_OPTIONS,
    );
  return localMetadata({ ...rest, path: rest.path ?? registryMetadataFile(registry!) });
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
