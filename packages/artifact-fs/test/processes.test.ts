import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Child } from '@ebonite/test-utils/child-process';
import { readAll, uploads } from '@ebonite/test-utils/streams';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localArtifacts } from '../src/index.js';
import { tempFolder, tree } from './helpers.js';

// Children import the built package (`@ebonite/artifact-fs` resolves to dist/): run `pnpm --filter @ebonite/artifact-fs build` first.
const MiB = 1024 * 1024;
let dir: string;
let cleanup: () => Promise<void>;
const children: Child[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempFolder());
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
  await cleanup();
});

function child(...args: string[]): Child {
  const started = new Child(new URL('./fixtures/push-child.mjs', import.meta.url), args);
  children.push(started);
  return started;
}

async function fileSha256(file: string): Promise<string> {
  const { createReadStream } = await import('node:fs');
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest('hex');
}

/** Sizes of the files under `folder`, recursively. */
async function stagedBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { recursive: true }).catch(() => [] as string[])) {
    total += await stat(path.join(folder, entry)).then(
      (s) => (s.isFile() ? s.size : 0),
      () => 0,
    );
  }
  return total;
}

describe('several processes on one store', () => {
  it('a process killed mid-push leaves no file under model/, and the store keeps working', async () => {
    const repo = localArtifacts({ root: dir });
    await repo.push('before', uploads({ kept: 'pushed before the crash' }));
    const crashing = child(dir, 'crashed', '0', '1', 'endless');
    await crashing.next('ready');
    const deadline = Date.now() + 20_000;
    while ((await stagedBytes(path.join(dir, '.tmp'))) < 24 * MiB && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(await stagedBytes(path.join(dir, '.tmp'))).toBeGreaterThanOrEqual(24 * MiB);
    expect(await crashing.kill()).toBe(null);

    expect(await tree(path.join(dir, 'model'))).toEqual(['before', 'before/kept']);
    expect(await repo.list('crashed')).toEqual([]);
    const ids: string[] = [];
    for await (const id of repo.listModelIds()) ids.push(id);
    expect(ids).toEqual(['before']);
    await expect(repo.open('crashed', 'weights/data.bin')).rejects.toMatchObject({
      code: 'E_NO_SUCH_ARTIFACT',
    });

    const after = child(dir, 'after', String(4 * MiB), '2');
    const done = await after.next(['done', 'failed']);
    expect(done.event).toBe('done');
    expect(await repo.list('after')).toEqual([
      { name: 'seed-2.txt', size: 1 },
      { name: 'weights/data.bin', size: 4 * MiB },
    ]);
    expect(await fileSha256(path.join(dir, 'model/after/weights/data.bin'))).toBe(done.sha256);
    await repo.push('crashed', uploads({ retried: 'the crashed id is free' }));
    expect(await repo.list('crashed')).toEqual([{ name: 'retried', size: 22 }]);
  });

  it('two processes pushing the same model id at once: one wins whole, the other gets ArtifactExistsError', async () => {
    const size = 8 * MiB;
    const racers = [
      child(dir, 'same', String(size), '11', 'pause'),
      child(dir, 'same', String(size), '22', 'pause'),
    ];
    await Promise.all(racers.map((racer) => racer.next('ready')));
    for (const racer of racers) racer.send('go');
    // both are half-way through their file, past the early existence check: the commit decides
    await Promise.all(racers.map((racer) => racer.next('halfway')));
    for (const racer of racers) racer.send('go');
    const results = await Promise.all(racers.map((racer) => racer.next(['done', 'failed'])));

    const winners = results.filter((r) => r.event === 'done');
    const losers = results.filter((r) => r.event === 'failed');
    expect(winners).toHaveLength(1);
    expect(losers.map((l) => l.code)).toEqual(['E_ARTIFACT_EXISTS']);
    const winnerSeed = winners[0]!.stored[1].name;
    const repo = localArtifacts({ root: dir });
    expect(await repo.list('same')).toEqual([
      { name: winnerSeed, size: 2 },
      { name: 'weights/data.bin', size },
    ]);
    expect(await fileSha256(path.join(dir, 'model/same/weights/data.bin'))).toBe(
      winners[0]!.sha256,
    );
    expect((await readAll(await repo.open('same', winnerSeed))).toString()).toBe(
      winnerSeed.slice(5, 7),
    );
    expect(await tree(path.join(dir, '.tmp'))).toEqual([]);
  });

  it('two processes pushing different models at once do not interfere', async () => {
    const size = 8 * MiB;
    const pushers = [
      child(dir, 'left', String(size), '3', 'pause'),
      child(dir, 'right', String(size), '4', 'pause'),
    ];
    await Promise.all(pushers.map((p) => p.next('ready')));
    for (const p of pushers) p.send('go');
    await Promise.all(pushers.map((p) => p.next('halfway')));
    for (const p of pushers) p.send('go');
    const results = await Promise.all(pushers.map((p) => p.next(['done', 'failed'])));
    expect(results.map((r) => r.event)).toEqual(['done', 'done']);
    expect(await fileSha256(path.join(dir, 'model/left/weights/data.bin'))).toBe(
      results[0]!.sha256,
    );
    expect(await fileSha256(path.join(dir, 'model/right/weights/data.bin'))).toBe(
      results[1]!.sha256,
    );
    expect(await tree(path.join(dir, '.tmp'))).toEqual([]);
  });
});
