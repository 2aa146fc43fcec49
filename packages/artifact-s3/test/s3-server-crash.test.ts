import { Transform } from 'node:stream';
import { EboniteError } from '@ebonite/core/plugin';
import { generatedStream } from '@ebonite/test-utils/generated-stream';
import { type S3TestServer, startS3Server } from '@ebonite/test-utils/s3-server';
import { uploads as files } from '@ebonite/test-utils/streams';
import { afterEach, describe, expect, it } from 'vitest';
import { s3Artifacts } from '../src/s3-artifact-repository.js';

const MIB = 1024 * 1024;
const NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'TimeoutError'];
let server: S3TestServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Passes bytes through and calls `then` once `after` bytes went by. */
function tripwire(after: number, then: () => void): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const before = seen;
      seen += chunk.length;
      if (before < after && seen >= after) then();
      callback(null, chunk);
    },
  });
}

describe('the S3 server dying', () => {
  it('in the middle of a multipart upload: a typed connection error, in bounded time', async () => {
    server = await startS3Server({ childProcess: true });
    await server.createBucket('crash');
    const repo = s3Artifacts({
      bucket: 'crash',
      ...server.clientConfig,
      partSize: 5 * MIB,
      queueSize: 2,
    });
    const crashing = server;
    const body = generatedStream(64 * MIB).pipe(tripwire(18 * MIB, () => void crashing.kill()));
    const started = Date.now();
    const error = await repo.push('m1', files({ 'model.bin': body })).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(EboniteError.isInstance(error, 'E_CONNECTION')).toBe(true);
    expect((error as Error).cause).toBeDefined();
    expect(NETWORK_CODES).toContain((error as { s3Code: string }).s3Code);
    expect(error).toMatchObject({ bucket: 'crash', key: 'model/m1/model.bin' });
    expect(body.destroyed).toBe(true);
    await repo.close();
  }, 30_000);

  it('in the middle of a download: the stream fails with a typed error', async () => {
    server = await startS3Server({ childProcess: true });
    await server.createBucket('crash-read');
    const repo = s3Artifacts({ bucket: 'crash-read', ...server.clientConfig });
    await repo.push('m1', files({ 'model.bin': generatedStream(96 * MIB) }));
    const stream = await repo.open('m1', 'model.bin');
    let read = 0;
    const error = await (async () => {
      for await (const chunk of stream) {
        if (read === 0) await server!.kill();
        read += (chunk as Buffer).length;
      }
    })().catch((e: unknown) => e);
    expect(read).toBeLessThan(96 * MIB);
    expect(EboniteError.isInstance(error, 'E_CONNECTION')).toBe(true);
    expect((error as Error).cause).toBeDefined();
    expect(error).toMatchObject({ bucket: 'crash-read', key: 'model/m1/model.bin' });
    await repo.close();
  }, 30_000);

  it('before a request: a typed connection error naming the key', async () => {
    server = await startS3Server({ childProcess: true });
    await server.createBucket('gone');
    const repo = s3Artifacts({ bucket: 'gone', ...server.clientConfig });
    await server.kill();
    for (const attempt of [
      () => repo.list('m1'),
      () => repo.open('m1', 'f'),
      () => repo.delete('m1'),
      () => repo.push('m1', files({ f: 'x' })),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(EboniteError.isInstance(error, 'E_CONNECTION')).toBe(true);
      expect((error as { s3Code: string }).s3Code).toBe('ECONNREFUSED');
      expect((error as { key: string }).key).toMatch(/^model\/m1\//);
    }
    await repo.close();
  }, 30_000);
});
