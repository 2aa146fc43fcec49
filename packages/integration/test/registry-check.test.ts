import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CheckProgress, checkRegistry, type Ebonite } from '@ebonite/core';
import { newId } from '@ebonite/core/plugin';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytes, localClient, seed, tempDir } from './registry-helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let client: Ebonite;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  client = await localClient(dir, 'reg');
});
afterEach(async () => {
  await client.close();
  await cleanup();
});

const file = (modelId: string, name: string) =>
  join(dir, 'reg', 'artifacts', 'model', modelId, ...name.split('/'));

describe('checkRegistry', () => {
  it('finds nothing wrong in a consistent registry, and counts what it checked', async () => {
    await seed(client, 'p', 't', 3);
    await seed(client, 'q', 't', 1);
    const report = await checkRegistry(client, { verify: true });
    expect(report).toMatchObject({
      ok: true,
      modelsChecked: 4,
      artifactsChecked: 8,
      problems: [],
      orphans: [],
    });
    expect(report.bytesVerified).toBe(4 * 1000 + 1 + 2 + 4 * 7);
  });

  it('finds files no metadata points to, and repair removes exactly those', async () => {
    const { models } = await seed(client, 'p', 't', 2);
    const orphanId = newId();
    // What a push killed after its files were stored and before its metadata was committed leaves behind.
    await client.artifacts.push(orphanId, [
      ['weights.bin', bytes(5000, 9)],
      ['x/y', Buffer.from('y')],
    ]);
    // Within the grace period the files may belong to a push still in flight: reported, never removed.
    const fresh = await checkRegistry(client, { repair: true });
    expect(fresh.ok).toBe(true);
    expect(fresh.orphans).toMatchObject([{ modelId: orphanId, recent: true, removed: false }]);
    expect(Date.now() - Date.parse(fresh.orphans[0]!.lastModified!)).toBeLessThan(60_000);
    expect(await client.artifacts.list(orphanId)).toHaveLength(2);

    const report = await checkRegistry(client, { graceMs: 0 });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([]);
    expect(report.orphans).toEqual([
      {
        modelId: orphanId,
        files: [
          { name: 'weights.bin', size: 5000 },
          { name: 'x/y', size: 1 },
        ],
        size: 5001,
        lastModified: expect.any(String),
        recent: false,
        removed: false,
      },
    ]);
    expect(await client.artifacts.list(orphanId)).toHaveLength(2);

    const repaired = await checkRegistry(client, { repair: true, graceMs: 0 });
    expect(repaired.ok).toBe(true);
    expect(repaired.orphans.map((o) => [o.modelId, o.removed])).toEqual([[orphanId, true]]);
    expect(await client.artifacts.list(orphanId)).toEqual([]);
    for (const model of models) expect(await client.artifacts.list(model.id)).toHaveLength(2);
    expect(await checkRegistry(client, { verify: true })).toMatchObject({
      ok: true,
      orphans: [],
      problems: [],
    });
  });

  it('reports missing, resized, tampered and unexpected files, and repair leaves them as they are', async () => {
    const { models } = await seed(client, 'p', 't', 4);
    const [missing, resized, tampered, extra] = models.map((m) => m.id) as [
      string,
      string,
      string,
      string,
    ];
    await rm(file(missing, 'weights.bin'));
    await writeFile(file(resized, 'conf/settings.json'), '{"i":1,"more":true}');
    const original = await readFile(file(tampered, 'weights.bin'));
    const flipped = Buffer.from(original);
    flipped[100] = flipped[100]! ^ 0x01;
    await writeFile(file(tampered, 'weights.bin'), flipped);
    await writeFile(file(extra, 'stray.txt'), 'stray');

    const quick = await checkRegistry(client);
    expect(quick.problems.map((p) => [p.path, p.kind, p.artifact])).toEqual([
      ['p/t/m0', 'missing', 'weights.bin'],
      ['p/t/m1', 'size', 'conf/settings.json'],
      ['p/t/m3', 'unexpected', 'stray.txt'],
    ]);

    const full = await checkRegistry(client, { verify: true, repair: true, graceMs: 0 });
    expect(full.ok).toBe(false);
    expect(full.problems.map((p) => [p.path, p.kind])).toEqual([
      ['p/t/m0', 'missing'],
      ['p/t/m1', 'size'],
      ['p/t/m2', 'digest'],
      ['p/t/m3', 'unexpected'],
    ]);
    const digest = full.problems.find((p) => p.kind === 'digest')!;
    expect(digest.expected!.digest).toBe(
      models[2]!.artifacts.find((a) => a.name === 'weights.bin')!.digest,
    );
    expect(digest.actual).toEqual({
      size: original.length,
      digest: expect.stringMatching(/^sha256:/),
    });
    expect(digest.actual!.digest).not.toBe(digest.expected!.digest);
    expect(full.problems.find((p) => p.kind === 'size')!.actual).toEqual({ size: 19 });
    // Repair touched none of it: metadata and files as they were.
    expect(await readFile(file(tampered, 'weights.bin'))).toEqual(flipped);
    expect(await readFile(file(extra, 'stray.txt'), 'utf8')).toBe('stray');
    for (const model of models) expect(await client.meta.getModelById(model.id)).not.toBeNull();
  });

  it('reports progress up to every model and, with verify, every byte', async () => {
    await seed(client, 'p', 't', 3, 200_000);
    const events: CheckProgress[] = [];
    await checkRegistry(client, {
      verify: true,
      onProgress: (p) => events.push(p),
      concurrency: 2,
    });
    expect(events[0]).toMatchObject({ event: 'start', modelsTotal: 3, modelsDone: 0 });
    const last = events.at(-1)!;
    expect(last.modelsDone).toBe(3);
    expect(last.bytesDone).toBe(last.bytesTotal);
    expect(last.bytesTotal).toBe(3 * 200_000 + 3 + 21);
    expect(events.some((e) => e.event === 'bytes')).toBe(true);
  });
});
