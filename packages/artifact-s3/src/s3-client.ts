import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { InvalidConfigError } from '@ebonite/core/plugin';
import type { S3ArtifactRepositoryOptions } from './s3-artifact-repository.js';
import type { S3FailureContext } from './s3-errors.js';

/** Where the repository's objects live, as the helpers that send requests need it. */
export interface S3Target {
  client: S3Client;
  bucket: string;
  /** The configured endpoint, for error messages; undefined for AWS. */
  endpoint: string | undefined;
}

/** Connecting longer than this fails the attempt (then the SDK retries). */
const CONNECTION_TIMEOUT_MS = 10_000;
/** A socket silent for this long fails the attempt, so a hung server cannot hang a push or a read. */
const SOCKET_TIMEOUT_MS = 120_000;
/** The options that configure a client the repository builds, and so clash with an injected one. */
const CLIENT_OPTIONS = [
  'endpoint',
  'region',
  'credentials',
  'profile',
  'forcePathStyle',
  'requestChecksumCalculation',
  'responseChecksumValidation',
] as const;

/** The user's S3Client, or a new one from the options (then the SDK's standard chain fills in what they omit). */
export function clientFor(options: S3ArtifactRepositoryOptions): {
  client: S3Client;
  owned: boolean;
} {
  const given = Object.fromEntries(
    CLIENT_OPTIONS.filter((name) => options[name] !== undefined).map((name) => [
      name,
      options[name],
    ]),
  );
  if (options.client) {
    if (Object.keys(given).length > 0) {
      throw new InvalidConfigError(
        `Pass either an S3 client or ${Object.keys(given).join(', ')}, not both: configure the client you pass instead.`,
      );
    }
    return { client: options.client, owned: false };
  }
  const config: S3ClientConfig = {
    ...given,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, socketTimeout: SOCKET_TIMEOUT_MS },
  };
  return { client: new S3Client(config), owned: true };
}

/** The failure context of a request about `key`. */
export function contextOf(
  target: S3Target,
  action: string,
  key: string | undefined,
): S3FailureContext {
  return { action, bucket: target.bucket, key, endpoint: target.endpoint };
}
