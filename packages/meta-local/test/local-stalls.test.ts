import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localMetadata } from '../src/local-metadata-repository.js';
import { readStore } from './helpers/read-store.js';
import { project, task } from './helpers/records.js';
import { tempFolder } from './helpers/temp-folder.js';
import { runWorker, startWorker, type Worker, waitForFile } from './helpers/workers.js';

// Writer A is stopped (SIGSTOP, by the EBONITE_TEST_PAUSE hook) at an exact point while it holds
// the lock; B takes the lock over once it is stale (the workers use staleLockMs 2000) and writes;
// then A gets SIGCONT. Whatever A does next, no acknowledged write may be lost and the registry must
// still open.

async function storeWithTask(): Promise<{ folder: string; taskId: string }> {
  const folder = tempFolder();
  const repo = localMetadata({ path: folder });
  const p = await repo.createProject(project());
  const t = await repo.createTask(task(p.id));
  await repo.close();
  return { folder, taskId: t.id };
}

/** Starts a worker that stops itself at `point`, and resolves once it has. */
async function stoppedWorker(job: Record<string, unknown>, point: string): Promise<Worker> {
  const marker = path.join(tempFolder(), 'stopped');
  const worker = startWorker(job, 40_000, {
    env: { ...process.env, EBONITE_TEST_PAUSE: point, EBONITE_TEST_PAUSE_MARKER: marker },
  });
  await Promise.race([
    waitForFile(marker),
    worker.done.then((end) => {
      throw new Error(`worker ended before it stopped at ${point}: ${end.stderr}`);
    }),
  ]);
  return worker;
}

/** The names of the task's models, as a fresh process reads them. */
function namesInFreshProcess(folder: string, taskId: string): Promise<string[]> {
  return runWorker({ mode: 'list', path: folder, taskId });
}

describe('local: a writer stalled past staleLockMs while holding the lock', () => {
  it('stopped after appending its line (before its fdatasync returns): B’s acknowledged write survives A’s close()', {
    timeout: 40_000,
  }, async () => {
    const { folder, taskId } = await storeWithTask();
    const a = await stoppedWorker(
      { mode: 'create', path: folder, taskId, prefix: 'a', count: 1, close: true },
      'after-append',
    );
    // B waits for A's lock to go stale, takes it over, writes, and stays (no close, no exit hook)
    const b = startWorker({
      mode: 'create',
      path: folder,
      taskId,
      prefix: 'b',
      count: 1,
      close: false,
      stay: true,
    });
    await b.waitFor((line) => line === 'ok b-0');
    a.child.kill('SIGCONT');
    const endA = await a.done;
    b.child.kill('SIGKILL');
    await b.done;

    const names = await namesInFreshProcess(folder, taskId);
    expect(names).toContain('b-0');
    // A's line was in the journal before B took over, so B read it and A's write stands
    expect(endA.code, endA.stderr).toBe(0);
    expect(a.lines).toEqual(['ok a-0']);
    expect(names.sort()).toEqual(['a-0', 'b-0']);
  });

  it('stopped just before appending: of two creates of one name exactly one is acknowledged, the other gets a typed error, and the registry opens', {
    timeout: 40_000,
  }, async () => {
    const { folder, taskId } = await storeWithTask();
    const a = await stoppedWorker(
      { mode: 'race', path: folder, taskId, names: ['x'] },
      'before-append',
    );
    const b = startWorker({ mode: 'race', path: folder, taskId, names: ['x'] });
    const endB = await b.done;
    expect(endB.code, endB.stderr).toBe(0);
    expect(b.lines).toEqual(['won x']);
    a.child.kill('SIGCONT');
    const endA = await a.done;
    expect(endA.code, endA.stderr).toBe(0);
    // A planned its create on a state without "x": its line, written under the lost lock, is ignored
    expect(a.lines).toEqual(['lost x E_BACKEND']);

    expect(await namesInFreshProcess(folder, taskId)).toEqual(['x']);
    const stored = [...readStore(folder).models.values()];
    expect(stored.map((m) => m.description)).toEqual([`written by process ${b.child.pid}`]);
  });

  it('stopped in a compaction before replacing metadata.json: the writes made meanwhile by others survive', {
    timeout: 40_000,
  }, async () => {
    const { folder, taskId } = await storeWithTask();
    const a = await stoppedWorker(
      { mode: 'create', path: folder, taskId, prefix: 'a', count: 2, close: true },
      'before-snapshot-rename',
    );
    // B takes over, writes and compacts (close); C writes and compacts again
    await runWorker({ mode: 'create', path: folder, taskId, prefix: 'b', count: 2, close: true });
    await runWorker({ mode: 'create', path: folder, taskId, prefix: 'c', count: 1, close: true });
    const generation = readStore(folder).generation;
    a.child.kill('SIGCONT');
    const endA = await a.done;
    expect(endA.code, endA.stderr).toBe(0);

    expect((await namesInFreshProcess(folder, taskId)).sort()).toEqual([
      'a-0',
      'a-1',
      'b-0',
      'b-1',
      'c-0',
    ]);
    expect(readStore(folder).generation).toBeGreaterThanOrEqual(generation);
  });

  it('stopped in a compaction before removing the journal: the journal another process started meanwhile survives', {
    timeout: 40_000,
  }, async () => {
    const { folder, taskId } = await storeWithTask();
    const a = await stoppedWorker(
      { mode: 'create', path: folder, taskId, prefix: 'a', count: 2, close: true },
      'before-journal-retire',
    );
    const b = startWorker({
      mode: 'create',
      path: folder,
      taskId,
      prefix: 'b',
      count: 2,
      close: false,
      stay: true,
    });
    await b.waitFor((line) => line === 'ok b-1');
    const journal = readFileSync(path.join(folder, 'metadata.journal'), 'utf8');
    a.child.kill('SIGCONT');
    const endA = await a.done;
    expect(endA.code, endA.stderr).toBe(0);
    b.child.kill('SIGKILL');
    await b.done;

    expect(journal).toContain('"b-1"');
    expect((await namesInFreshProcess(folder, taskId)).sort()).toEqual([
      'a-0',
      'a-1',
      'b-0',
      'b-1',
    ]);
  });
});
