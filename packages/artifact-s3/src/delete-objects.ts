import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { contextOf, type S3Target } from './s3-client.js';
import { toEboniteError } from './s3-errors.js';

/** The most keys one DeleteObjects request takes. */
const DELETE_BATCH_SIZE = 1000;

/** Deletes keys in batches of 1,000, failing on the first key S3 could not delete. Missing keys are not an error. */
export async function deleteObjects(target: S3Target, keys: readonly string[]): Promise<void> {
  for (let start = 0; start < keys.length; start += DELETE_BATCH_SIZE) {
    const batch = keys.slice(start, start + DELETE_BATCH_SIZE);
    const context = contextOf(target, 'delete', batch[0]);
    const result = await target.client
      .send(
        new DeleteObjectsCommand({
          Bucket: target.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      )
      .catch((error: unknown) => {
        throw toEboniteError(error, context);
      });
    const failed = result.Errors?.[0];
    if (failed) {
      const error = Object.assign(new Error(failed.Message ?? 'DeleteObjects failed'), {
        name: failed.Code ?? 'DeleteFailed',
      });
      throw toEboniteError(error, { ...context, key: failed.Key });
    }
  }
}
