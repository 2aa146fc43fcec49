import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Ebonite, EboniteError, type EboniteErrorCode, Model } from '@ebonite/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Issue 9, item 2: pushing the same Model object twice deleted the first push's files.
const isCode = (code: EboniteErrorCode) => (e: unknown) => EboniteError.isInstance(e, code);
let dir: string;
let client: Ebonite;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ebonite-repush-'));
  client = await Ebonite.local({ path: join(dir, 'reg') });
});
afterEach(async () => {
  await client.close();
  await rm(dir, { recursive: true, force: true });
});

const files = () => ({ 'a.bin': Buffer.from('first push'), 'sub/b.txt': Buffer.from('kept') });

describe('the same Model object pushed twice', () => {
  it('into a second task is refused, and the first push keeps its files', async () => {
    const taskA = await client.getOrCreateTask('p', 'a');
    const taskB = await client.getOrCreateTask('p', 'b');
    const model = Model.create({ name: 'm', artifacts: files() });
    const first = await client.pushModel(model, taskA);
    await expect(client.pushModel(model, taskB)).rejects.toSatisfy(isCode('E_ALREADY_PUSHED'));
    const again = await client.getModel('m', taskA);
    expect(Buffer.from((await again!.files.bytesDict())['a.bin']!).toString()).toBe('first push');
    expect(await client.getModels(taskB)).toEqual([]);
    expect(first.id).toBe(model.id);
  });

  it('concurrently (a retry wrapper): one push wins with all its files, the other is refused', async () => {
    const task = await client.getOrCreateTask('p', 't');
    const model = Model.create({ name: 'm', artifacts: files() });
    const results = await Promise.allSettled([
      client.pushModel(model, task),
      client.pushModel(model, task),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(EboniteError.isInstance(refused.reason, 'E_ALREADY_PUSHED')).toBe(true);
    const stored = await client.getModel('m', task);
    const bytes = await stored!.files.bytesDict();
    expect(Object.keys(bytes).sort()).toEqual(['a.bin', 'sub/b.txt']);
  });

  it('through two clients of one registry: the second is refused without touching the files', async () => {
    const other = await Ebonite.local({ path: join(dir, 'reg') });
    try {
      const task = await client.getOrCreateTask('p', 't');
      const model = Model.create({ name: 'm', artifacts: files() });
      await client.pushModel(model, task);
      await expect(other.pushModel(model, task)).rejects.toSatisfy(isCode('E_ALREADY_PUSHED'));
      const stored = await other.getModel('m', task);
      expect(Object.keys(await stored!.files.bytesDict()).sort()).toEqual(['a.bin', 'sub/b.txt']);
    } finally {
      await other.close();
    }
  });

  it('after a failed push (name taken), the same object can be pushed elsewhere', async () => {
    const task = await client.getOrCreateTask('p', 't');
    const elsewhere = await client.getOrCreateTask('p', 'elsewhere');
    await client.pushModel(Model.create({ name: 'm', artifacts: files() }), task);
    const model = Model.create({ name: 'm', artifacts: files() });
    await expect(client.pushModel(model, task)).rejects.toSatisfy(isCode('E_EXISTING_MODEL'));
    const pushed = await client.pushModel(model, elsewhere);
    expect(Object.keys(await pushed.files.bytesDict()).sort()).toEqual(['a.bin', 'sub/b.txt']);
  });

  it('a model id whose files are already stored is refused, never cleaned up', async () => {
    const task = await client.getOrCreateTask('p', 't');
    const model = Model.create({ name: 'm', artifacts: files() });
    const pushed = await client.pushModel(model, task);
    // Another object carrying the same id (as a copy or a hand-made record would): the files stay.
    const twin = new Model(
      { ...model.toRecord(), name: 'twin' },
      new Map([['x', Readable.from([Buffer.from('x')])]]),
    );
    await expect(client.pushModel(twin, task)).rejects.toSatisfy(isCode('E_ARTIFACT_EXISTS'));
    expect(Object.keys(await pushed.files.bytesDict()).sort()).toEqual(['a.bin', 'sub/b.txt']);
  });
});
