import type { Readable } from 'node:stream';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  ArtifactExistsError,
  type ArtifactRepository,
  type ArtifactUpload,
  BackendError,
  byName,
  EboniteError,
  InvalidConfigError,
  InvalidInputError,
  type JsonObject,
  type StoredArtifact,
} from '@ebonite/core/plugin';
import { deleteObjects } from './delete-objects.js';
import { hasPendingUploads, pendingUploadPages } from './pending-uploads.js';
import { clientFor, contextOf, type S3Target } from './s3-client.js';
import { isNoSuchBucket, type S3ErrorDetails, s3ErrorCode, toEboniteError } from './s3-errors.js';
import { modelPrefix, modelsRoot, normalizePrefix } from './s3-keys.js';
import { withMappedErrors } from './streams.js';
import { type UploadTuning, uploadObject } from './upload-object.js';

/** Static credentials. Without them the AWS SDK's standard chain is used (environment, shared config and profiles, ...). */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Options of {@link S3ArtifactRepository}. */
export interface S3ArtifactRepositoryOptions {
  /** The bucket that holds the artifacts. */
  bucket: string;
  /** A key prefix: keys are `<prefix>/model/<modelId>/<name>`. */
  prefix?: string;
  /** The URL of an S3-compatible store (MinIO, Ceph, R2, ...); AWS when omitted. */
  endpoint?: string;
  /** Path-style URLs (`<endpoint>/<bucket>/<key>`), which most S3-compatible stores need. */
  forcePathStyle?: boolean;
  /** The region; from AWS_REGION or the AWS profile when omitted. */
  region?: string;
  /** Static credentials; the SDK's standard chain when omitted. */
  credentials?: S3Credentials;
  /** The shared-config profile to take credentials and region from (as AWS_PROFILE does). */
  profile?: string;
  /** An S3 client you already have; then endpoint, region, credentials and profile must not be given. It is not destroyed by close(). */
  client?: S3Client;
  /** Create the bucket on the first push when it does not exist. Default false: a missing bucket is an error. */
  createBucket?: boolean;
  /** Size of one multipart part in bytes (at least 5 MiB); files up to this size go up in one PUT. Default 8 MiB. */
  partSize?: number;
  /** How many parts of one file are uploaded at once. Default 4. Memory is about partSize × (queueSize + 2), plus garbage-collector slack. */
  queueSize?: number;
  /** The SDK's request checksums; `WHEN_REQUIRED` for stores that reject the newer default (older MinIO, Ceph, ...). */
  requestChecksumCalculation?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  /** The SDK's response checksum validation. */
  responseChecksumValidation?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
}

const MIB = 1024 * 1024;
const DEFAULT_PART_SIZE = 8 * MIB;
const DEFAULT_QUEUE_SIZE = 4;

/** Creates an {@link S3ArtifactRepository}. */
export function s3Artifacts(options: S3ArtifactRepositoryOptions): S3ArtifactRepository {
  return new S3ArtifactRepository(options);
}

/**
 * Artifact repository `s3`: model files as objects `<prefix>/model/<modelId>/<name>` in an S3 bucket
 * (AWS or any S3-compatible store). Uploads stream through `@aws-sdk/lib-storage` (one PUT for small
 * files, parallel multipart parts for large ones) and downloads stream; memory stays bounded by the
 * part size. A failed push aborts its multipart upload and deletes what it wrote.
 */
export class S3ArtifactRepository implements ArtifactRepository {
  static readonly type = 's3';
  readonly type = 's3';
  readonly specificationVersion = 'v1' as const;
  readonly bucket: string;
  readonly #options: S3ArtifactRepositoryOptions;
  readonly #target: S3Target;
  readonly #ownsClient: boolean;
  readonly #base: string;
  readonly #tuning: UploadTuning;

