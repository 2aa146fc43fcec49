export {
  CasArtifactRepository,
  type CasArtifactsOptions,
  casArtifacts,
} from './cas-artifact-repository.js';
export type { Manifest } from './manifest.js';
export { ebonitePlugin } from './plugin.js';
