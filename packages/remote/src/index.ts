export {
  HttpArtifactRepository,
  httpArtifacts,
} from './http-artifact-repository.js';
export { HttpMetadataRepository, httpMetadata } from './http-metadata-repository.js';
export {
  configOf,
  type HttpRepositoryOptions,
  parseHttpOptions,
  TOKEN_ENV,
} from './http-options.js';
export { ebonitePlugin } from './plugin.js';
export { RemoteError } from './remote-error.js';
