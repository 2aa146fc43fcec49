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
export { RegistryConflictError } from './registry-errors.js';
export {
  formatRegistryPath,
  parseRegistryPath,
  type RegistryPath,
  registryPathShape,
} from './registry-path.js';
export {
  modelSize,
  type SelectedProject,
  type SelectedTask,
  selectRegistry,
} from './select-registry.js';
