export { LocalArtifactRepository, localArtifacts, MODEL_FOLDER, TEMP_FOLDER, type LocalArtifactOptions } from './local-artifact-repository.js';
export { ebonitePlugin } from './plugin.js';
