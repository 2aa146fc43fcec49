import type { EbonitePlugin } from '@ebonite/core/plugin';
import { s3Artifacts } from './s3-artifact-repository.js';
import { parseS3Options } from './s3-options.js';

/** The plugin entry the core's resolver loads for the artifact type `s3`. */
export const ebonitePlugin: EbonitePlugin = {
  artifact: {
    s3: (options) => s3Artifacts(parseS3Options(options)),
  },
};
