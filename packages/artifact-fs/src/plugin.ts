import {
  checkPluginOptions,
  type EbonitePlugin,
  type JsonObject,
  type OptionsSpec,
  optionChecks,
  pluginOptionsError,
} from '@ebonite/core/plugin';
import { type LocalArtifactOptions, localArtifacts } from './local-artifact-repository.js';
import { registryArtifactsRoot } from './paths.js';

/**
 * `root`: the folder, e.g. "./.ebonite/artifacts", or instead `registry`: a local registry folder
 * shared with the `local` metadata type (`Ebonite.local` gives it); `highWaterMark`: bytes per read
 * and write.
 */
const LOCAL_OPTIONS: OptionsSpec = {
  root: { type: optionChecks.nonEmptyString },
  registry: { type: optionChecks.nonEmptyString },
  highWaterMark: { type: optionChecks.positiveInteger },
};

/** Builds a `local` repository from JSON options `{ root | registry, highWaterMark? }`. */
function fromJson(options: JsonObject) {
  const { registry, ...rest } = checkPluginOptions<
    Partial<LocalArtifactOptions> & { registry?: string }
  >('artifact', 'local', options, LOCAL_OPTIONS);
  if ((rest.root === undefined) === (registry === undefined))
    throw pluginOptionsError(
      'artifact',
      'local',
      rest.root === undefined
        ? 'option "root" is required (or "registry")'
        : 'options "root" and "registry" exclude each other',
      LOCAL_OPTIONS,
    );
  return localArtifacts({ ...rest, root: rest.root ?? registryArtifactsRoot(registry!) });
}

/** The artifact types this package provides, for ebonite's resolver: `local`. */
export const ebonitePlugin: EbonitePlugin = {
  artifact: { local: fromJson },
};
