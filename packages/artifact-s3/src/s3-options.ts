import {
  checkPluginOptions,
  type JsonObject,
  type OptionsSpec,
  optionChecks,
} from '@ebonite/core/plugin';
import type { S3ArtifactRepositoryOptions } from './s3-artifact-repository.js';

const CHECKSUM_MODE = optionChecks.oneOf('WHEN_SUPPORTED', 'WHEN_REQUIRED');

/** `{ accessKeyId, secretAccessKey, sessionToken? }`, all strings; the values are never echoed. */
function credentialsProblem(value: unknown): string | undefined {
  const problem =
    'must be an object with string accessKeyId and secretAccessKey (and optionally sessionToken)';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem;
  const { accessKeyId, secretAccessKey, sessionToken } = value as JsonObject;
  if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string') return problem;
  if (sessionToken !== undefined && typeof sessionToken !== 'string') return problem;
  return undefined;
}

/** The JSON options of the artifact type `s3`. */
const S3_OPTIONS: OptionsSpec = {
  bucket: { type: optionChecks.nonEmptyString, required: true },
  prefix: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  forcePathStyle: { type: 'boolean' },
  createBucket: { type: 'boolean' },
  partSize: { type: 'number' },
  queueSize: { type: 'number' },
  requestChecksumCalculation: { type: CHECKSUM_MODE },
  responseChecksumValidation: { type: CHECKSUM_MODE },
  credentials: { type: credentialsProblem },
};

/**
 * Reads the JSON options of a client config or `customClient('...', 's3', options)` into
 * {@link S3ArtifactRepositoryOptions}. An unknown key or a wrong type is InvalidConfigError naming
 * the key, the type string and the accepted keys (the one rule of `checkPluginOptions`).
 */
export function parseS3Options(json: JsonObject): S3ArtifactRepositoryOptions {
  checkPluginOptions('artifact', 's3', json, S3_OPTIONS);
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) if (value !== undefined) options[key] = value;
  const credentials = json.credentials as JsonObject | undefined;
  if (credentials) {
    const { accessKeyId, secretAccessKey, sessionToken } = credentials;
    options.credentials = {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken === undefined ? {} : { sessionToken }),
    };
  }
  return options as unknown as S3ArtifactRepositoryOptions;
}