  constructor(options: S3ArtifactRepositoryOptions) {
    if (typeof options?.bucket !== 'string' || options.bucket === '') {
      throw new InvalidConfigError(
        'The s3 artifact repository needs a bucket: pass { bucket: "my-bucket" }.',
      );
    }
    const partSize = options.partSize ?? DEFAULT_PART_SIZE;
    if (!Number.isInteger(partSize) || partSize < 5 * MIB) {
      throw new InvalidConfigError(
        `Invalid partSize ${options.partSize}: S3 parts are at least 5 MiB (${5 * MIB} bytes).`,
      );
    }
    const queueSize = options.queueSize ?? DEFAULT_QUEUE_SIZE;
    if (!Number.isInteger(queueSize) || queueSize < 1) {
      throw new InvalidConfigError(
        `Invalid queueSize ${options.queueSize}: upload at least one part at a time.`,
      );
    }
    this.bucket = options.bucket;
    this.#options = options;
    this.#base = normalizePrefix(options.prefix);
    this.#tuning = { partSize, queueSize };
    const { client, owned } = clientFor(options);
    this.#target = { client, bucket: options.bucket, endpoint: options.endpoint };
    this.#ownsClient = owned;
  }

  async push(modelId: string, files: AsyncIterable<ArtifactUpload>): Promise<StoredArtifact[]> {
    const prefix = modelPrefix(this.#base, modelId);
    await this.#checkNoFiles(modelId, prefix);
    const stored: StoredArtifact[] = [];
    const written: string[] = [];
    let current: string | undefined;
    try {
      for await (const file of files) {
        current = prefix + file.name;
        stored.push({
          name: file.name,
          size: await uploadObject(this.#target, current, file, modelId, this.#tuning),
        });
        written.push(current);
        current = undefined;
      }
    } catch (error) {
      // The key in flight too: its upload may have completed on the server with the answer lost.
      const cleanup = await deleteObjects(
        this.#target,
        current ? [...written, current] : written,
      ).catch((cleanupError: unknown) => cleanupError);
      const failure = EboniteError.isInstance(error)
        ? error
        : new InvalidInputError(
            `The files handed to push() for model ${modelId} failed; nothing was kept: fix the source and push again.`,
            { cause: error },
          );
      if (cleanup !== undefined) {
        failure.message += ` Removing what this push wrote failed too (${(cleanup as Partial<S3ErrorDetails>).s3Code ?? String(cleanup)}): delete ${prefix} by hand, or run a registry check.`;
      }
      throw failure;
    }
    return stored.sort(byName);
  }

  async list(modelId: string): Promise<StoredArtifact[]> {
    return (await this.#objects(modelId)).map(({ name, size }) => ({ name, size }));
  }

  /**
   * When the model's newest object was written; or now, while a multipart upload for the model is in
   * progress (a push still streaming a large file: its parts are not objects yet), so a registry check
   * counts the model as a push in flight whatever its grace period. An upload abandoned by a process that
   * died keeps the model "in flight" until it is aborted: give the bucket a lifecycle rule that aborts
   * incomplete multipart uploads after a day. Stores without ListMultipartUploads: objects only.
   */
  async lastModified(modelId: string): Promise<string | undefined> {
    const prefix = modelPrefix(this.#base, modelId);
    const times = (await this.#objects(modelId)).map((o) => o.modifiedMs);
    if (await this.#pending(() => hasPendingUploads(this.#target, prefix), prefix))
      return new Date().toISOString();
    return times.length
      ? new Date(times.reduce((a, b) => Math.max(a, b), 0)).toISOString()
      : undefined;
  }

  /** The objects under the model's prefix (every page), sorted by name, with sizes and modification times. */
  async #objects(modelId: string): Promise<Array<StoredArtifact & { modifiedMs: number }>> {
    const prefix = modelPrefix(this.#base, modelId);
    const files: Array<StoredArtifact & { modifiedMs: number }> = [];
    for await (const page of this.#pages(prefix)) {
      for (const object of page.Contents ?? []) {
        if (object.Key)
          files.push({
            name: object.Key.slice(prefix.length),
            size: object.Size ?? 0,
            modifiedMs: object.LastModified?.getTime() ?? 0,
          });
      }
    }
    return files.sort(byName);
  }

  async open(modelId: string, name: string): Promise<Readable> {
    const key = modelPrefix(this.#base, modelId) + name;
    const context = { ...this.#context('read', key), artifact: { modelId, name } };
    try {
      const { Body } = await this.#target.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      if (!Body)
        throw new BackendError(
          `S3 returned no body for s3://${this.bucket}/${key}: read it again.`,
        );
      return withMappedErrors(Body as Readable, (error) => toEboniteError(error, context));
    } catch (error) {
      throw toEboniteError(error, context);
    }
  }

  async delete(modelId: string): Promise<void> {
    const keys: string[] = [];
    for await (const page of this.#pages(modelPrefix(this.#base, modelId))) {
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    }
    await deleteObjects(this.#target, keys);
  }

  /** The ids with objects, then those that so far have only multipart uploads in progress. */
  async *listModelIds(): AsyncIterable<string> {
    const root = modelsRoot(this.#base);
    const seen = new Set<string>();
    for await (const page of this.#pages(root, '/')) {
      for (const common of page.CommonPrefixes ?? []) {
        if (!common.Prefix) continue;
        const id = common.Prefix.slice(root.length, -1);
        seen.add(id);
        yield id;
      }
    }
    const pending = await this.#pending(async () => {
      const ids: string[] = [];
      for await (const page of pendingUploadPages(this.#target, root, '/'))
        for (const common of page.CommonPrefixes ?? [])
          if (common.Prefix) ids.push(common.Prefix.slice(root.length, -1));
      return ids;
    }, root);
    for (const id of pending) if (!seen.has(id)) yield id;
  }

  getConfig(): JsonObject | undefined {
    if (this.#options.client) return undefined;
    const { client: _client, credentials, ...rest } = this.#options;
    const config: JsonObject = {};
    for (const [name, value] of Object.entries(rest))
      if (value !== undefined) config[name] = value as string | number | boolean;
    if (credentials) config.credentials = { ...credentials };
    return config;
  }

  async close(): Promise<void> {
    if (this.#ownsClient) this.#target.client.destroy();
  }

  /** Throws ArtifactExistsError when the model has files; creates a missing bucket when allowed. */
  async #checkNoFiles(modelId: string, prefix: string): Promise<void> {
    const list = () =>
      this.#target.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, MaxKeys: 1 }),
      );
    let page: ListObjectsV2CommandOutput;
    try {
      page = await list().catch(async (error: unknown) => {
        if (!this.#options.createBucket || !isNoSuchBucket(error)) throw error;
        await this.#createBucket();
        return list();
      });
    } catch (error) {
      throw toEboniteError(error, this.#context('list', prefix));
    }
    if ((page.KeyCount ?? page.Contents?.length ?? 0) > 0) throw new ArtifactExistsError(modelId);
  }

  async #createBucket(): Promise<void> {
    const region = await this.#target.client.config.region();
    const location =
      region && region !== 'us-east-1'
        ? { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }
        : {};
    try {
      await this.#target.client.send(new CreateBucketCommand({ Bucket: this.bucket, ...location }));
    } catch (error) {
      // Another process created it meanwhile.
      if (s3ErrorCode(error).code !== 'BucketAlreadyOwnedByYou') throw error;
    }
  }

  /** Runs a listing of multipart uploads, mapping its failure like any listing's. */
  async #pending<T>(list: () => Promise<T>, prefix: string): Promise<T> {
    try {
      return await list();
    } catch (error) {
      throw toEboniteError(error, this.#context('list the uploads in progress under', prefix));
    }
  }

  /** Every page of a listing, following continuation tokens. */
  async *#pages(prefix: string, delimiter?: string): AsyncIterable<ListObjectsV2CommandOutput> {
    try {
      yield* paginateListObjectsV2(
        { client: this.#target.client },
        { Bucket: this.bucket, Prefix: prefix, Delimiter: delimiter },
      );
    } catch (error) {
      throw toEboniteError(error, this.#context('list', prefix));
    }
  }

  #context(action: string, key: string | undefined) {
    return contextOf(this.#target, action, key);
  }
}
