import { join } from 'node:path';
import { checkRegistry, copyRegistry, Ebonite, type EboniteError, Model } from '@ebonite/core';
import { newId } from '@ebonite/core/plugin';
import { type S3TestServer, startS3Server } from '@ebonite/test-utils/s3-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bytes, isCode, seed, snapshot, tempDir } from './registry-helpers.js';

// Registries whose artifact repositories point at one place: a metadata migration that keeps the files
// where they are (copy must adopt them, never delete), and two registries configured onto one store
// (check --repair must never take the other registry's files for orphans).

let dir: string;
let cleanup: () => Promise<void>;
let server: S3TestServer;
const open: Ebonite[] = [];
const track = (client: Ebonite) => {
  open.push(client);
  return client;
};

beforeAll(async () => {
  server = await startS3Server();
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await cleanup();
});

const s3 = (bucket: string, prefix?: string) => ({
  bucket,
  ...(prefix === undefined ? {} : { prefix }),
  ...server.clientConfig,
});
const sqlite = (name: string) => ({ url: `sqlite:///${join(dir, name)}` });

/** Every model of a client read back through the core's verification: name -> artifact name -> bytes. */
async function readAll(client: Ebonite): Promise<Map<string, Record<string, Buffer>>> {
  const out = new Map<string, Record<string, Buffer>>();
  for (const project of await client.getProjects())
    for (const task of await client.getTasks(project))
      for (const model of await client.getModels(task))
        out.set(
          `${project.name}/${task.name}/${model.name}`,
          (await model.files.bytesDict()) as Record<string, Buffer>,
        );
  return out;
}

describe('copyRegistry between registries that share one artifact store', () => {
  const cases = [
    {
      name: 'local metadata -> SQLite metadata on one local artifact root',
      art: () => ['local', { root: join(dir, 'arts') }] as const,
    },
    {
      name: 'local metadata -> SQLite metadata on one S3 bucket and prefix',
      art: () => ['s3', s3('shared-copy', `run-${newId()}`)] as const,
    },
  ];
  for (const { name, art } of cases) {
    it(`${name}: copies metadata only, adopts the files in place, deletes nothing; a re-run skips`, async () => {
      if (art()[0] === 's3') await server.createBucket('shared-copy');
      const [type, options] = art();
      const from = track(
        await Ebonite.customClient('local', type, { path: join(dir, 'meta') }, options),
      );
      await seed(from, 'p', 't', 3, 20_000);
      await seed(from, 'q', 't', 1);
      const before = await readAll(from);
      const to = track(await Ebonite.customClient('sqlalchemy', type, sqlite('reg.db'), options));

      const report = await copyRegistry(from, to);
      expect(report.failures).toEqual([]);
      expect(report.conflicts).toEqual([]);
      expect(report).toMatchObject({
        sharedArtifactStore: true,
        models: { copied: 4, skipped: 0, failed: 0 },
        bytesCopied: 0,
        replacedFiles: [],
      });
      expect(report.adoptedFiles).toHaveLength(4);
      // The source is whole and verified; the target reads the same files.
      expect(await readAll(from)).toEqual(before);
      expect(await readAll(to)).toEqual(before);
      expect(await snapshot(to)).toEqual(await snapshot(from));
      const sourceCheck = await checkRegistry(from, { verify: true });
      expect(sourceCheck.problems).toEqual([]);
      expect(sourceCheck.orphans).toEqual([]);

      const again = await copyRegistry(from, to);
      expect(again).toMatchObject({
        sharedArtifactStore: true,
        models: { copied: 0, skipped: 4, failed: 0 },
        failures: [],
        conflicts: [],
      });
      expect(await readAll(from)).toEqual(before);
    }, 30_000);
  }

  it('a source file that does not match its digest fails that model and is left as it is', async () => {
    const root = join(dir, 'arts');
    const from = track(
      await Ebonite.customClient('local', 'local', { path: join(dir, 'm') }, { root }),
    );
    const { models } = await seed(from, 'p', 't', 2);
    const victim = models[1]!;
    // Replace one file behind ebonite with other bytes of the same size.
    const { writeFile } = await import('node:fs/promises');
    const file = join(root, 'model', victim.id, 'weights.bin');
    await writeFile(file, bytes(1001, 99));
    const to = track(await Ebonite.customClient('sqlalchemy', 'local', sqlite('r.db'), { root }));
    const report = await copyRegistry(from, to);
    expect(report.sharedArtifactStore).toBe(true);
    expect(report.models).toEqual({ copied: 1, skipped: 0, failed: 1 });
    expect(report.failures.map((f) => [f.path, f.error.code])).toEqual([
      ['p/t/m1', 'E_ARTIFACT_INTEGRITY'],
    ]);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(file)).toEqual(bytes(1001, 99));
    expect((await from.artifacts.list(victim.id)).map((f) => f.name)).toEqual([
      'conf/settings.json',
      'weights.bin',
    ]);
  });

  it("files for the id in a separate target store that are not the source model's are never deleted", async () => {
    const from = track(await Ebonite.inmemory());
    const { models } = await seed(from, 'p', 't', 2);
    const to = track(
      await Ebonite.customClient('sqlalchemy', 'local', sqlite('t.db'), {
        root: join(dir, 'target'),
      }),
    );
    const id = models[0]!.id;
    await to.artifacts.push(id, [['mine.bin', Buffer.from('not the source model')]]);
    const report = await copyRegistry(from, to);
    expect(report.sharedArtifactStore).toBe(false);
    expect(report.models).toEqual({ copied: 1, skipped: 0, failed: 1 });
    expect(report.conflicts.map((c) => [c.path, c.error.code])).toEqual([
      ['p/t/m0', 'E_REGISTRY_CONFLICT'],
    ]);
    expect(report.conflicts[0]!.error.message).toContain('mine.bin');
    expect(await to.artifacts.list(id)).toEqual([{ name: 'mine.bin', size: 20 }]);
    expect(await to.meta.getModelById(id)).toBeNull();
  });
});

