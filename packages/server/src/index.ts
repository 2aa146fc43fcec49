export type { RouteAccess } from './auth/authenticate.js';
export { allows, isScope, SCOPES, type Scope } from './auth/scopes.js';
export {
  createToken,
  hashToken,
  readTokenFile,
  revokeToken,
  type StoredToken,
  TOKEN_PREFIX,
  writeTokenFile,
} from './auth/token-file.js';
export { type Identity, TokenStore } from './auth/token-store.js';
export { createServer, type RegistryServer } from './create-server.js';
export type { ErrorBody } from './http/error-reply.js';
export { ServerError, type ServerErrorCode } from './http/server-error.js';
export { statusForCode } from './http/status.js';
export { apiDocument } from './openapi/api-document.js';
export { ABORT_FIELD } from './push/push-by-id.js';
export type { ManifestArtifact, PushManifest } from './push/push-manifest.js';
export { DEFAULTS, type ServerOptions } from './server-options.js';
