import { inMemoryArtifacts } from '@ebonite/artifact-memory';
import { copyRegistry, Ebonite, EboniteError, Model } from '@ebonite/core';
import { CONTRACT_METHODS, type MetadataRepositoryV1 } from '@ebonite/core/plugin';
import { inMemoryMetadata } from '@ebonite/meta-local';
import { describe, expect, it } from 'vitest';

/** Drops the v2 fields a v1 plugin never returns. */
function strip<T>(value: T): T {
  if (Array.isArray(value)) return value.map(strip) as T;
  if (value === null || typeof value !== 'object') return value;
  const { tags: _t, version: _v, ...rest } = value as Record<string, unknown>;
  return rest as T;
}

/**
 * A third party's plugin of contract v1, made from the real in-memory repository: only the v1
 * methods, records without tags and version, the v1 `createModel` (the name is given).
 */
function v1Plugin(): MetadataRepositoryV1 & { received: unknown[] } {
  const inner = inMemoryMetadata();
  const received: unknown[] = [];
  const plugin: Record<string, unknown> = { specificationVersion: 'v1', type: 'acme-v1', received };
  for (const method of CONTRACT_METHODS.metadata) {
    const call = (inner as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
      method
    ]!;
    plugin[method] = async (...args: unknown[]) => {
      if (method.startsWith('create') || method.startsWith('update')) received.push(args[0]);
      const given =
        method === 'createModel' ? [{ ...(args[0] as object), version: null, tags: {} }] : args;
      return strip(await call.apply(inner, given));
    };
  }
  return plugin as unknown as MetadataRepositoryV1 & { received: unknown[] };
}

describe('a v1 metadata plugin with real artifacts', () => {
  it('refuses an unnamed or tagged push before any file is uploaded, naming the plugin', async () => {
    const artifacts = inMemoryArtifacts();
    const client = new Ebonite(v1Plugin(), artifacts);
    const task = await client.getOrCreateTask('p', 't');
    for (const options of [{}, { name: 'm', tags: { stage: 'x' } }]) {
      const error = await client
        .pushModel(Model.create({ ...options, artifacts: { 'w.bin': Buffer.from('w') } }), task)
        .catch((e: unknown) => e);
      expect(EboniteError.isInstance(error, 'E_NOT_SUPPORTED')).toBe(true);
      expect((error as Error).message).toMatch(/"acme-v1".*contract v1/);
    }
    const stored: string[] = [];
    for await (const id of client.artifacts.listModelIds()) stored.push(id);
    expect(stored.filter((id) => !id.startsWith('ebonite-registry-'))).toEqual([]);
    await client.close();
  });

  it('copies into a v2 registry, and a v2 registry with tags and versions into it with failures reported', async () => {
    const plugin = v1Plugin();
    const old = new Ebonite(plugin, inMemoryArtifacts());
    const task = await old.getOrCreateTask('p', 't');
    await old.pushModel(
      Model.create({ name: 'a', artifacts: { 'w.bin': Buffer.from('a') } }),
      task,
    );
    const modern = await Ebonite.inmemory();
    const up = await copyRegistry(old, modern);
    expect([up.models.copied, up.failures]).toEqual([1, []]);
    const copied = (await modern.getModel('a', (await modern.getTask('p', 't'))!))!;
    expect([copied.version, copied.tags]).toEqual([null, {}]);

    const t2 = await modern.getOrCreateTask('q', 'u');
    await modern.pushModel(Model.create({ artifacts: {} }), t2); // v1, versioned
    await modern.pushModel(Model.create({ name: 'plain' }), t2);
    const down = await copyRegistry(modern, old, { filter: 'q' });
    expect(down.models.copied).toBe(1);
    expect(down.failures.map((f) => [f.path, f.error.code])).toEqual([
      ['q/u/v1', 'E_NOT_SUPPORTED'],
    ]);
    for (const record of plugin.received) {
      expect(record).not.toHaveProperty('tags');
      expect(record).not.toHaveProperty('version');
    }
    await old.close();
    await modern.close();
  });
});
