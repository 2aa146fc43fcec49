import { ArtifactExistsError, NoSuchArtifactError } from '@ebonite/core/plugin';
import { readAll, uploads } from '@ebonite/test-utils/streams';
import { Volume } from 'memfs';
import { beforeEach, describe, expect, it } from 'vitest';
import { ebonitePlugin, InMemoryArtifactRepository, inMemoryArtifacts } from '../src/index.js';
import { tree } from './helpers.js';

let repo: InMemoryArtifactRepository;
beforeEach(() => {
  repo = inMemoryArtifacts();
});

async function ids(repository = repo): Promise<string[]> {
  const found: string[] = [];
  for await (const id of repository.listModelIds()) found.push(id);
  return found.sort();
}

describe('InMemoryArtifactRepository', () => {
  it('stores files under /model/<id>/ in its volume and streams them back', async () => {
    const stored = await repo.push(
      'm1',
      uploads({ 'model.onnx': 'graph', 'tokenizer/vocab.txt': 'a\nb' }),
    );
    expect(stored).toEqual([
      { name: 'model.onnx', size: 5 },
      { name: 'tokenizer/vocab.txt', size: 3 },
    ]);
    expect(repo.volume.toJSON()).toEqual({
      '/model/m1/model.onnx': 'graph',
      '/model/m1/tokenizer/vocab.txt': 'a\nb',
      '/.tmp': null,
    });
    expect((await readAll(await repo.open('m1', 'tokenizer/vocab.txt'))).toString()).toBe('a\nb');
  });

  it('keeps empty files and deep sub-folders, listed sorted by code unit', async () => {
    const deep = 'a/b/c/d/e/f/g/h/weights.bin';
    await repo.push(
      'm1',
      uploads({ empty: '', [deep]: new Uint8Array([1, 2, 3]), 'a-b': '', A: 'x' }),
    );
    expect(await repo.list('m1')).toEqual([
      { name: 'A', size: 1 },
      { name: 'a-b', size: 0 },
      { name: deep, size: 3 },
      { name: 'empty', size: 0 },
    ]);
    expect(await readAll(await repo.open('m1', 'empty'))).toEqual(Buffer.alloc(0));
    expect([...(await readAll(await repo.open('m1', deep)))]).toEqual([1, 2, 3]);
    expect(await repo.list('other')).toEqual([]);
  });

  it('reads a file larger than one chunk in order', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 13) & 0xff;
    await repo.push('m1', uploads({ big }));
    const stream = await repo.open('m1', 'big');
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(3);
    expect(Buffer.concat(chunks).equals(big)).toBe(true);
  });

  it('never mixes model 1 with model 10', async () => {
    await repo.push('1', uploads({ one: '1' }));
    await repo.push('10', uploads({ ten: '10' }));
    await repo.delete('1');
    expect(await repo.list('10')).toEqual([{ name: 'ten', size: 2 }]);
    expect(await ids()).toEqual(['10']);
  });

  it('refuses a second push to a model that has files, leaving the first intact', async () => {
    await repo.push('m1', uploads({ a: 'first' }));
    await expect(repo.push('m1', uploads({ b: 'second' }))).rejects.toBeInstanceOf(
      ArtifactExistsError,
    );
    expect(await repo.list('m1')).toEqual([{ name: 'a', size: 5 }]);
    expect(tree(repo.volume)).toEqual(['/.tmp', '/model/m1/a']);
  });

  it('stores nothing for a push without files, and accepts a push onto an empty leftover folder', async () => {
    expect(await repo.push('m1', uploads({}))).toEqual([]);
    expect(await ids()).toEqual([]);
    repo.volume.mkdirSync('/model/m2', { recursive: true });
    expect(await ids()).toEqual([]);
    await repo.push('m2', uploads({ a: 'x' }));
    expect(await ids()).toEqual(['m2']);
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
      expect(error.cause).toBeDefined();
    }
  });

  it('deletes a model recursively, and deleting nothing is fine', async () => {
    await repo.push('m1', uploads({ 'a/b/c': 'x', d: 'y' }));
    await repo.push('m2', uploads({ e: 'z' }));
    await repo.delete('m1');
    await repo.delete('never');
    expect(tree(repo.volume, '/model')).toEqual(['/model/m2/e']);
    await repo.push('m1', uploads({ again: '!' }));
    expect(await repo.list('m1')).toEqual([{ name: 'again', size: 1 }]);
  });

  it('uses a volume and root it is given, and each new repository gets its own volume', async () => {
    const volume = new Volume();
    volume.fromJSON({ '/other/file': 'untouched' });
    const shared = inMemoryArtifacts({ volume, root: '/artifacts' });
    await shared.push('m1', uploads({ a: 'x' }));
    expect(volume.toJSON()).toEqual({
      '/other/file': 'untouched',
      '/artifacts/model/m1/a': 'x',
      '/artifacts/.tmp': null,
    });
    expect(await inMemoryArtifacts({ volume, root: '/artifacts' }).list('m1')).toEqual([
      { name: 'a', size: 1 },
    ]);
    expect(await inMemoryArtifacts().list('m1')).toEqual([]);
    expect(() => inMemoryArtifacts({ root: 'relative' })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_CONFIG' }),
    );
  });

  it('reports its type and {} as config; its plugin makes a fresh, empty repository', async () => {
    expect(InMemoryArtifactRepository.type).toBe('inmemory');
    expect(repo.type).toBe('inmemory');
    expect(repo.specificationVersion).toBe('v1');
    expect(repo.getConfig()).toEqual({});
    await repo.push('m1', uploads({ a: 'x' }));
    const fresh = await ebonitePlugin.artifact!.inmemory!(repo.getConfig());
    expect(fresh.type).toBe('inmemory');
    expect(await fresh.list('m1')).toEqual([]);
    await fresh.close();
  });
});
