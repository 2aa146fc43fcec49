import { Readable } from 'node:stream';
import {
  DeleteBucketCommand,
  paginateListObjectsV2,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { EboniteError } from '@ebonite/core/plugin';
import { generatedStream } from '@ebonite/test-utils/generated-stream';
import { type S3TestServer, startS3Server } from '@ebonite/test-utils/s3-server';
import { uploads as files } from '@ebonite/test-utils/streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Artifacts } from '../src/s3-artifact-repository.js';

const MIB = 1024 * 1024;
let server: S3TestServer;
let raw: S3Client;

beforeAll(async () => {
  server = await startS3Server();
  raw = new S3Client(server.clientConfig);
});
afterAll(async () => {
  raw?.destroy();
  await server?.stop();
});

/** A client that records the multipart uploads it starts (an observer, not a mock: every request reaches the server). */
function recordingClient(): { client: S3Client; uploads: { Key: string; UploadId: string }[] } {
  const client = new S3Client(server.clientConfig);
  const uploads: { Key: string; UploadId: string }[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'CreateMultipartUploadCommand') {
        uploads.push({
          Key: (args.input as { Key: string }).Key,
          UploadId: (result.output as { UploadId: string }).UploadId,
        });
      }
      return result;
    },
    { step: 'initialize', name: 'recordMultipartUploads' },
  );
  return { client, uploads };
}

/** Emits `good` bytes of data, then fails. */
function failingAfter(good: number, error: Error): Readable {
  const source = generatedStream(good);
  return Readable.from(
    (async function* () {
      yield* source;
      throw error;
    })(),
    { objectMode: false },
  );
}

async function keysUnder(bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2(
    { client: raw },
    { Bucket: bucket, Prefix: prefix },
  )) {
    for (const object of page.Contents ?? []) keys.push(object.Key!);
  }
  return keys;
}

/** Proves no multipart upload is left pending: parts can no longer be added, and fauxqs deletes only a bucket without pending uploads. */
async function expectNoPendingUploads(
  bucket: string,
  uploads: { Key: string; UploadId: string }[],
): Promise<void> {
  for (const { Key, UploadId } of uploads) {
    const error = await raw
      .send(new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber: 99, Body: 'x' }))
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('NoSuchUpload');
  }
  await raw.send(new DeleteBucketCommand({ Bucket: bucket }));
}

describe('a push that fails part-way leaves nothing behind', () => {
  it('source stream failing in the middle of a multipart upload: typed error, no objects, no pending upload', async () => {
    await server.createBucket('fail-source');
    const { client, uploads } = recordingClient();
    const repo = s3Artifacts({ bucket: 'fail-source', client, partSize: 5 * MIB, queueSize: 2 });
    const broken = new Error('disk read failed');
    const error = await repo
      .push(
        'm1',
        files({
          'a-first.bin': generatedStream(6 * MIB),
          'b-broken.bin': failingAfter(17 * MIB, broken),
        }),
      )
      .catch((e: unknown) => e);
    expect(EboniteError.isInstance(error, 'E_INVALID_INPUT')).toBe(true);
    expect((error as Error).cause).toBe(broken);
    expect((error as Error).message).toContain('b-broken.bin');
    expect(uploads.map((u) => u.Key)).toEqual(['model/m1/a-first.bin', 'model/m1/b-broken.bin']);
    expect(await keysUnder('fail-source', '')).toEqual([]);
    await expectNoPendingUploads('fail-source', uploads);
    client.destroy();
  }, 30_000);

  it('the files iterable failing after a complete file: that file is removed', async () => {
    await server.createBucket('fail-iterable');
    const repo = s3Artifacts({ bucket: 'fail-iterable', ...server.clientConfig });
    const broken = new Error('listing the model folder failed');
    async function* entries() {
      yield { name: 'ok.bin', body: generatedStream(1000) };
      throw broken;
    }
    const error = await repo.push('m2', entries()).catch((e: unknown) => e);
    expect(EboniteError.isInstance(error, 'E_INVALID_INPUT')).toBe(true);
    expect((error as Error).cause).toBe(broken);
    expect(await keysUnder('fail-iterable', '')).toEqual([]);
    await repo.close();
  });

  it('the server rejecting a part: S3 error code and key on an EboniteError, nothing left', async () => {
    // fauxqs accepts at most 11 MiB per request: a 12 MiB part is refused with HTTP 413 after the first part went up.
    await server.createBucket('fail-server');
    const { client, uploads } = recordingClient();
    const repo = s3Artifacts({ bucket: 'fail-server', client, partSize: 12 * MIB, queueSize: 1 });
    const error = await repo
      .push('m3', files({ 'small.bin': 'ok', 'huge.bin': generatedStream(30 * MIB) }))
      .catch((e: unknown) => e);
    expect(EboniteError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      httpStatus: 413,
      bucket: 'fail-server',
      key: 'model/m3/huge.bin',
    });
    expect((error as Error).cause).toBeDefined();
    expect(await keysUnder('fail-server', '')).toEqual([]);
    await expectNoPendingUploads('fail-server', uploads);
    client.destroy();
  }, 30_000);

  it('a stream already destroyed or read: a typed error before anything is sent', async () => {
    await server.createBucket('fail-used');
    const repo = s3Artifacts({ bucket: 'fail-used', ...server.clientConfig });
    const destroyed = generatedStream(100);
    destroyed.on('error', () => {});
    destroyed.destroy(new Error('closed by its owner'));
    const consumed = Readable.from([Buffer.from('x')]);
    for await (const _chunk of consumed);
    for (const body of [destroyed, consumed]) {
      const error = await repo
        .push('m4', files({ 'a.bin': 'fine', 'b.bin': body }))
        .catch((e: unknown) => e);
      expect(EboniteError.isInstance(error, 'E_INVALID_INPUT')).toBe(true);
      expect((error as Error).message).toContain('b.bin');
    }
    expect(await keysUnder('fail-used', '')).toEqual([]);
    await repo.close();
  });
});

describe('missing bucket', () => {
  it('is an error naming the bucket, for push and for reads', async () => {
    const repo = s3Artifacts({ bucket: 'no-such-bucket', ...server.clientConfig });
    for (const attempt of [
      () => repo.push('m', files({ a: '1' })),
      () => repo.list('m'),
      () => repo.open('m', 'a'),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(EboniteError.isInstance(error, 'E_INVALID_CONFIG')).toBe(true);
      expect((error as Error).message).toContain('"no-such-bucket"');
      expect(error).toMatchObject({ s3Code: 'NoSuchBucket', bucket: 'no-such-bucket' });
    }
    await repo.close();
  });

  it('is created on the first push with createBucket: true, also by two processes at once', async () => {
    const a = s3Artifacts({
      bucket: 'created-on-push',
      createBucket: true,
      ...server.clientConfig,
    });
    const b = s3Artifacts({
      bucket: 'created-on-push',
      createBucket: true,
      ...server.clientConfig,
    });
    await Promise.all([a.push('ma', files({ f: 'a' })), b.push('mb', files({ f: 'b' }))]);
    expect(await keysUnder('created-on-push', '')).toEqual(['model/ma/f', 'model/mb/f']);
    await Promise.all([a.close(), b.close()]);
  });
});
