import {
  ListMultipartUploadsCommand,
  type ListMultipartUploadsCommandOutput,
} from '@aws-sdk/client-s3';
import type { S3Target } from './s3-client.js';
import { s3ErrorCode } from './s3-errors.js';

/**
 * Answers of a store that does not implement ListMultipartUploads, or of credentials without the
 * `s3:ListBucketMultipartUploads` permission: the uploads in progress cannot be seen, and only objects
 * count (as before this was looked at).
 */
const UNSUPPORTED = new Set([
  'NotImplemented',
  'MethodNotAllowed',
  'NotSupported',
  'AccessDenied',
  'Forbidden',
]);

/**
 * Every page of the multipart uploads in progress under a prefix (ListMultipartUploads, following its
 * markers). A push's multipart upload is invisible to object listings until it completes; this is how a
 * registry check sees it. A store that does not implement the call, or refuses it, yields nothing.
 * Other S3 failures are thrown as they are (the caller maps them).
 */
export async function* pendingUploadPages(
  target: S3Target,
  prefix: string,
  delimiter?: string,
): AsyncGenerator<ListMultipartUploadsCommandOutput> {
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  while (true) {
    let page: ListMultipartUploadsCommandOutput;
    try {
      page = await target.client.send(
        new ListMultipartUploadsCommand({
          Bucket: target.bucket,
          Prefix: prefix,
          Delimiter: delimiter,
          KeyMarker: keyMarker,
          UploadIdMarker: uploadIdMarker,
        }),
      );
    } catch (error) {
      const { code, status } = s3ErrorCode(error);
      if ((code && UNSUPPORTED.has(code)) || status === 501 || status === 403) return;
      throw error;
    }
    yield page;
    if (!page.IsTruncated || (!page.NextKeyMarker && !page.NextUploadIdMarker)) return;
    keyMarker = page.NextKeyMarker;
    uploadIdMarker = page.NextUploadIdMarker;
  }
}

/** Whether any multipart upload is in progress under the prefix. */
export async function hasPendingUploads(target: S3Target, prefix: string): Promise<boolean> {
  for await (const page of pendingUploadPages(target, prefix))
    if ((page.Uploads ?? []).some((upload) => upload.Key?.startsWith(prefix))) return true;
  return false;
}
