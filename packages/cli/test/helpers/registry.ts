import { checkRegistry, type Ebonite, Model } from '@ebonite/core';
import { isRegistryMarkerId } from '@ebonite/core/plugin';

/** Bytes that differ per seed, so a wrong file never passes for another. */
export function bytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 131 + seed * 17 + (i >> 10)) & 0xff;
  return out;
}

/** Fills a registry with `count` models of `size` bytes in project/task, through the core API. */
export async function fill(
  client: Ebonite,
  project: string,
  task: string,
  count: number,
  size: number,
): Promise<Model[]> {
  const t = await client.getOrCreateTask(project, task);
  const models: Model[] = [];
  for (let i = 0; i < count; i++) {
    models.push(
      await client.pushModel(
        Model.create({
          name: `model-${String(i).padStart(3, '0')}`,
          artifacts: { 'weights.bin': bytes(size, i), 'meta.json': Buffer.from(`{"i":${i}}`) },
          params: { i },
        }),
        t,
      ),
    );
  }
  return models;
}

/** Every model of a registry: id, path, and the full record, in path order. */
export async function inventory(client: Ebonite) {
  const out: Array<{ path: string; id: string; record: ReturnType<Model['toRecord']> }> = [];
  for (const project of await client.getProjects()) {
    for (const task of await client.getTasks(project)) {
      for (const model of await client.getModels(task))
        out.push({
          path: `${project.name}/${task.name}/${model.name}`,
          id: model.id,
          record: model.toRecord(),
        });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The model ids the artifact repository holds files for. */
export async function artifactIds(client: Ebonite): Promise<string[]> {
  const ids: string[] = [];
  // Registry markers (one per registry using the store) hold no model's files.
  for await (const id of client.artifacts.listModelIds()) if (!isRegistryMarkerId(id)) ids.push(id);
  return ids.sort();
}

/** Asserts the target holds exactly the source's models (same ids and records), no orphans, every digest verified. */
export async function expectSameRegistry(
  source: Ebonite,
  target: Ebonite,
  expect: typeof import('vitest').expect,
): Promise<void> {
  const [a, b] = [await inventory(source), await inventory(target)];
  expect(b.map((m) => m.id)).toEqual(a.map((m) => m.id));
  expect(new Set(b.map((m) => m.id)).size).toBe(b.length);
  expect(b).toEqual(a);
  expect(await artifactIds(target)).toEqual(
    a
      .filter((m) => m.record.artifacts.length)
      .map((m) => m.id)
      .sort(),
  );
  const check = await checkRegistry(target, { verify: true });
  expect(check).toMatchObject({ ok: true, problems: [], orphans: [], modelsChecked: a.length });
}
