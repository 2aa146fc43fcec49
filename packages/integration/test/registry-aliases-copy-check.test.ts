import { inMemoryArtifacts } from '@ebonite/artifact-memory';
import { checkRegistry, copyRegistry, Ebonite, Model } from '@ebonite/core';
import { newId } from '@ebonite/core/plugin';
import { inMemoryMetadata } from '@ebonite/meta-local';
import { describe, expect, it } from 'vitest';

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

  it('a history that moved the alias through a model deleted since is copied up to that move and reported', async () => {
    const source = await Ebonite.inmemory();
    const target = await Ebonite.inmemory();
    const task = await source.getOrCreateTask('p', 't');
    const a = await source.pushModel(Model.create({ name: 'a' }), task);
    const b = await source.pushModel(Model.create({ name: 'b' }), task);
    await source.setAlias(task, 'production', b);
    await source.setAlias(task, 'production', a);
    await source.setAlias(task, 'production', b);
    await source.deleteModel(a);
    const report = await copyRegistry(source, target);
    expect(report.aliases).toEqual({ copied: 0, skipped: 0, failed: 1 });
    expect(report.failures).toEqual([
      expect.objectContaining({ kind: 'alias', path: 'p/t@production' }),
    ]);
    expect(report.failures[0]?.error.code).toBe('E_NON_EXISTING_MODEL');
    expect(report.failures[0]?.error.message).toContain(a.id);
    const copied = (await target.getTask('p', 't'))!;
    expect((await target.getAliasHistory(copied, 'production')).map((e) => e.modelId)).toEqual([
      b.id,
    ]);
    await source.close();
    await target.close();
  });
});
