import { join } from 'node:path';
import { MODEL_FOLDER } from '@ebonite/artifact-fs';

/** Where the benchmark server's local artifact repository keeps one file of a model. */
export function registryPath(dir, modelId, name) {
  return join(dir, 'artifacts', MODEL_FOLDER, modelId, name);
}
