export {
  type LocalArtifactOptions,
  LocalArtifactRepository,
  localArtifacts,
  MODEL_FOLDER,
  TEMP_FOLDER,
} from './local-artifact-repository.js';
export { ebonitePlugin } from './plugin.js';
