import { InvalidConfigError, type JsonObject } from '@ebonite/core/plugin';
import type { S3ArtifactRepositoryOptions } from './s3-artifact-repository.js';

const STRINGS = ['bucket', 'prefix', 'endpoint', 'region', 'profile'] as const;
const BOOLEANS = ['forcePathStyle', 'createBucket'] as const;
const NUMBERS = ['partSize', 'queueSize'] as const;
const CHECKSUM_MODES = ['requestChecksumCalculation', 'responseChecksumValidation'] as const;
const KNOWN = new Set<string>([
  ...STRINGS,
  ...BOOLEANS,
  ...NUMBERS,
  ...CHECKSUM_MODES,
  'credentials',
]);

function fail(what: string): never {
  throw new InvalidConfigError(`Invalid options for the s3 artifact repository: ${what}.`);
}

/**
 * Reads the JSON options of a client config or `customClient('...', 's3', options)` into
 * {@link S3ArtifactRepositoryOptions}, rejecting unknown keys and wrong types with InvalidConfigError.
 */
export function parseS3Options(json: JsonObject): S3ArtifactRepositoryOptions {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    fail('expected an object like { "bucket": "my-bucket" }');
  const unknown = Object.keys(json).filter((key) => !KNOWN.has(key));
  if (unknown.length > 0)
    fail(`unknown option(s) ${unknown.join(', ')}; known: ${[...KNOWN].join(', ')}`);
  const options: Record<string, unknown> = {};
  for (const key of STRINGS) {
    if (json[key] === undefined) continue;
    if (typeof json[key] !== 'string') fail(`"${key}" must be a string`);
    options[key] = json[key];
  }
  for (const key of BOOLEANS) {
    if (json[key] === undefined) continue;
    if (typeof json[key] !== 'boolean') fail(`"${key}" must be true or false`);
    options[key] = json[key];
  }
  for (const key of NUMBERS) {
    if (json[key] === undefined) continue;
    if (typeof json[key] !== 'number') fail(`"${key}" must be a number`);
    options[key] = json[key];
  }
  for (const key of CHECKSUM_MODES) {
    if (json[key] === undefined) continue;
    if (json[key] !== 'WHEN_SUPPORTED' && json[key] !== 'WHEN_REQUIRED')
      fail(`"${key}" must be "WHEN_SUPPORTED" or "WHEN_REQUIRED"`);
    options[key] = json[key];
  }
  const credentials = json.credentials;
  if (credentials !== undefined) {
    if (typeof credentials !== 'object' || credentials === null || Array.isArray(credentials))
      fail('"credentials" must be an object');
    const { accessKeyId, secretAccessKey, sessionToken } = credentials;
    if (
      typeof accessKeyId !== 'string' ||
      typeof secretAccessKey !== 'string' ||
      (sessionToken !== undefined && typeof sessionToken !== 'string')
    ) {
      fail(
        '"credentials" needs string accessKeyId and secretAccessKey (and optionally sessionToken)',
      );
    }
    options.credentials = {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken === undefined ? {} : { sessionToken }),
    };
  }
  if (options.bucket === undefined) fail('"bucket" is required');
  return options as unknown as S3ArtifactRepositoryOptions;
}
