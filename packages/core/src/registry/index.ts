export { type CheckProgress, type CheckRegistryOptions, type CheckReport, type ArtifactProblem, type Orphan, checkRegistry, DEFAULT_ORPHAN_GRACE_MS } from './check-registry.js';
export { type CopyIssue, type CopyProgress, type CopyRegistryOptions, type CopyReport, copyRegistry } from './copy-registry.js';
export { RegistryConflictError } from './registry-errors.js';
export { type RegistryPath, formatRegistryPath, parseRegistryPath, registryPathShape } from './registry-path.js';
export { type SelectedProject, type SelectedTask, modelSize, selectRegistry } from './select-registry.js';
