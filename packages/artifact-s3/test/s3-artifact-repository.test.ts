import {
  ListObjectsV2Command,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import { EboniteError } from '@ebonite/core/plugin';
import { generatedStream } from '@ebonite/test-utils/generated-stream';
import { hashStream } from '@ebonite/test-utils/hashing';
import { type S3TestServer, startS3Server } from '@ebonite/test-utils/s3-server';
import { uploads as files, readAll } from '@ebonite/test-utils/streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3ArtifactRepository, s3Artifacts } from '../src/s3-artifact-repository.js';

let server: S3TestServer;
let raw: S3Client;
const bucket = 'artifacts';
const open: S3ArtifactRepository[] = [];

function repository(
  options: Partial<Parameters<typeof s3Artifacts>[0]> = {},
): S3ArtifactRepository {
  const repo = s3Artifacts({ bucket, ...server.clientConfig, ...options });
  open.push(repo);
  return repo;
}

async function rawKeys(prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2(
    { client: raw },
    { Bucket: bucket, Prefix: prefix },
  )) {
    for (const object of page.Contents ?? []) keys.push(object.Key!);
  }
  return keys.sort();
}

beforeAll(async () => {
  server = await startS3Server();
  await server.createBucket(bucket);
  raw = new S3Client(server.clientConfig);
});
afterAll(async () => {
  for (const repo of open) await repo.close();
  raw?.destroy();
  await server?.stop();
});

describe('S3ArtifactRepository on a real S3-protocol server', () => {
  it('stores files as <prefix>/model/<id>/<name> and reads them back', async () => {
    const repo = repository({ prefix: '/team/ebonite/' });
    const stored = await repo.push(
      'm-roundtrip',
      files({ 'weights.bin': 'abc', 'sub/dir/config.json': '{"a":1}', empty: '' }),
    );
    expect(stored).toEqual([
      { name: 'empty', size: 0 },
      { name: 'sub/dir/config.json', size: 7 },
      { name: 'weights.bin', size: 3 },
    ]);
    expect(await rawKeys('team/')).toEqual([
      'team/ebonite/model/m-roundtrip/empty',
      'team/ebonite/model/m-roundtrip/sub/dir/config.json',
      'team/ebonite/model/m-roundtrip/weights.bin',
    ]);
    expect(await repo.list('m-roundtrip')).toEqual(stored);
    expect((await readAll(await repo.open('m-roundtrip', 'sub/dir/config.json'))).toString()).toBe(
      '{"a":1}',
    );
    expect((await readAll(await repo.open('m-roundtrip', 'empty'))).length).toBe(0);
  });

  it('refuses to push to a model that has files, and leaves them', async () => {
    const repo = repository();
    await repo.push('m-exists', files({ a: '1' }));
    const error = await repo.push('m-exists', files({ b: '2' })).catch((e: unknown) => e);
    expect(EboniteError.isInstance(error, 'E_ARTIFACT_EXISTS')).toBe(true);
    expect(await repo.list('m-exists')).toEqual([{ name: 'a', size: 1 }]);
  });

  it('reports a missing file as NoSuchArtifactError and an unknown model as empty', async () => {
    const repo = repository();
    const error = await repo.open('m-none', 'x').catch((e: unknown) => e);
    expect(EboniteError.isInstance(error, 'E_NO_SUCH_ARTIFACT')).toBe(true);
    expect((error as Error).cause).toBeDefined();
    expect(await repo.list('m-none')).toEqual([]);
    await expect(repo.delete('m-none')).resolves.toBeUndefined();
  });

  it('isolates model 1 from model 10: listing, pushing and deleting', async () => {
    const repo = repository({ prefix: 'iso' });
    await repo.push('10', files({ ten: '10' }));
    await repo.push('1', files({ one: '1' }));
    await repo.push('1-a', files({ other: 'x' }));
    expect(await repo.list('1')).toEqual([{ name: 'one', size: 1 }]);
    await repo.delete('1');
    expect(await repo.list('1')).toEqual([]);
    expect(await rawKeys('iso/')).toEqual(['iso/model/1-a/other', 'iso/model/10/ten']);
    const ids: string[] = [];
    for await (const id of repo.listModelIds()) ids.push(id);
    expect(ids.sort()).toEqual(['1-a', '10']);
  });

  it('keeps repositories with different prefixes apart in one bucket', async () => {
    const a = repository({ prefix: 'pa' });
    const b = repository({ prefix: 'pa/b' });
    await a.push('shared-id', files({ f: 'a' }));
    await b.push('shared-id', files({ f: 'bb' }));
    expect(await a.list('shared-id')).toEqual([{ name: 'f', size: 1 }]);
    await b.delete('shared-id');
    expect(await a.list('shared-id')).toEqual([{ name: 'f', size: 1 }]);
  });

  it('handles more than 1,000 files in one model: list, delete', async () => {
    const repo = repository({ prefix: 'many' });
    const names = Array.from({ length: 1005 }, (_, i) => `part-${String(i).padStart(4, '0')}`);
    const stored = await repo.push('big', files(Object.fromEntries(names.map((n) => [n, n]))));
    expect(stored).toHaveLength(1005);
    const listed = await repo.list('big');
    expect(listed.map((f) => f.name)).toEqual(names);
    expect(listed.every((f) => f.size === 9)).toBe(true);
    await repo.delete('big');
    expect(await rawKeys('many/')).toEqual([]);
  }, 30_000);

  it('lists more than 1,000 model ids', async () => {
    const repo = repository({ prefix: 'ids' });
    const ids = Array.from({ length: 1003 }, (_, i) => `id-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < ids.length; i += 50) {
      await Promise.all(
        ids
          .slice(i, i + 50)
          .map((id) =>
            raw.send(new PutObjectCommand({ Bucket: bucket, Key: `ids/model/${id}/f`, Body: 'x' })),
          ),
      );
    }
    const seen: string[] = [];
    for await (const id of repo.listModelIds()) seen.push(id);
    expect(seen.sort()).toEqual(ids);
  }, 30_000);

  it('uploads large files in parallel multipart parts and small ones in one PUT, streaming both ways', async () => {
    const repo = repository({ partSize: 5 * 1024 * 1024, queueSize: 3 });
    const big = generatedStream(23 * 1024 * 1024 + 17, 7);
    const stored = await repo.push('m-multipart', files({ 'big.bin': big, 'small.bin': 'tiny' }));
    expect(stored).toEqual([
      { name: 'big.bin', size: 23 * 1024 * 1024 + 17 },
      { name: 'small.bin', size: 4 },
    ]);
    const page = await raw.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'model/m-multipart/' }),
    );
    const etags = Object.fromEntries((page.Contents ?? []).map((o) => [o.Key, o.ETag]));
    expect(etags['model/m-multipart/big.bin']).toMatch(/-5"?$/);
    expect(etags['model/m-multipart/small.bin']).not.toContain('-');
    expect(await hashStream(await repo.open('m-multipart', 'big.bin'))).toEqual({
      size: 23 * 1024 * 1024 + 17,
      digest: big.digest(),
    });
  }, 30_000);

  it('releases the connection when a reader stops early', async () => {
    const repo = repository();
    await repo.push('m-early', files({ f: generatedStream(3 * 1024 * 1024) }));
    for (let i = 0; i < 60; i++) {
      const stream = await repo.open('m-early', 'f');
      for await (const _chunk of stream) break;
      expect(stream.destroyed).toBe(true);
    }
    expect((await hashStream(await repo.open('m-early', 'f'))).size).toBe(3 * 1024 * 1024);
  }, 30_000);
});
