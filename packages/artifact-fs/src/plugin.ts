import {
  checkPluginOptions,
  type EbonitePlugin,
  type JsonObject,
  type OptionsSpec,
  optionChecks,
} from '@ebonite/core/plugin';
import { type LocalArtifactOptions, localArtifacts } from './local-artifact-repository.js';

/** `root`: the folder, e.g. "./.ebonite/artifacts"; `highWaterMark`: bytes per read and write. */
const LOCAL_OPTIONS: OptionsSpec = {
  root: { type: optionChecks.nonEmptyString, required: true },
  highWaterMark: { type: optionChecks.positiveInteger },
};

/** Builds a `local` repository from JSON options `{ root, highWaterMark? }`. */
function fromJson(options: JsonObject) {
  return localArtifacts(
    checkPluginOptions<LocalArtifactOptions>('artifact', 'local', options, LOCAL_OPTIONS),
  );
}

/** The artifact types this package provides, for ebonite's resolver: `local`. */
export const ebonitePlugin: EbonitePlugin = {
  artifact: { local: fromJson },
};
