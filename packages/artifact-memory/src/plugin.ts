import { checkPluginOptions, type EbonitePlugin, type JsonObject } from '@ebonite/core/plugin';
import { inMemoryArtifacts } from './in-memory-artifact-repository.js';

/** Builds an `inmemory` repository; it takes no options, and each one starts empty. */
function fromJson(options: JsonObject) {
  checkPluginOptions('artifact', 'inmemory', options, {});
  return inMemoryArtifacts();
}

/** The artifact types this package provides, for ebonite's resolver: `inmemory`. */
export const ebonitePlugin: EbonitePlugin = {
  artifact: { inmemory: fromJson },
};
