export {
  describeRegistry,
  RegistryConflictError,
  SharedArtifactStoreError,
} from '../errors/registry-errors.js';
export {
  type ArtifactProblem,
  type CheckProgress,
  type CheckRegistryOptions,
  type CheckReport,
  checkRegistry,
  DEFAULT_ORPHAN_GRACE_MS,
  type Orphan,
} from './check-registry.js';
export {
  type CopyIssue,
  type CopyProgress,
  type CopyRegistryOptions,
  type CopyReport,
  copyRegistry,
} from './copy-registry.js';
export { isEboniteModelId } from './model-ids.js';
export {
  ensureRegistryMarker,
  isRegistryMarkerId,
  REGISTRY_MARKER_FILE,
  REGISTRY_MARKER_PREFIX,
  type RegistryMarker,
  registryMarkerOf,
} from './registry-marker.js';
export {
  formatRegistryPath,
  parseRegistryPath,
  type RegistryPath,
  registryPathShape,
} from './registry-path.js';
export { sameArtifactStore } from './repository-location.js';
export {
  modelSize,
  type SelectedProject,
  type SelectedTask,
  selectRegistry,
} from './select-registry.js';
