import {
  BackendError,
  ConnectionError,
  EboniteError,
  InvalidConfigError,
  NoSuchArtifactError,
} from '@ebonite/core/plugin';

/** What every error of this package carries besides the ebonite `code`: where S3 failed and how. */
export interface S3ErrorDetails {
  /** The S3 error code (`NoSuchBucket`, `SlowDown`, ...), or the network error code (`ECONNREFUSED`) when S3 never answered. */
  readonly s3Code: string | undefined;
  /** The HTTP status S3 answered with, when it answered. */
  readonly httpStatus: number | undefined;
  readonly bucket: string;
  /** The object key (or key prefix) the failed request was about. */
  readonly key: string | undefined;
}

/** An {@link EboniteError} thrown by the S3 artifact repository. */
export type S3EboniteError = EboniteError & S3ErrorDetails;

/** What a failed request was doing, for the error message. */
export interface S3FailureContext {
  /** A verb phrase: `upload`, `list`, `read`, `delete`, ... */
  action: string;
  bucket: string;
  key?: string;
  /** The configured endpoint, or undefined for AWS. */
  endpoint?: string;
  /** Set when the request read one artifact: a missing key becomes `NoSuchArtifactError`. */
  artifact?: { modelId: string; name: string };
}

const CREDENTIAL_CODES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'Forbidden',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'CredentialsProviderError',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
  'RequestTimeout',
]);

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The S3 error code and HTTP status of an SDK or network error. */
export function s3ErrorCode(error: unknown): {
  code: string | undefined;
  status: number | undefined;
} {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  const code =
    typeof shape.code === 'string' ? shape.code : shape.name !== 'Error' ? shape.name : undefined;
  return { code, status };
}

/**
 * Turns an SDK, network or credentials failure into the matching {@link EboniteError} with the S3
 * error code, the HTTP status, the bucket and the key attached, and the original as `cause`.
 * An error that already is an EboniteError is returned unchanged.
 */
export function toEboniteError(error: unknown, context: S3FailureContext): EboniteError {
  if (EboniteError.isInstance(error)) return error;
  const { code, status } = s3ErrorCode(error);
  const { action, bucket, key, endpoint, artifact } = context;
  const target = `s3://${bucket}/${key ?? ''}`;
  const where = endpoint ? ` at ${endpoint}` : '';
  const reason = `${code ?? 'unknown error'}${status ? `, HTTP ${status}` : ''}`;
  const options = { cause: error };
  const message = (error as SdkErrorShape | undefined)?.message ?? String(error);
  let result: EboniteError;
  if (artifact && (code === 'NoSuchKey' || (status === 404 && code !== 'NoSuchBucket'))) {
    result = new NoSuchArtifactError(artifact.modelId, artifact.name, options);
  } else if (code === 'NoSuchBucket') {
    result = new InvalidConfigError(
      `S3 bucket "${bucket}"${where} does not exist: create it, pass createBucket: true to have ebonite create it, or fix the bucket name.`,
      options,
    );
  } else if (
    (code !== undefined && CREDENTIAL_CODES.has(code)) ||
    status === 401 ||
    status === 403
  ) {
    result = new InvalidConfigError(
      `S3${where} refused to ${action} ${target} (${reason}): check the credentials (options, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or the AWS profile) and that they may access bucket "${bucket}".`,
      options,
    );
  } else if (/region is missing/i.test(message)) {
    result = new InvalidConfigError(
      `No AWS region is configured for bucket "${bucket}": pass region (most S3-compatible stores accept "us-east-1"), or set AWS_REGION.`,
      options,
    );
  } else if (status === undefined && code !== undefined && NETWORK_CODES.has(code)) {
    result = new ConnectionError(
      `Could not reach S3${where} to ${action} ${target} after the SDK's retries (${reason}): check the endpoint and the network, and try again.`,
      options,
    );
  } else {
    result = new BackendError(
      `S3${where} failed to ${action} ${target} (${reason}): ${message}`,
      options,
    );
  }
  const details: S3ErrorDetails = { s3Code: code, httpStatus: status, bucket, key };
  return Object.assign(result, details);
}

/** True when the error says the bucket does not exist. */
export function isNoSuchBucket(error: unknown): boolean {
  return s3ErrorCode(error).code === 'NoSuchBucket';
}
