import { pipeline } from 'node:stream';
import { Upload } from '@aws-sdk/lib-storage';
import { type ArtifactUpload, EboniteError, InvalidInputError } from '@ebonite/core/plugin';
import { contextOf, type S3Target } from './s3-client.js';
import { toEboniteError } from './s3-errors.js';
import { ByteCounter } from './streams.js';

/** How lib-storage splits and parallelises an upload. */
export interface UploadTuning {
  partSize: number;
  queueSize: number;
}

/**
 * Streams one file to `key`: one PUT when it fits in a part, else a multipart upload with
 * `queueSize` parts in flight, which lib-storage aborts when anything fails. Returns the bytes stored.
 * A failure of the file's own stream is an InvalidInputError; any other failure an S3 error.
 */
export async function uploadObject(
  target: S3Target,
  key: string,
  file: ArtifactUpload,
  modelId: string,
  tuning: UploadTuning,
): Promise<number> {
  const { body, name } = file;
  if (body.destroyed || body.readableEnded) {
    throw new InvalidInputError(
      `The stream of artifact "${name}" of model ${modelId} was already ${body.destroyed ? 'destroyed' : 'read to its end'} when push() got it: pass a fresh stream.`,
      { cause: body.errored ?? undefined },
    );
  }
  const counter = new ByteCounter();
  let sourceError: unknown;
  body.once('error', (error) => {
    sourceError = error;
  });
  pipeline(body, counter, () => {});
  const upload = new Upload({
    client: target.client,
    params: {
      Bucket: target.bucket,
      Key: key,
      Body: counter,
      ContentType: 'application/octet-stream',
    },
    partSize: tuning.partSize,
    queueSize: tuning.queueSize,
    leavePartsOnError: false,
  });
  try {
    await upload.done();
    return counter.bytes;
  } catch (error) {
    counter.destroy();
    // Only the body's own failure is the caller's; an S3 failure also ends the body (with an AbortError).
    if (error !== sourceError) throw toEboniteError(error, contextOf(target, 'upload', key));
    if (EboniteError.isInstance(error)) throw error;
    throw new InvalidInputError(
      `Reading artifact "${name}" of model ${modelId} failed while it was uploaded to s3://${target.bucket}/${key}; nothing was kept: fix the source and push again.`,
      { cause: error },
    );
  }
}
