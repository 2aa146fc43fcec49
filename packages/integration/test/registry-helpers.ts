import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ebonite, EboniteError, type EboniteErrorCode, Model, type Task } from '@ebonite/core';

/** A byte pattern that differs per seed, so a wrong file never passes for another. */
export function bytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed * 7) & 0xff;
  return out;
}

export const isCode = (code: EboniteErrorCode) => (error: unknown) =>
  EboniteError.isInstance(error, code);

/** Pushes `count` models of two files each into project/task. */
export async function seed(
  client: Ebonite,
  project: string,
  task: string,
  count: number,
  size = 1000,
): Promise<{ task: Task; models: Model[] }> {
  const t = await client.getOrCreateTask(project, task);
  const models: Model[] = [];
  for (let i = 0; i < count; i++) {
    const model = Model.create({
      name: `m${i}`,
      artifacts: {
        'weights.bin': bytes(size + i, i),
        'conf/settings.json': Buffer.from(JSON.stringify({ i })),
      },
      params: { i, nested: { lr: 0.1 * i } },
      description: `model ${i}`,
      author: `author-${i}`,
    });
    models.push(await client.pushModel(model, t));
  }
  return { task: t, models };
}

/** A temporary folder for local registries, removed by `cleanup`. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ebonite-registry-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Every model of a client with its record, keyed by `project/task/model`. */
export async function snapshot(
  client: Ebonite,
): Promise<Map<string, ReturnType<Model['toRecord']>>> {
  const out = new Map<string, ReturnType<Model['toRecord']>>();
  for (const project of await client.getProjects()) {
    for (const task of await client.getTasks(project)) {
      for (const model of await client.getModels(task))
        out.set(`${project.name}/${task.name}/${model.name}`, model.toRecord());
    }
  }
  return out;
}

export async function localClient(dir: string, name: string): Promise<Ebonite> {
  return Ebonite.local({ path: join(dir, name) });
}
