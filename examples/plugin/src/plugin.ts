import { type EbonitePlugin, InvalidConfigError, type JsonObject } from '@ebonite/core/plugin';
import { casArtifacts } from './cas-artifact-repository.js';

/**
 * What this package provides to ebonite's resolver, by type string. The same string is listed in the
 * `"ebonite"` field of package.json, so `Ebonite.customClient(meta, 'cas', {}, { root })` finds it.
 */
export const ebonitePlugin: EbonitePlugin = {
  artifact: {
    cas: (options: JsonObject) => {
      if (typeof options.root !== 'string')
        throw new InvalidConfigError(
          'Artifact type "cas" needs the option "root": the folder of the store.',
        );
      return casArtifacts({ root: options.root });
    },
  },
};
