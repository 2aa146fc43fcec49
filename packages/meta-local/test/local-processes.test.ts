import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localMetadata } from '../src/local-metadata-repository.js';
import { readStore } from './helpers/read-store.js';
import { model, project, task } from './helpers/records.js';
import { tempFolder } from './helpers/temp-folder.js';
import { runWorker, startWorker } from './helpers/workers.js';

/** A store with one project and one task, and the repository that made them (closed). */
async function storeWithTask(): Promise<{ folder: string; taskId: string }> {
  const folder = tempFolder();
  const repo = localMetadata({ path: folder });
  const p = await repo.createProject(project());
  const t = await repo.createTask(task(p.id));
  await repo.close();
  return { folder, taskId: t.id };
}

describe('local: several processes', () => {
  it('another process sees what this one wrote, and this one sees what it wrote, both without closing', async () => {
    const { folder, taskId } = await storeWithTask();
    const repo = localMetadata({ path: folder });
    await runWorker({
      mode: 'create',
      path: folder,
      taskId,
      prefix: 'child',
      count: 3,
      close: false,
    });
    expect((await repo.getModels(taskId)).map((m) => m.name)).toEqual([
      'child-0',
      'child-1',
      'child-2',
    ]);
    await repo.createModel(model(taskId, 'parent'));
    expect(await runWorker({ mode: 'list', path: folder, taskId })).toEqual([
      'child-0',
      'child-1',
      'child-2',
      'parent',
    ]);
    await repo.close();
  });

  it('a process that exits without close() leaves metadata.json alone complete (the exit hook compacts)', async () => {
    const { folder, taskId } = await storeWithTask();
    await runWorker({ mode: 'exit', path: folder, taskId, prefix: 'exit', count: 5 });
    expect(existsSync(path.join(folder, 'metadata.journal'))).toBe(false);
    const doc = JSON.parse(readFileSync(path.join(folder, 'metadata.json'), 'utf8'));
    expect(doc.models.map((m: { name: string }) => m.name)).toEqual([
      'exit-0',
      'exit-1',
      'exit-2',
      'exit-3',
      'exit-4',
    ]);
  });

  it('4 processes x 50 creates into one task at once: no update is lost', {
    timeout: 30_000,
  }, async () => {
    const { folder, taskId } = await storeWithTask();
    const workers = [0, 1, 2, 3].map((n) =>
      startWorker({
        mode: 'create',
        path: folder,
        taskId,
        prefix: `w${n}`,
        count: 50,
        close: n % 2 === 0,
        waitForGo: true,
      }),
    );
    await Promise.all(workers.map((w) => w.waitFor((line) => line === 'ready')));
    for (const w of workers) w.child.stdin!.write('go\n');
    const ends = await Promise.all(workers.map((w) => w.done));
    for (const end of ends) expect(end.code, end.stderr).toBe(0);

    const expected = [0, 1, 2, 3]
      .flatMap((n) => Array.from({ length: 50 }, (_, i) => `w${n}-${i}`))
      .sort();
    const repo = localMetadata({ path: folder });
    expect((await repo.getModels(taskId)).map((m) => m.name).sort()).toEqual(expected);
    await repo.close();
    expect(existsSync(path.join(folder, 'metadata.journal'))).toBe(false);
    expect([...readStore(folder).models.values()].map((m) => m.name).sort()).toEqual(expected);
  });

  it('the same names created by 4 processes at once: exactly one wins each, the others get ExistingModelError', {
    timeout: 30_000,
  }, async () => {
    const { folder, taskId } = await storeWithTask();
    const names = Array.from({ length: 25 }, (_, i) => `contested-${i}`);
    const workers = [0, 1, 2, 3].map(() =>
      startWorker({ mode: 'race', path: folder, taskId, names, waitForGo: true }),
    );
    await Promise.all(workers.map((w) => w.waitFor((line) => line === 'ready')));
    for (const w of workers) w.child.stdin!.write('go\n');
    for (const end of await Promise.all(workers.map((w) => w.done)))
      expect(end.code, end.stderr).toBe(0);

    const outcomes = workers.flatMap((w) => w.lines.filter((line) => line !== 'ready'));
    for (const name of names) {
      expect(
        outcomes.filter((line) => line === `won ${name}`),
        name,
      ).toHaveLength(1);
      expect(
        outcomes.filter((line) => line === `lost ${name} E_EXISTING_MODEL`),
        name,
      ).toHaveLength(3);
    }
    const stored = [...readStore(folder).models.values()];
    expect(stored.map((m) => m.name).sort()).toEqual([...names].sort());
  });

  it('kill -9 in the middle of many writes: on reopening, the state is consistent and every acknowledged write is there', {
    timeout: 40_000,
  }, async () => {
    const { folder, taskId } = await storeWithTask();
    for (const [round, killAfter] of [23, 71].entries()) {
      const prefix = `crash${round}`;
      const worker = startWorker({
        mode: 'create',
        path: folder,
        taskId,
        prefix,
        count: 100_000,
        close: false,
      });
      await worker.waitFor((_line, count) => count >= killAfter);
      // a random pause, so the kill does not always land just after a write returned (often mid-write, holding the lock)
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
      worker.child.kill('SIGKILL');
      const end = await worker.done;
      expect(end.signal).toBe('SIGKILL');
      const acknowledged = worker.lines.filter((l) => l.startsWith('ok ')).map((l) => l.slice(3));
      expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);

      // staleLockMs 2000: the lock the killed process may have held is taken over within a few seconds
      const repo = localMetadata({ path: folder, staleLockMs: 2000 });
      const names = (await repo.getModels(taskId))
        .map((m) => m.name)
        .filter((n) => n.startsWith(`${prefix}-`));
      expect(names.slice(0, acknowledged.length).sort()).toEqual([...acknowledged].sort());
      // at most the write in flight at the kill made it without being acknowledged
      expect(names.length - acknowledged.length).toBeLessThanOrEqual(1);
      expect(names.sort()).toEqual(
        Array.from({ length: names.length }, (_, i) => `${prefix}-${i}`).sort(),
      );
      await repo.createModel(model(taskId, `${prefix}-after`));
      await repo.close();
      const stored = [...readStore(folder).models.values()]
        .map((m) => m.name)
        .filter((n) => n.startsWith(`${prefix}-`));
      expect(stored).toHaveLength(names.length + 1);
    }
  });
});
