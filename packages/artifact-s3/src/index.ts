export { S3ArtifactRepository, s3Artifacts, type S3ArtifactRepositoryOptions, type S3Credentials } from './s3-artifact-repository.js';
export type { S3EboniteError, S3ErrorDetails } from './s3-errors.js';
export { parseS3Options } from './s3-options.js';
export { ebonitePlugin } from './plugin.js';
