import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type CopyProgress, checkRegistry, copyRegistry, Ebonite, Model } from '@ebonite/core';
import { newId } from '@ebonite/core/plugin';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytes, isCode, localClient, seed, snapshot, tempDir } from './registry-helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
const open: Ebonite[] = [];
const track = (client: Ebonite) => {
  open.push(client);
  return client;
};

beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await cleanup();
});

describe('copyRegistry', () => {
  it('copies projects, tasks and models with their files between backends, keeping ids, names, dates, params and digests', async () => {
    const from = track(await Ebonite.inmemory());
    await seed(from, 'p1', 't1', 3);
    await seed(from, 'p1', 't2', 1);
    await seed(from, 'p2', 't1', 2);
    const to = track(await localClient(dir, 'target'));
    const report = await copyRegistry(from, to);
    expect(report).toMatchObject({
      projects: { copied: 2, skipped: 0 },
      tasks: { copied: 3, skipped: 0 },
      models: { copied: 6, skipped: 0, failed: 0 },
      conflicts: [],
      failures: [],
    });
    const source = await snapshot(from);
    expect(await snapshot(to)).toEqual(source);
    expect((await to.getProjects()).map((p) => p.toRecord())).toEqual(
      (await from.getProjects()).map((p) => p.toRecord()),
    );
    const task = (await to.getTask('p1', 't1'))!;
    expect(task.toRecord()).toEqual((await from.getTask('p1', 't1'))!.toRecord());
    const copied = (await to.getModel('m2', task))!;
    expect((await copied.files.bytesDict())['weights.bin']).toEqual(bytes(1002, 2));
    // The files sit under the same ids in the target's own store.
    expect(
      await readFile(
        join(dir, 'target', 'artifacts', 'model', copied.id, 'conf', 'settings.json'),
        'utf8',
      ),
    ).toBe('{"i":2}');
    expect(report.bytesCopied).toBe(
      [...source.values()].reduce((s, m) => s + m.artifacts.reduce((t, a) => t + a.size, 0), 0),
    );
  });

  it('is idempotent: a second run skips everything, and a later run copies only what is new', async () => {
    const from = track(await localClient(dir, 'source'));
    const to = track(await Ebonite.inmemory());
    const { task } = await seed(from, 'p', 't', 3);
    await copyRegistry(from, to);
    const again = await copyRegistry(from, to);
    expect(again).toMatchObject({
      projects: { copied: 0, skipped: 1 },
      tasks: { copied: 0, skipped: 1 },
      models: { copied: 0, skipped: 3 },
      bytesCopied: 0,
    });
    await from.pushModel(
      Model.create({ name: 'late', artifacts: { x: Buffer.from('late') } }),
      task,
    );
    const third = await copyRegistry(from, to);
    expect(third.models).toEqual({ copied: 1, skipped: 3, failed: 0 });
    expect([...(await snapshot(to)).keys()].sort()).toEqual([
      'p/t/late',
      'p/t/m0',
      'p/t/m1',
      'p/t/m2',
    ]);
    const ids: string[] = [];
    for await (const id of to.artifacts.listModelIds()) ids.push(id);
    expect(ids.sort()).toEqual([...(await snapshot(from)).values()].map((m) => m.id).sort());
  });

  it('copies only what the filter selects, and fails on a filter naming nothing', async () => {
    const from = track(await Ebonite.inmemory());
    await seed(from, 'p', 'a', 2);
    await seed(from, 'p', 'b', 2);
    await seed(from, 'q', 'a', 1);
    const to = track(await Ebonite.inmemory());
    expect((await copyRegistry(from, to, { filter: 'p/a/m1' })).models.copied).toBe(1);
    expect(
      (await copyRegistry(from, to, { filter: { project: 'p', task: 'b' } })).models.copied,
    ).toBe(2);
    expect([...(await snapshot(to)).keys()].sort()).toEqual(['p/a/m1', 'p/b/m0', 'p/b/m1']);
    await expect(copyRegistry(from, to, { filter: 'p/nope' })).rejects.toSatisfy(
      isCode('E_NON_EXISTING_TASK'),
    );
    await expect(copyRegistry(from, to, { filter: 'zz' })).rejects.toSatisfy(
      isCode('E_NON_EXISTING_PROJECT'),
    );
    await expect(copyRegistry(from, to, { filter: 'p/a/m1/x' })).rejects.toSatisfy(
      isCode('E_INVALID_INPUT'),
    );
  });

  it("resumes an interrupted copy: the files it left (copies of the source's, verified) are replaced, damaged copies are pushed again", async () => {
    const from = track(await localClient(dir, 'source'));
    const { models } = await seed(from, 'p', 't', 4);
    const to = track(await localClient(dir, 'target'));
    await copyRegistry(from, to, { filter: 'p/t/m0' });
    // What an S3 copy killed after m1's first file but before its metadata leaves: some of its files, no metadata.
    const m1 = models[1]!;
    await to.artifacts.push(m1.id, [['conf/settings.json', Buffer.from(JSON.stringify({ i: 1 }))]]);
    // The same, all files there: adopted without pushing them again.
    const m3 = models[3]!;
    await to.artifacts.push(m3.id, [
      ['conf/settings.json', Buffer.from(JSON.stringify({ i: 3 }))],
      ['weights.bin', bytes(1003, 3)],
    ]);
    // A copy whose files went missing in the target after its metadata was committed.
    await copyRegistry(from, to, { filter: 'p/t/m2' });
    await to.artifacts.delete(models[2]!.id);
    const report = await copyRegistry(from, to);
    expect(report.failures).toEqual([]);
    expect(report.models).toEqual({ copied: 3, skipped: 1, failed: 0 });
    expect(report.replacedFiles.sort()).toEqual([m1.id, models[2]!.id].sort());
    expect(report.adoptedFiles).toEqual([m3.id]);
    expect(await snapshot(to)).toEqual(await snapshot(from));
    const check = await checkRegistry(to, { verify: true });
    expect(check).toMatchObject({ ok: true, problems: [], orphans: [], modelsChecked: 4 });
  });

  it('never deletes target files for the id that it cannot prove are a copy of the model (a truncated file)', async () => {
    const from = track(await localClient(dir, 'source'));
    const { models } = await seed(from, 'p', 't', 2);
    const to = track(await localClient(dir, 'target'));
    await to.artifacts.push(models[1]!.id, [['weights.bin', Buffer.from('partial')]]);
    const report = await copyRegistry(from, to);
    expect(report.models).toEqual({ copied: 1, skipped: 0, failed: 1 });
    expect(report.conflicts.map((c) => [c.path, c.error.code])).toEqual([
      ['p/t/m1', 'E_REGISTRY_CONFLICT'],
    ]);
    expect(await to.artifacts.list(models[1]!.id)).toEqual([{ name: 'weights.bin', size: 7 }]);
  });

  it('a model that cannot be stored in the target (an artifact name segment over 255 bytes) fails alone, run after run', async () => {
    const from = track(await Ebonite.inmemory());
    await seed(from, 'p', 't', 3);
    // A model stored before names were limited to 255 bytes: written through the plugins, past the core's checks.
    const task = (await from.getTask('p', 't'))!;
    const long = `${'é'.repeat(150)}.bin`;
    const body = Buffer.from('long name');
    const id = newId();
    await from.artifacts.inner.push(
      id,
      (async function* () {
        yield { name: `dir/${long}`, body: Readable.from([body]) };
      })(),
    );
    await from.meta.inner.createModel({
      ...Model.create({ name: 'long', artifacts: {} }).toRecord(),
      id,
      taskId: task.id,
      version: null,
      tags: {},
      artifacts: [
        {
          name: `dir/${long}`,
          size: body.length,
          digest: `sha256:${createHash('sha256').update(body).digest('hex')}`,
        },
      ],
    });
    const to = track(await localClient(dir, 'target'));
    for (let run = 0; run < 2; run++) {
      const report = await copyRegistry(from, to);
      expect(report.models).toEqual({ copied: run ? 0 : 3, skipped: run ? 3 : 0, failed: 1 });
      expect(report.failures.map((f) => f.path)).toEqual(['p/t/long']);
      expect(report.failures[0]!.error.code).toMatch(/^E_(INVALID_INPUT|BACKEND)$/);
    }
    expect(await to.meta.getModelById(id)).toBeNull();
    expect(await to.artifacts.list(id)).toEqual([]);
    expect([...(await snapshot(to)).keys()].sort()).toEqual(['p/t/m0', 'p/t/m1', 'p/t/m2']);
  });

  it('reports a name taken under another id as a conflict, skips its subtree and copies the rest', async () => {
    const from = track(await Ebonite.inmemory());
    await seed(from, 'p', 't', 2);
    await seed(from, 'q', 't', 2);
    await seed(from, 'r', 't', 1);
    const to = track(await Ebonite.inmemory());
    await to.getOrCreateProject('p');
    const qt = await to.getOrCreateTask('q', 't');
    await copyRegistry(from, to, { filter: 'r' });
    // p and q were created in the target on their own: same names, other ids.
    await to.pushModel(
      Model.create({ name: 'm0', artifacts: { other: Buffer.from('other') } }),
      qt,
    );
    const report = await copyRegistry(from, to);
    expect(report.conflicts.map((c) => [c.kind, c.path, c.error.code])).toEqual([
      ['project', 'p', 'E_REGISTRY_CONFLICT'],
      ['project', 'q', 'E_REGISTRY_CONFLICT'],
    ]);
    expect(report.conflicts[0]!.error.message).toMatch(/another|id/);
    expect(report.models).toEqual({ copied: 0, skipped: 1, failed: 4 });
    expect((await to.getModels((await to.getTask('q', 't'))!)).map((m) => m.name)).toEqual(['m0']);
  });

  it('reports a model name taken in the target task under another id, and copies its siblings', async () => {
    const from = track(await Ebonite.inmemory());
    await seed(from, 'p', 't', 3);
    const to = track(await Ebonite.inmemory());
    await copyRegistry(from, to, { filter: 'p/t/m0' });
    const task = (await to.getTask('p', 't'))!;
    await to.pushModel(Model.create({ name: 'm1', artifacts: { x: Buffer.from('mine') } }), task);
    const report = await copyRegistry(from, to);
    expect(report.models).toEqual({ copied: 1, skipped: 1, failed: 1 });
    expect(report.conflicts).toHaveLength(1);
    expect(report.conflicts[0]).toMatchObject({ kind: 'model', path: 'p/t/m1' });
    expect(report.conflicts[0]!.error.message).toContain('Cannot copy p/t/m1');
    expect(Object.keys(await (await to.getModel('m1', task))!.files.bytesDict())).toEqual(['x']);
  });

  it('a source file that does not match its digest fails that model only, leaving nothing of it in the target', async () => {
    const from = track(await localClient(dir, 'source'));
    const { models } = await seed(from, 'p', 't', 3);
    const victim = models[1]!;
    const file = join(dir, 'source', 'artifacts', 'model', victim.id, 'weights.bin');
    const original = await readFile(file);
    original[10] = original[10]! ^ 0xff;
    await writeFile(file, original);
    const to = track(await localClient(dir, 'target'));
    const report = await copyRegistry(from, to);
    expect(report.models).toEqual({ copied: 2, skipped: 0, failed: 1 });
    expect(report.failures.map((f) => [f.path, f.error.code])).toEqual([
      ['p/t/m1', 'E_ARTIFACT_INTEGRITY'],
    ]);
    expect(await to.meta.getModelById(victim.id)).toBeNull();
    expect(await to.artifacts.list(victim.id)).toEqual([]);
    expect((await checkRegistry(to)).ok).toBe(true);
  });

  it('reports progress: a start with the totals, bytes as they stream, one event per model, ending complete', async () => {
    const from = track(await Ebonite.inmemory());
    await seed(from, 'p', 't', 5, 300_000);
    const to = track(await Ebonite.inmemory());
    await copyRegistry(from, to, { filter: 'p/t/m0' });
    const events: CopyProgress[] = [];
    await copyRegistry(from, to, { onProgress: (p) => events.push(p), concurrency: 2 });
    expect(events[0]).toMatchObject({
      event: 'start',
      modelsTotal: 5,
      modelsDone: 0,
      bytesDone: 0,
    });
    const total = events[0]!.bytesTotal;
    expect(total).toBeGreaterThan(1_500_000);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ event: 'model', modelsDone: 5, bytesDone: total });
    expect(
      events
        .filter((e) => e.event === 'model')
        .map((e) => e.model!.outcome)
        .sort(),
    ).toEqual(['copied', 'copied', 'copied', 'copied', 'skipped']);
    expect(events.filter((e) => e.event === 'bytes').length).toBeGreaterThan(4);
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.bytesDone).toBeGreaterThanOrEqual(events[i - 1]!.bytesDone);
  });

  it('two copies into one target at the same time leave every model exactly once, verified', async () => {
    const from = track(await localClient(dir, 'source'));
    await seed(from, 'p', 't', 8, 50_000);
    const targets = [
      track(await localClient(dir, 'target')),
      track(await localClient(dir, 'target')),
    ];
    const reports = await Promise.all(
      targets.map((to) => copyRegistry(from, to, { concurrency: 3 })),
    );
    expect(reports.flatMap((r) => r.conflicts)).toEqual([]);
    const third = await copyRegistry(from, targets[0]!);
    expect(third.models.skipped).toBe(8);
    expect(await snapshot(targets[0]!)).toEqual(await snapshot(from));
    expect(await checkRegistry(targets[0]!, { verify: true })).toMatchObject({
      ok: true,
      modelsChecked: 8,
      orphans: [],
    });
  });

  it('rejects a bad concurrency', async () => {
    const client = track(await Ebonite.inmemory());
    await expect(copyRegistry(client, client, { concurrency: 0 })).rejects.toSatisfy(
      isCode('E_INVALID_INPUT'),
    );
  });
});
