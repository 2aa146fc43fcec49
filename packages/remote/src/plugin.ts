import type { EbonitePlugin } from '@ebonite/core/plugin';
import { httpArtifacts } from './http-artifact-repository.js';
import { httpMetadata } from './http-metadata-repository.js';
import { parseHttpOptions } from './http-options.js';

/** The plugin entry the core's resolver loads for the metadata and artifact type `http`. */
export const ebonitePlugin: EbonitePlugin = {
  metadata: { http: (options) => httpMetadata(parseHttpOptions(options, 'metadata')) },
  artifact: { http: (options) => httpArtifacts(parseHttpOptions(options, 'artifact')) },
};
