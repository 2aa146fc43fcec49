import { mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ArtifactUpload } from '@ebonite/core/plugin';
import { failingStream, readAll, uploads } from '@ebonite/test-utils/streams';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalArtifactRepository, localArtifacts } from '../src/index.js';
import { tempFolder, tree } from './helpers.js';

let dir: string;
let root: string;
let cleanup: () => Promise<void>;
let repo: LocalArtifactRepository;

beforeEach(async () => {
  ({ dir, cleanup } = await tempFolder());
  root = path.join(dir, 'store');
  repo = localArtifacts({ root });
});
afterEach(() => cleanup());

/** The store as it is after the first successful push of `keep` (a model that must survive), with nothing else. */
async function expectOnlyKept(): Promise<void> {
  expect(await tree(path.join(root, 'model'))).toEqual(['keep', 'keep/k']);
  expect(await tree(path.join(root, '.tmp'))).toEqual([]);
}

describe('a failed push leaves the store as it was', () => {
  beforeEach(() => repo.push('keep', uploads({ k: 'kept' })).then(() => undefined));

  it('when a source stream fails mid-way through the second file', async () => {
    const files = uploads({ 'a/first': 'complete', 'b/c/second': failingStream(20 * 64 * 1024) });
    await expect(repo.push('m1', files)).rejects.toThrow('source broke');
    await expectOnlyKept();
    expect(await repo.list('m1')).toEqual([]);
  });

  it('when the iterable of files itself throws', async () => {
    async function* files(): AsyncGenerator<ArtifactUpload> {
      yield { name: 'one', body: Readable.from([Buffer.from('1')]) };
      throw new Error('no more files');
    }
    await expect(repo.push('m1', files())).rejects.toThrow('no more files');
    await expectOnlyKept();
  });

  it('when the disk refuses a write (a name that is also a folder)', async () => {
    await expect(repo.push('m1', uploads({ 'a/b': 'x', a: 'y' }))).rejects.toMatchObject({
      code: expect.stringMatching(/EEXIST|EISDIR/),
    });
    await expect(repo.push('m1', uploads({ a: 'y', 'a/b': 'x' }))).rejects.toMatchObject({
      code: expect.stringMatching(/ENOTDIR|EEXIST/),
    });
    await expect(repo.push('m1', uploads({ a: 'y', 'b/../a': 'x' }))).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    });
    await expectOnlyKept();
  });

  it('when the disk fails after the files are written (the commit rename fails)', async () => {
    async function* files(): AsyncGenerator<ArtifactUpload> {
      yield { name: 'a/b', body: Readable.from([Buffer.alloc(100_000, 1)]) };
      // the file system changes under the push: model/ becomes a file, so the final rename fails
      await rm(path.join(root, 'model'), { recursive: true });
      await writeFile(path.join(root, 'model'), 'in the way');
    }
    await expect(repo.push('m1', files())).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(await tree(path.join(root, '.tmp'))).toEqual([]);
  });

  it('when a folder of the staging tree is taken mid-way (disk error on the second file)', async () => {
    async function* files(): AsyncGenerator<ArtifactUpload> {
      yield { name: 'one', body: Readable.from([Buffer.from('1')]) };
      const [staging] = await readdir(path.join(root, '.tmp'));
      await writeFile(path.join(root, '.tmp', staging!, 'sub'), 'a file where a folder must go');
      yield { name: 'sub/two', body: Readable.from([Buffer.from('2')]) };
    }
    await expect(repo.push('m1', files())).rejects.toMatchObject({
      code: expect.stringMatching(/ENOTDIR|EEXIST/),
    });
    await expectOnlyKept();
  });

  it('stops reading the remaining files and destroys the failing body', async () => {
    let pulled = 0;
    const broken = failingStream(2 * 64 * 1024);
    async function* files(): AsyncGenerator<ArtifactUpload> {
      for (const name of ['a', 'b', 'c']) {
        pulled++;
        yield { name, body: name === 'b' ? broken : Readable.from([Buffer.from(name)]) };
      }
    }
    await expect(repo.push('m1', files())).rejects.toThrow('source broke');
    expect(pulled).toBe(2);
    expect(broken.destroyed).toBe(true);
    await expectOnlyKept();
  });
  it('destroys a body it cannot store (an invalid name, a name given twice)', async () => {
    const invalid = Readable.from([Buffer.from('x')]);
    await expect(repo.push('m1', uploads({ '../x': invalid }))).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    });
    expect(invalid.destroyed).toBe(true);
    const twice = Readable.from([Buffer.from('y')]);
    await expect(
      repo.push(
        'm1',
        uploads([
          ['same', 'x'],
          ['same', twice],
        ]),
      ),
    ).rejects.toMatchObject({ code: 'EEXIST' });
    expect(twice.destroyed).toBe(true);
    await expectOnlyKept();
  });
});

