import { describe, expect, it } from 'vitest';
import { localMetadata } from '../src/local-metadata-repository.js';
import { readStore } from './helpers/read-store.js';
import { newModel, project, task } from './helpers/records.js';
import { tempFolder } from './helpers/temp-folder.js';
import { startWorker } from './helpers/workers.js';

/** A store with one project and one task (and `models` named models in it), closed. */
async function storeWithTask(models = 0) {
  const folder = tempFolder();
  const repo = localMetadata({ path: folder });
  const p = await repo.createProject(project());
  const t = await repo.createTask(task(p.id));
  const modelIds: string[] = [];
  for (let i = 0; i < models; i++)
    modelIds.push((await repo.createModel(newModel(t.id, `m${i}`))).id);
  await repo.close();
  return { folder, taskId: t.id, modelIds };
}

/** Starts workers, waits until all are ready, then lets them go at once. */
async function race(jobs: Array<Record<string, unknown>>, timeoutMs = 120_000) {
  const workers = jobs.map((job) => startWorker({ ...job, waitForGo: true }, timeoutMs));
  await Promise.all(workers.map((w) => w.waitFor((line) => line === 'ready')));
  for (const w of workers) w.child.stdin!.write('go\n');
  for (const end of await Promise.all(workers.map((w) => w.done)))
    expect(end.code, end.stderr).toBe(0);
  return workers.map((w) => w.lines.filter((line) => line !== 'ready'));
}

describe('local: several processes, contract v2', () => {
  it('8 processes x 100 unnamed creates into one task give v1..v800, none lost, none failed', {
    timeout: 180_000,
  }, async () => {
    const { folder, taskId } = await storeWithTask();
    const outputs = await race(
      Array.from({ length: 8 }, () => ({ mode: 'unnamed', path: folder, taskId, count: 100 })),
    );
    const acknowledged = outputs.flat().map((line) => line.replace(/^ok /, ''));
    const all = Array.from({ length: 800 }, (_, i) => `v${i + 1}`);
    expect([...acknowledged].sort()).toEqual([...all].sort());
    // each process saw its own versions rise
    for (const lines of outputs) {
      const numbers = lines.map((line) => Number(line.slice('ok v'.length)));
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    }
    const store = readStore(folder);
    const stored = [...store.models.values()];
    expect(stored.map((m) => m.name).sort()).toEqual([...all].sort());
    expect(stored.every((m) => m.name === `v${m.version}`)).toBe(true);
    expect(store.versions.get(taskId)).toBe(800);
    const repo = localMetadata({ path: folder });
    expect((await repo.createModel(newModel(taskId, null))).name).toBe('v801');
    await repo.close();
  });

  it('racing alias moves from 4 processes: one winner, and a complete, chained history', {
    timeout: 120_000,
  }, async () => {
    const { folder, taskId, modelIds } = await storeWithTask(3);
    const outputs = await race(
      [0, 1, 2, 3].map((n) => ({
        mode: 'alias',
        path: folder,
        taskId,
        alias: 'production',
        modelIds,
        offset: n,
        count: 30,
      })),
    );
    expect(outputs.flat()).toHaveLength(120);
    const repo = localMetadata({ path: folder });
    const alias = await repo.getAlias(taskId, 'production');
    const history = await repo.getAliasHistory(taskId, 'production');
    await repo.close();
    // in the files, read without the package, the events are in commit order: each one starts
    // where the previous one ended, the first from nothing, the last where the alias points
    const recorded = readStore(folder).aliasHistory;
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.length).toBeLessThanOrEqual(120);
    expect(recorded[0]!.previousModelId).toBeNull();
    for (let i = 1; i < recorded.length; i++) {
      expect(recorded[i]!.previousModelId).toBe(recorded[i - 1]!.modelId);
      expect(recorded[i]!.modelId).not.toBe(recorded[i]!.previousModelId);
    }
    expect(alias?.modelId).toBe(recorded[recorded.length - 1]!.modelId);
    // getAliasHistory gives the same events newest first by their stamps (taken before the commit)
    expect(history).toHaveLength(recorded.length);
    expect(history.map((e) => e.at)).toEqual(
      history.map((e) => e.at).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)),
    );
    expect(new Set(history.map((e) => JSON.stringify(e)))).toEqual(
      new Set(recorded.map((e) => JSON.stringify(e))),
    );
  });
});
