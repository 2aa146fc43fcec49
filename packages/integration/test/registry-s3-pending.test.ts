import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { checkRegistry, Ebonite, Model } from '@ebonite/core';
import { type S3TestServer, startS3Server } from '@ebonite/test-utils/s3-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytes, tempDir } from './registry-helpers.js';

// A long push to S3 is invisible as files until its multipart uploads complete: a registry check running
// meanwhile must count the model as in flight and leave the files it already uploaded alone.

const MIB = 1024 * 1024;
let server: S3TestServer;

beforeAll(async () => {
  server = await startS3Server();
  await server.createBucket('pending');
});
afterAll(async () => {
  await server?.stop();
});

/** The keys of the multipart uploads in progress under a prefix, asked of the server directly. */
async function pendingKeys(prefix: string): Promise<string[]> {
  const response = await fetch(
    `${server.endpoint}/pending?uploads&prefix=${encodeURIComponent(prefix)}`,
  );
  return [...(await response.text()).matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!);
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('checkRegistry --repair during a long S3 push', () => {
  it('leaves the files of a push whose multipart upload is pending; the push then commits a whole model', async () => {
    const { dir, cleanup } = await tempDir();
    const client = await Ebonite.customClient(
      'local',
      's3',
      { path: join(dir, 'meta') },
      { bucket: 'pending', prefix: 'stall', ...server.clientConfig, partSize: 5 * MIB },
    );
    try {
      const task = await client.getOrCreateTask('p', 't');
      const head = bytes(6 * MIB, 1);
      const tail = bytes(3 * MIB, 2);
      const small = Buffer.from('{"config":true}');
      const big = new PassThrough();
      big.write(head);
      const model = Model.create({
        name: 'long',
        artifacts: { 'a-config.json': small, 'b-weights.bin': big },
      });
      const pushing = client.pushModel(model, task);
      pushing.catch(() => undefined);
      // The small file is stored; the big one has a multipart upload in progress, waiting for its source.
      await until(
        async () => (await client.artifacts.list(model.id)).length === 1,
        'the first file',
      );
      await until(
        async () => (await pendingKeys('stall/model/')).some((k) => k.endsWith('/b-weights.bin')),
        'the multipart upload',
      );

      const report = await checkRegistry(client, { repair: true, graceMs: 0 });
      expect(report.orphans).toEqual([
        expect.objectContaining({ modelId: model.id, recent: true, removed: false }),
      ]);
      expect(await client.artifacts.list(model.id)).toEqual([
        { name: 'a-config.json', size: small.length },
      ]);
      const ids: string[] = [];
      for await (const id of client.artifacts.listModelIds()) ids.push(id);
      expect(ids).toContain(model.id);

      big.end(tail);
      const pushed = await pushing;
      const read = (await (await client.getModel('long', task))!.files.bytesDict()) as Record<
        string,
        Buffer
      >;
      expect(read['a-config.json']).toEqual(small);
      const digest = createHash('sha256').update(head).update(tail).digest('hex');
      expect(createHash('sha256').update(read['b-weights.bin']!).digest('hex')).toBe(digest);
      expect(pushed.artifacts.map((a) => a.name)).toEqual(['a-config.json', 'b-weights.bin']);
      expect(await checkRegistry(client, { verify: true })).toMatchObject({
        ok: true,
        problems: [],
        orphans: [],
      });
    } finally {
      await client.close();
      await cleanup();
    }
  }, 60_000);

  it('an id that so far has only a pending upload is listed and counts as recent', async () => {
    const { dir, cleanup } = await tempDir();
    const client = await Ebonite.customClient(
      'local',
      's3',
      { path: join(dir, 'meta') },
      { bucket: 'pending', prefix: 'only', ...server.clientConfig, partSize: 5 * MIB },
    );
    try {
      const task = await client.getOrCreateTask('p', 't');
      const big = new PassThrough();
      big.write(bytes(6 * MIB, 3));
      const model = Model.create({ name: 'first', artifacts: { 'w.bin': big } });
      const pushing = client.pushModel(model, task);
      pushing.catch(() => undefined);
      await until(
        async () => (await pendingKeys('only/model/')).length > 0,
        'the multipart upload',
      );
      const ids: string[] = [];
      for await (const id of client.artifacts.listModelIds()) ids.push(id);
      expect(ids).toContain(model.id);
      expect(await client.artifacts.lastModified(model.id)).toEqual(expect.any(String));
      const report = await checkRegistry(client, { repair: true, graceMs: 0 });
      expect(report.orphans).toEqual([
        expect.objectContaining({ modelId: model.id, files: [], recent: true, removed: false }),
      ]);
      big.end();
      await pushing;
      expect(await checkRegistry(client, { verify: true })).toMatchObject({ ok: true });
    } finally {
      await client.close();
      await cleanup();
    }
  }, 60_000);
});
