import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { newId } from '@ebonite/core/plugin';
import { type S3TestServer, startS3Server } from '@ebonite/test-utils/s3-server';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Artifacts } from '../src/s3-artifact-repository.js';

// A large file goes up as a multipart upload, invisible to object listings until it completes. The
// repository shows it to registry checks: the id is listed, and its lastModified is "now".
const MIB = 1024 * 1024;
let server: S3TestServer;

beforeAll(async () => {
  server = await startS3Server();
  await server.createBucket('pending');
});
afterAll(async () => {
  await server?.stop();
});

async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('multipart uploads in progress', () => {
  it('an id with only a pending upload is listed, and its lastModified is now; once done, its object counts', async () => {
    const repo = s3Artifacts({
      bucket: 'pending',
      prefix: 'p1',
      ...server.clientConfig,
      partSize: 5 * MIB,
    });
    const id = newId();
    const body = new PassThrough();
    body.write(Buffer.alloc(6 * MIB, 1));
    const push = repo.push(
      id,
      (async function* () {
        yield { name: 'big.bin', body };
      })(),
    );
    push.catch(() => undefined);
    const ids = async () => {
      const out: string[] = [];
      for await (const listed of repo.listModelIds()) out.push(listed);
      return out;
    };
    await until(async () => (await ids()).includes(id));
    expect(await repo.list(id)).toEqual([]);
    const before = Date.now();
    const pending = await repo.lastModified(id);
    expect(Date.parse(pending!)).toBeGreaterThanOrEqual(before);
    body.end(Buffer.alloc(1024, 2));
    expect(await push).toEqual([{ name: 'big.bin', size: 6 * MIB + 1024 }]);
    expect(await ids()).toEqual([id]);
    const done = await repo.lastModified(id);
    expect(Date.parse(done!)).toBeLessThanOrEqual(Date.now());
    await repo.close();
  }, 30_000);

  it('a store without ListMultipartUploads (s3rver) answers from its objects alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ebonite-s3rver-'));
    const s3rver = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: join(dir, 'data'),
      configureBuckets: [{ name: 'plain' }],
    });
    const { port } = await s3rver.run();
    const repo = s3Artifacts({
      bucket: 'plain',
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    try {
      const id = newId();
      await repo.push(
        id,
        (async function* () {
          const body = new PassThrough();
          body.end('x');
          yield { name: 'x', body };
        })(),
      );
      const ids: string[] = [];
      for await (const listed of repo.listModelIds()) ids.push(listed);
      expect(ids).toEqual([id]);
      expect(await repo.lastModified(id)).toEqual(expect.any(String));
      expect(await repo.lastModified(newId())).toBeUndefined();
    } finally {
      await repo.close();
      await s3rver.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
