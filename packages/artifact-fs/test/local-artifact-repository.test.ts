import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ArtifactExistsError, EboniteError, NoSuchArtifactError } from '@ebonite/core/plugin';
import { readAll, uploads } from '@ebonite/test-utils/streams';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ebonitePlugin, LocalArtifactRepository, localArtifacts } from '../src/index.js';
import { tempFolder, tree } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let repo: LocalArtifactRepository;

beforeEach(async () => {
  ({ dir, cleanup } = await tempFolder());
  repo = localArtifacts({ root: path.join(dir, 'store') });
});
afterEach(() => cleanup());

describe('LocalArtifactRepository', () => {
  it('stores files as plain files under model/<id>/ and reads them back', async () => {
    const stored = await repo.push(
      'm1',
      uploads({ 'model.onnx': 'graph', 'tokenizer/vocab.txt': 'a\nb' }),
    );
    expect(stored).toEqual([
      { name: 'model.onnx', size: 5 },
      { name: 'tokenizer/vocab.txt', size: 3 },
    ]);
    expect(await readFile(path.join(dir, 'store/model/m1/model.onnx'), 'utf8')).toBe('graph');
    expect(await readFile(path.join(dir, 'store/model/m1/tokenizer/vocab.txt'), 'utf8')).toBe(
      'a\nb',
    );
    expect((await readAll(await repo.open('m1', 'tokenizer/vocab.txt'))).toString()).toBe('a\nb');
    expect(await tree(path.join(dir, 'store/.tmp'))).toEqual([]);
  });

  it('keeps empty files and deep sub-folders', async () => {
    const deep = 'a/b/c/d/e/f/g/h/weights.bin';
    await repo.push(
      'm1',
      uploads({ empty: '', [deep]: new Uint8Array([1, 2, 3]), 'a/empty-too': '' }),
    );
    expect(await repo.list('m1')).toEqual([
      { name: 'a/b/c/d/e/f/g/h/weights.bin', size: 3 },
      { name: 'a/empty-too', size: 0 },
      { name: 'empty', size: 0 },
    ]);
    expect((await stat(path.join(dir, 'store/model/m1/empty'))).size).toBe(0);
    expect(await readAll(await repo.open('m1', 'empty'))).toEqual(Buffer.alloc(0));
    expect([...(await readAll(await repo.open('m1', deep)))]).toEqual([1, 2, 3]);
  });

  it('lists names sorted by code unit with sizes, and [] for an unknown model', async () => {
    await repo.push('m1', uploads({ b: 'bb', 'a/z': 'z', 'a-b': '', A: 'x' }));
    expect((await repo.list('m1')).map((a) => a.name)).toEqual(['A', 'a-b', 'a/z', 'b']);
    expect(await repo.list('nobody')).toEqual([]);
  });

  it('never mixes model 1 with model 10', async () => {
    await repo.push('1', uploads({ one: '1' }));
    await repo.push('10', uploads({ ten: '10' }));
    expect(await repo.list('1')).toEqual([{ name: 'one', size: 1 }]);
    await repo.delete('1');
    expect(await repo.list('10')).toEqual([{ name: 'ten', size: 2 }]);
    expect(await collectIds(repo)).toEqual(['10']);
  });

  it('refuses a second push to a model that has files, leaving the first intact', async () => {
    await repo.push('m1', uploads({ a: 'first' }));
    const error = await repo.push('m1', uploads({ b: 'second' })).catch((e) => e);
    expect(error).toBeInstanceOf(ArtifactExistsError);
    expect(EboniteError.isInstance(error, 'E_ARTIFACT_EXISTS')).toBe(true);
    expect(await repo.list('m1')).toEqual([{ name: 'a', size: 5 }]);
    expect(await tree(path.join(dir, 'store/.tmp'))).toEqual([]);
  });

  it('accepts a push onto an empty leftover model folder', async () => {
    await mkdir(path.join(dir, 'store/model/m1'), { recursive: true });
    await repo.push('m1', uploads({ a: 'x' }));
    expect(await repo.list('m1')).toEqual([{ name: 'a', size: 1 }]);
  });

  it('stores nothing for a push without files', async () => {
    expect(await repo.push('m1', uploads({}))).toEqual([]);
    expect(await collectIds(repo)).toEqual([]);
    expect(await tree(path.join(dir, 'store/model'))).toEqual([]);
  });

  it('throws NoSuchArtifactError with a cause for a missing file, model or folder name', async () => {
    await repo.push('m1', uploads({ 'dir/file': 'x' }));
    for (const [model, name] of [
      ['m1', 'nope'],
      ['m2', 'file'],
      ['m1', 'dir'],
      ['m1', 'dir/file/below'],
    ] as const) {
      const error = await repo.open(model, name).catch((e) => e);
      expect(error, `${model}/${name}`).toBeInstanceOf(NoSuchArtifactError);
      expect(error.code).toBe('E_NO_SUCH_ARTIFACT');
      expect(error.cause).toBeDefined();
    }
  });

  it('deletes a model recursively, and deleting nothing is fine', async () => {
    await repo.push('m1', uploads({ 'a/b/c': 'x', d: 'y' }));
    await repo.push('m2', uploads({ e: 'z' }));
    await repo.delete('m1');
    await repo.delete('m1');
    await repo.delete('never');
    expect(await repo.list('m1')).toEqual([]);
    expect(await tree(path.join(dir, 'store/model'))).toEqual(['m2', 'm2/e']);
    expect(await tree(path.join(dir, 'store/.tmp'))).toEqual([]);
    await repo.push('m1', uploads({ again: '!' }));
    expect(await repo.list('m1')).toEqual([{ name: 'again', size: 1 }]);
  });

  it('lists the ids of models that have files, ignoring empty folders and stray files', async () => {
    expect(await collectIds(repo)).toEqual([]);
    await repo.push('m1', uploads({ a: 'x' }));
    await repo.push('m2', uploads({ 'deep/b': 'y' }));
    await mkdir(path.join(dir, 'store/model/empty'));
    await writeFile(path.join(dir, 'store/model/stray.txt'), 'not a model');
    expect((await collectIds(repo)).sort()).toEqual(['m1', 'm2']);
  });

  it('creates nothing on disk until the first push', async () => {
    await repo.list('m1');
    await repo.delete('m1');
    await collectIds(repo);
    await repo.open('m1', 'a').catch(() => undefined);
    expect(await tree(dir)).toEqual([]);
  });

  it('reports its type and an absolute root as config, and its plugin recreates it', async () => {
    const relative = localArtifacts({ root: 'some/relative/root' });
    expect(relative.getConfig()).toEqual({ root: path.resolve('some/relative/root') });
    expect(LocalArtifactRepository.type).toBe('local');
    expect(repo.type).toBe('local');
    expect(repo.specificationVersion).toBe('v1');
    await repo.push('m1', uploads({ a: 'x' }));
    const again = await ebonitePlugin.artifact!.local!(repo.getConfig());
    expect(await again.list('m1')).toEqual([{ name: 'a', size: 1 }]);
    await again.close();
  });

  it('rejects options without a root with E_INVALID_CONFIG', async () => {
    expect(() => ebonitePlugin.artifact!.local!({})).toThrow(
      expect.objectContaining({ code: 'E_INVALID_CONFIG' }),
    );
    expect(() => ebonitePlugin.artifact!.local!({ root: '/x', highWaterMark: -1 })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_CONFIG' }),
    );
    expect(() => localArtifacts({ root: '' })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_CONFIG' }),
    );
  });
});

async function collectIds(repository: LocalArtifactRepository): Promise<string[]> {
  const ids: string[] = [];
  for await (const id of repository.listModelIds()) ids.push(id);
  return ids;
}