describe('no name reaches outside the root', () => {
  const escapes = [
    '../escaped',
    'a/../../escaped',
    '../../outside/escaped',
    '/etc/passwd-copy',
    'a\\..\\..\\escaped',
    'C:/escaped',
    'a//b',
    './a',
    '',
  ];

  it.each(escapes)('push rejects %j before writing anything', async (name) => {
    await expect(repo.push('m1', uploads({ [name]: 'x' }))).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    });
    expect(await readdir(dir)).toEqual(['store']);
    expect(await tree(path.join(root, 'model'))).toEqual([]);
    expect(await tree(path.join(root, '.tmp'))).toEqual([]);
  });

  it.each(escapes)('open rejects %j', async (name) => {
    await writeFile(path.join(dir, 'escaped'), 'secret');
    await expect(repo.open('m1', name)).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
  });

  it.each(['..', '.', 'a/b', '', 'a\\b'])('every operation rejects model id %j', async (id) => {
    await expect(repo.push(id, uploads({ a: 'x' }))).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    });
    await expect(repo.list(id)).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
    await expect(repo.open(id, 'a')).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
    await expect(repo.delete(id)).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
    expect(await tree(dir)).toEqual([]);
  });

  it('open refuses a symlink that points outside the model folder', async () => {
    await writeFile(path.join(dir, 'secret'), 'secret');
    await repo.push('m1', uploads({ inside: 'ok', sub: '' }));
    await symlink(path.join(dir, 'secret'), path.join(root, 'model/m1/link'));
    await repo.push('m2', uploads({ other: 'other model' }));
    await symlink(path.join(root, 'model/m2/other'), path.join(root, 'model/m1/to-m2'));
    await expect(repo.open('m1', 'link')).rejects.toMatchObject({ code: 'E_CORRUPTED_STORE' });
    await expect(repo.open('m1', 'to-m2')).rejects.toMatchObject({ code: 'E_CORRUPTED_STORE' });
    expect((await repo.list('m1')).map((a) => a.name)).toEqual(['inside', 'sub']);
  });

  it('open refuses a model folder that is a symlink to elsewhere', async () => {
    await mkdir(path.join(dir, 'elsewhere'));
    await writeFile(path.join(dir, 'elsewhere/file'), 'secret');
    await repo.push('m1', uploads({ a: 'x' }));
    await symlink(path.join(dir, 'elsewhere'), path.join(root, 'model/evil'));
    await expect(repo.open('evil', 'file')).rejects.toMatchObject({ code: 'E_CORRUPTED_STORE' });
    expect((await readAll(await repo.open('m1', 'a'))).toString()).toBe('x');
  });

  it('still works when the root itself is reached through a symlink', async () => {
    await mkdir(path.join(dir, 'real-root'));
    await symlink(path.join(dir, 'real-root'), path.join(dir, 'linked-root'));
    const linked = localArtifacts({ root: path.join(dir, 'linked-root') });
    await linked.push('m1', uploads({ 'a/b': 'through a link' }));
    expect((await readAll(await linked.open('m1', 'a/b'))).toString()).toBe('through a link');
  });
});