describe('checkRegistry --repair on an artifact store another registry uses too', () => {
  it('two local registries on one artifact root: repair refuses with E_SHARED_ARTIFACT_STORE and deletes nothing', async () => {
    const root = join(dir, 'arts');
    const a = track(
      await Ebonite.customClient('local', 'local', { path: join(dir, 'a') }, { root }),
    );
    const b = track(
      await Ebonite.customClient('local', 'local', { path: join(dir, 'b') }, { root }),
    );
    await seed(a, 'pa', 't', 2);
    await seed(b, 'pb', 't', 3);
    const before = await readAll(b);

    const plain = await checkRegistry(a, { graceMs: 0 });
    expect(plain.ok).toBe(false);
    expect(plain.otherRegistries).toEqual([
      expect.objectContaining({
        metadata: { type: 'local', location: { path: join(dir, 'b', 'metadata.json') } },
      }),
    ]);

    const error = (await checkRegistry(a, { repair: true, graceMs: 0 }).catch(
      (e: unknown) => e,
    )) as EboniteError;
    expect(isCode('E_SHARED_ARTIFACT_STORE')(error)).toBe(true);
    expect(error.message).toContain(join(dir, 'b', 'metadata.json'));
    expect(error.message).toMatch(/must not share/);
    expect(await readAll(b)).toEqual(before);
    expect((await checkRegistry(b, { verify: true })).problems).toEqual([]);
  });

  it('an S3 bucket used without prefix and with prefix "model": the id "model" is foreign, never removed; a real orphan is', async () => {
    await server.createBucket('nested');
    const outer = track(
      await Ebonite.customClient('local', 's3', { path: join(dir, 'o') }, s3('nested')),
    );
    const inner = track(
      await Ebonite.customClient('local', 's3', { path: join(dir, 'i') }, s3('nested', 'model')),
    );
    await seed(outer, 'po', 't', 2);
    await seed(inner, 'pi', 't', 2);
    const before = await readAll(inner);
    // What a push killed between its files and its metadata leaves: files for a UUIDv7 id, no metadata.
    const orphan = newId();
    await outer.artifacts.push(orphan, [['w.bin', Buffer.from('orphan')]]);

    // Files written in the very millisecond a check starts count as in flight, even with no grace.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const report = await checkRegistry(outer, { repair: true, graceMs: 0 });
    expect(report.foreign).toEqual(['model']);
    expect(report.otherRegistries).toEqual([]);
    expect(report.orphans.map((o) => [o.modelId, o.removed])).toEqual([[orphan, true]]);
    expect(report.ok).toBe(true);
    expect(await outer.artifacts.list(orphan)).toEqual([]);
    expect(await readAll(inner)).toEqual(before);
    const innerCheck = await checkRegistry(inner, { verify: true, repair: true, graceMs: 0 });
    expect(innerCheck).toMatchObject({ ok: true, problems: [], orphans: [], foreign: [] });
    expect((await checkRegistry(outer, { verify: true })).problems).toEqual([]);
  }, 30_000);

  it('a registry writes its marker once per client, and check never takes it for a model', async () => {
    const root = join(dir, 'arts');
    const client = track(
      await Ebonite.customClient('local', 'local', { path: join(dir, 'solo') }, { root }),
    );
    const { task } = await seed(client, 'p', 't', 1);
    const ids: string[] = [];
    for await (const id of client.artifacts.listModelIds()) ids.push(id);
    const marker = ids.find((id) => id.startsWith('ebonite-registry-'))!;
    expect(marker).toMatch(/^ebonite-registry-[0-9a-f]{16}$/);
    const [descriptor] = await client.artifacts.list(marker);
    expect(descriptor!.name).toBe('registry.json');
    const chunks: Buffer[] = [];
    for await (const chunk of await client.artifacts.open(marker, 'registry.json'))
      chunks.push(chunk as Buffer);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toMatchObject({
      format: 'ebonite-registry',
      metadata: { type: 'local', location: { path: join(dir, 'solo', 'metadata.json') } },
    });
    const report = await checkRegistry(client, { repair: true, graceMs: 0 });
    expect(report).toMatchObject({ ok: true, orphans: [], foreign: [], otherRegistries: [] });
    expect(await client.artifacts.list(marker)).toHaveLength(1);
    // Once per client lifetime: a later push does not write it again.
    await client.artifacts.delete(marker);
    await client.pushModel(
      Model.create({ name: 'late', artifacts: { x: Buffer.from('x') } }),
      task,
    );
    expect(await client.artifacts.list(marker)).toEqual([]);
  });
});
