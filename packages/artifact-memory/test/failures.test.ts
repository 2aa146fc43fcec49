import { Readable } from 'node:stream';
import type { ArtifactUpload } from '@ebonite/core/plugin';
import { failingStream, readAll, uploads } from '@ebonite/test-utils/streams';
import { beforeEach, describe, expect, it } from 'vitest';
import { type InMemoryArtifactRepository, inMemoryArtifacts } from '../src/index.js';
import { tree } from './helpers.js';

let repo: InMemoryArtifactRepository;
beforeEach(async () => {
  repo = inMemoryArtifacts();
  await repo.push('keep', uploads({ k: 'kept' }));
});

function expectOnlyKept(): void {
  expect(tree(repo.volume)).toEqual(['/.tmp', '/model/keep/k']);
}

describe('a failed push leaves the volume as it was', () => {
  it('when a source stream fails mid-way through the second file', async () => {
    await expect(
      repo.push(
        'm1',
        uploads({ 'a/first': 'complete', 'b/c/second': failingStream(20 * 64 * 1024) }),
      ),
    ).rejects.toThrow('source broke');
    expectOnlyKept();
  });

  it('when the iterable of files itself throws', async () => {
    async function* files(): AsyncGenerator<ArtifactUpload> {
      yield { name: 'one', body: Readable.from([Buffer.from('1')]) };
      throw new Error('no more files');
    }
    await expect(repo.push('m1', files())).rejects.toThrow('no more files');
    expectOnlyKept();
  });

  it('when the volume refuses a write (a name that is also a folder)', async () => {
    await expect(repo.push('m1', uploads({ 'a/b': 'x', a: 'y' }))).rejects.toMatchObject({
      code: expect.stringMatching(/EEXIST|EISDIR/),
    });
    await expect(repo.push('m1', uploads({ a: 'y', 'a/b': 'x' }))).rejects.toMatchObject({
      code: expect.stringMatching(/ENOTDIR|EEXIST/),
    });
    expectOnlyKept();
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
    expectOnlyKept();
  });
});

describe('no name reaches outside the root', () => {
  const escapes = [
    '../escaped',
    'a/../../escaped',
    '/etc/passwd-copy',
    'a\\..\\escaped',
    'a//b',
    './a',
    '',
  ];

  it.each(escapes)('push and open reject %j', async (name) => {
    await expect(repo.push('m1', uploads({ [name]: 'x' }))).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    });
    await expect(repo.open('keep', name)).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
    expectOnlyKept();
  });

  it.each(['..', '.', 'a/b', ''])('every operation rejects model id %j', async (id) => {
    await expect(repo.push(id, uploads({ a: 'x' }))).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    });
    await expect(repo.list(id)).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
    await expect(repo.open(id, 'a')).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
    await expect(repo.delete(id)).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
    expectOnlyKept();
  });

  it('open refuses symlinks that leave the model folder', async () => {
    repo.volume.writeFileSync('/secret', 'secret');
    repo.volume.symlinkSync('/secret', '/model/keep/link');
    repo.volume.symlinkSync('/', '/model/evil');
    await expect(repo.open('keep', 'link')).rejects.toMatchObject({ code: 'E_CORRUPTED_STORE' });
    await expect(repo.open('evil', 'secret')).rejects.toMatchObject({ code: 'E_CORRUPTED_STORE' });
    expect((await readAll(await repo.open('keep', 'k'))).toString()).toBe('kept');
  });
});
