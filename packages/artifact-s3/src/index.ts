export { ebonitePlugin } from './plugin.js';
export {
  S3ArtifactRepository,
  type S3ArtifactRepositoryOptions,
  type S3Credentials,
  s3Artifacts,
} from './s3-artifact-repository.js';
export type { S3EboniteError, S3ErrorDetails } from './s3-errors.js';
export { parseS3Options } from './s3-options.js';
