import { inMemoryArtifacts } from '@ebonite/artifact-memory';
import { checkRegistry, copyRegistry, Ebonite, Model, type Task } from '@ebonite/core';
import { newId } from '@ebonite/core/plugin';
import { inMemoryMetadata } from '@ebonite/meta-local';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from './registry-backends.js';

const REQUIRE_SERVICES = process.env.EBONITE_REQUIRE_SERVICES === '1';

describe('aliases in copy and check', () => {
  it('checkRegistry reports an alias that points at a model its task does not have', async () => {
    const meta = inMemoryMetadata();
    const ghost = newId();
    // A store that lists an alias whose model is gone (edited by hand, or a backend bug).
    const damaged = new Proxy(meta, {
      get(target, key) {
        if (key !== 'getAliases') {
          const value = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return async (taskId: string) => [
          ...(await target.getAliases(taskId)),
          {
            taskId,
            alias: 'ghost',
            modelId: ghost,
            updatedAt: new Date().toISOString(),
            author: 'x',
          },
        ];
      },
    });
    const client = new Ebonite(damaged, inMemoryArtifacts());
    const task = await client.getOrCreateTask('p', 't');
    const model = await client.pushModel(Model.create({ name: 'm' }), task);
    await client.setAlias(task, 'production', model);
    const report = await checkRegistry(client);
    expect(report.ok).toBe(false);
    expect(report.aliasProblems).toEqual([
      { path: 'p/t@ghost', taskId: task.id, alias: 'ghost', modelId: ghost },
    ]);
    await client.close();
  });
});

// Pairs of backends a copy goes between: every backend is a source and a target once.
const PAIRS = [
  ['inmemory', 'local'],
  ['local', 'sqlite'],
  ['sqlite', 'postgres'],
  ['postgres', 'mariadb'],
  ['mariadb', 'inmemory'],
] as const;
const backend = (name: string) => BACKENDS.find((b) => b.name === name)!;

for (const [fromName, toName] of PAIRS) {
  const unavailable =
    (await backend(fromName).unavailable()) ?? (await backend(toName).unavailable());
  if (unavailable && !REQUIRE_SERVICES) {
    process.stderr.write(`\n[integration] SKIPPED "${fromName} -> ${toName}": ${unavailable}.\n\n`);
    describe.skip(`alias history copy ${fromName} -> ${toName} (skipped: ${unavailable})`, () => {});
    continue;
  }

  describe(`alias history copy ${fromName} -> ${toName}`, () => {
    it('copies the whole history: a deleted alias, a move through a model deleted since; a re-run skips, a later move is added', async () => {
      if (unavailable) throw new Error(`${fromName} -> ${toName}: ${unavailable}`);
      const from = await backend(fromName).open();
      const to = await backend(toName).open();
      try {
        const source = from.client;
        const target = to.client;
        const task = await source.getOrCreateTask('p', 't');
        const a = await source.pushModel(Model.create({ name: 'a' }), task);
        const b = await source.pushModel(Model.create({ name: 'b' }), task);
        const c = await source.pushModel(Model.create({ name: 'c' }), task);
        // production moved through a, deleted since; staging was removed; canary went with its model
        await source.setAlias(task, 'production', b);
        await source.setAlias(task, 'production', a);
        await source.setAlias(task, 'production', b);
        await source.setAlias(task, 'staging', c);
        await source.deleteAlias(task, 'staging');
        await source.setAlias(task, 'canary', a);
        await source.deleteModel(a, { force: true });
        const history = async (client: Ebonite, t: Task, alias: string) =>
          (await client.getAliasHistory(t, alias)).map(({ taskId: _, ...e }) => e);
        const all = async (client: Ebonite, t: Task) => client.meta.getAliasEvents(t.id);

        const report = await copyRegistry(source, target);
        expect(report.failures).toEqual([]);
        expect(report.conflicts).toEqual([]);
        expect(report.aliases).toEqual({ copied: 3, skipped: 0, failed: 0 });
        const copied = (await target.getTask('p', 't'))!;
        expect(copied.id).toBe(task.id);
        for (const alias of ['production', 'staging', 'canary'])
          expect(await history(target, copied, alias), alias).toEqual(
            await history(source, task, alias),
          );
        expect((await history(target, copied, 'production')).map((e) => e.modelId)).toEqual([
          b.id,
          a.id,
          b.id,
        ]);
        expect(await all(target, copied)).toEqual(await all(source, task));
        expect(await target.getAliases(copied)).toEqual(await source.getAliases(task));
        expect((await target.getAliases(copied)).map((x) => x.alias)).toEqual(['production']);

        // a re-run finds every history copied
        const again = await copyRegistry(source, target);
        expect(again.aliases).toEqual({ copied: 0, skipped: 3, failed: 0 });
        // a later move in the source is added to the target's history
        await source.setAlias(task, 'staging', b);
        const resumed = await copyRegistry(source, target);
        expect(resumed.aliases).toEqual({ copied: 1, skipped: 2, failed: 0 });
        expect(await all(target, copied)).toEqual(await all(source, task));
        expect((await target.meta.getAlias(copied.id, 'staging'))?.modelId).toBe(b.id);
        // a target whose history differs is a conflict, and nothing is changed
        await target.setAlias(copied, 'canary', b);
        await source.setAlias(task, 'production', c);
        const conflicting = await copyRegistry(source, target);
        expect(conflicting.aliases).toEqual({ copied: 0, skipped: 0, failed: 1 });
        expect(conflicting.conflicts).toEqual([
          expect.objectContaining({ kind: 'alias', path: 'p/t@canary' }),
        ]);
        expect((await target.meta.getAlias(copied.id, 'production'))?.modelId).toBe(b.id);
      } finally {
        await from.close();
        await to.close();
      }
    });
  });
}
