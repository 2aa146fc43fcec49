import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ebonite, EboniteError, type EboniteErrorCode, Model } from '@ebonite/core';
import { isRegistryMarkerId } from '@ebonite/core/plugin';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Issue 9, item 3: a wrong-typed field was accepted, committed, and bricked the local registry.
const isCode = (code: EboniteErrorCode) => (e: unknown) => EboniteError.isInstance(e, code);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ebonite-types-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;
let deep: Record<string, unknown> = {};
for (let i = 0; i < 40; i++) deep = { deeper: deep };

const wrong: Array<[string, Record<string, unknown>, RegExp]> = [
  ['params as an array', { params: [1, 2] }, /params must be a plain JSON object/],
  ['params as a string', { params: 'lr=0.1' }, /params must be a plain JSON object/],
  ['a number description', { description: 5 }, /description must be a string/],
  ['a number author', { author: 42 }, /author must be a string/],
  ['requirements as a string', { requirements: 'numpy' }, /requirements must be an array/],
  ['a null requirement', { requirements: [null] }, /requirements\[0\]/],
  ['a cycle in params', { params: cyclic }, /cycle/],
  ['a BigInt in params', { params: { n: 10n } }, /bigint/],
  ['a function in params', { params: { f: () => 1 } }, /function/],
  ['a Date in params', { params: { when: new Date() } }, /a Date/],
  ['a Map in params', { params: { m: new Map() } }, /a Map/],
  ['undefined in params', { params: { u: undefined } }, /undefined/],
  ['NaN in params', { params: { x: Number.NaN } }, /NaN/],
  ['params nested beyond 32 levels', { params: deep }, /deeper than 32/],
  ['an unknown option', { labels: { a: 'b' } }, /unknown option "labels"/],
  ['artifacts as an array', { artifacts: [Buffer.from('x')] }, /artifacts must be an object/],
];

describe('Model.create checks every field before anything is read or stored', () => {
  for (const [what, fields, message] of wrong) {
    it(`refuses ${what}`, () => {
      let thrown: unknown;
      try {
        Model.create({ name: 'm', ...fields } as never);
      } catch (error) {
        thrown = error;
      }
      expect(EboniteError.isInstance(thrown, 'E_INVALID_INPUT')).toBe(true);
      expect((thrown as Error).message).toMatch(message);
    });
  }

  it('accepts plain JSON params, own "__proto__" keys included, and stores them unchanged', async () => {
    const client = await Ebonite.local({ path: join(dir, 'reg') });
    const params = JSON.parse(
      '{"lr":0.01,"layers":[64,32],"opt":{"name":"adam","__proto__":{"x":1}},"none":null}',
    );
    const task = await client.getOrCreateTask('p', 't');
    await client.pushModel(Model.create({ name: 'm', params }), task);
    await client.close();
    const again = await Ebonite.local({ path: join(dir, 'reg') });
    const model = await again.getModel('m', await again.getOrCreateTask('p', 't'));
    expect(JSON.stringify(model!.params)).toBe(JSON.stringify(params));
    expect(Object.keys(model!.params.opt as object)).toEqual(['name', '__proto__']);
    await again.close();
  });
});

describe('the core checks a record before any plugin stores it', () => {
  it('a model whose fields were changed after Model.create is refused before its files are uploaded', async () => {
    const client = await Ebonite.local({ path: join(dir, 'reg') });
    const task = await client.getOrCreateTask('p', 't');
    const model = Model.create({ name: 'm', artifacts: { 'a.bin': Buffer.from('x') } });
    (model as { params: unknown }).params = [1, 2];
    await expect(client.pushModel(model, task)).rejects.toSatisfy(isCode('E_INVALID_INPUT'));
    const ids: string[] = [];
    for await (const id of client.artifacts.listModelIds())
      if (!isRegistryMarkerId(id)) ids.push(id);
    expect(ids).toEqual([]);
    await client.close();
    // The registry still opens and reads in a new client.
    const again = await Ebonite.local({ path: join(dir, 'reg') });
    expect((await again.getProjects()).map((p) => p.name)).toEqual(['p']);
    await again.close();
  });

  it('a record with a wrong type given straight to the repository is refused', async () => {
    const client = await Ebonite.local({ path: join(dir, 'reg') });
    const task = await client.getOrCreateTask('p', 't');
    const record = { ...Model.create({ name: 'm' }).toRecord(), taskId: task.id };
    await expect(client.meta.createModel({ ...record, params: [1] as never })).rejects.toSatisfy(
      isCode('E_INVALID_INPUT'),
    );
    await expect(
      client.meta.createModel({ ...record, requirements: 'numpy' as never }),
    ).rejects.toSatisfy(isCode('E_INVALID_INPUT'));
    await expect(
      client.meta.createModel({ ...record, artifacts: [{ name: 'a', size: 1 }] as never }),
    ).rejects.toSatisfy(isCode('E_INVALID_INPUT'));
    await client.close();
    expect(await readFile(join(dir, 'reg', 'metadata.json'), 'utf8')).not.toContain('numpy');
  });
});
