import { checkPluginOptions, type EbonitePlugin, type JsonObject } from '@ebonite/core/plugin';
import { type CasArtifactsOptions, casArtifacts } from './cas-artifact-repository.js';

/**
 * What this package provides to ebonite's resolver, by type string. The same string is listed in the
 * `"ebonite"` field of package.json, so `Ebonite.customClient(meta, 'cas', {}, { root })` finds it.
 * The options go through the kit's one rule: an unknown or mistyped key is InvalidConfigError naming
 * the key, the type string and the accepted keys.
 */
export const ebonitePlugin: EbonitePlugin = {
  artifact: {
    cas: (options: JsonObject) =>
      casArtifacts(
        checkPluginOptions<CasArtifactsOptions>('artifact', 'cas', options, {
          root: { type: 'string', required: true },
        }),
      ),
  },
};
