import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { EboniteError, GuardedArtifactRepository, newId } from '@ebonite/core/plugin';
import { generatedStream } from '@ebonite/test-utils/generated-stream';
import { hashStream } from '@ebonite/test-utils/hashing';
import { type S3TestServer, startS3Server } from '@ebonite/test-utils/s3-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Artifacts } from '../src/s3-artifact-repository.js';

// The repository as the core uses it: behind GuardedArtifactRepository, which records size and sha256
// on push and checks them on read.
const MIB = 1024 * 1024;
let server: S3TestServer;
let raw: S3Client;
let guarded: GuardedArtifactRepository;

beforeAll(async () => {
  server = await startS3Server();
  await server.createBucket('core');
  raw = new S3Client(server.clientConfig);
  guarded = new GuardedArtifactRepository(
    s3Artifacts({ bucket: 'core', ...server.clientConfig, partSize: 5 * MIB }),
  );
});
afterAll(async () => {
  await guarded?.close();
  raw?.destroy();
  await server?.stop();
});

describe('behind the core', () => {
  it('records size and sha256 on push (multipart and single PUT) and reads back verified', async () => {
    const id = newId();
    const big = generatedStream(11 * MIB + 3, 5);
    const descriptors = await guarded.push(id, [
      ['model.bin', big],
      ['meta.json', Buffer.from('{"x":1}')],
    ]);
    expect(descriptors).toEqual([
      { name: 'model.bin', size: 11 * MIB + 3, digest: `sha256:${big.digest()}` },
      {
        name: 'meta.json',
        size: 7,
        digest: `sha256:${createHash('sha256').update('{"x":1}').digest('hex')}`,
      },
    ]);
    const read = await hashStream(await guarded.open(id, 'model.bin', descriptors[0]));
    expect(`sha256:${read.digest}`).toBe(descriptors[0]!.digest);
  }, 30_000);

  it('a file changed in the bucket behind ebonite fails the read with ArtifactIntegrityError', async () => {
    const id = newId();
    const [descriptor] = await guarded.push(id, [['weights.bin', Buffer.from('original weights')]]);
    await raw.send(
      new PutObjectCommand({
        Bucket: 'core',
        Key: `model/${id}/weights.bin`,
        Body: 'tampered weights',
      }),
    );
    const error = await hashStream(await guarded.open(id, 'weights.bin', descriptor)).catch(
      (e: unknown) => e,
    );
    expect(EboniteError.isInstance(error, 'E_ARTIFACT_INTEGRITY')).toBe(true);
  });

  it('a failed source stream surfaces as a typed error and the model has no files', async () => {
    const id = newId();
    const broken = new Error('source gone');
    const source = Readable.from(
      (async function* () {
        yield* generatedStream(12 * MIB);
        throw broken;
      })(),
      { objectMode: false },
    );
    const error = await guarded.push(id, [['model.bin', source]]).catch((e: unknown) => e);
    expect(EboniteError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBe(broken);
    expect(await guarded.list(id)).toEqual([]);
  });
});
