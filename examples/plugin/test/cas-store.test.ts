import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Ebonite, Model, registerPlugin } from '@ebonite/core';
import { EboniteError, ProjectPackages, resolvePlugin } from '@ebonite/core/plugin';
import { inMemoryMetadata } from '@ebonite/meta-local';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { casArtifacts, ebonitePlugin } from '../src/index.js';

// What is particular to this store, beyond the shared suite: content addressing and its sweep.

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ebonite-cas-store-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const upload = (files: Record<string, string>) =>
  (async function* () {
    for (const [name, text] of Object.entries(files))
      yield { name, body: Readable.from([Buffer.from(text)], { objectMode: false }) };
  })();

async function blobCount(): Promise<number> {
  let count = 0;
  for (const folder of await readdir(join(root, 'blobs')))
    count += (await readdir(join(root, 'blobs', folder))).length;
  return count;
}

describe('cas store', () => {
  it('stores identical content once, across files and models', async () => {
    const repo = casArtifacts({ root });
    await repo.push('m1', upload({ 'a.bin': 'same', 'b.bin': 'same', 'c.bin': 'other' }));
    await repo.push('m2', upload({ 'copy.bin': 'same' }));
    expect(await blobCount()).toBe(2);
    const manifest = JSON.parse(await readFile(join(root, 'models', 'm2.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'ebonite-cas-manifest',
      version: 1,
      modelId: 'm2',
      files: [{ name: 'copy.bin', size: 4 }],
    });
  });

  it('sweep removes only blobs no manifest names, and only once they are old enough', async () => {
    const repo = casArtifacts({ root });
    await repo.push('kept', upload({ 'a.bin': 'shared', 'b.bin': 'kept only' }));
    await repo.push('gone', upload({ 'a.bin': 'shared', 'c.bin': 'gone only' }));
    await repo.delete('gone');
    expect(await repo.sweep(), 'with the default grace period, fresh blobs stay').toBe(0);
    expect(await repo.sweep({ olderThanMs: -1 })).toBe(1);
    expect(await blobCount()).toBe(2);
    const read = async (name: string) =>
      Buffer.concat(await (await repo.open('kept', name)).toArray()).toString();
    expect([await read('a.bin'), await read('b.bin')]).toEqual(['shared', 'kept only']);
  });

  it('reports a manifest it cannot read as a corrupted store, and leaves it', async () => {
    const repo = casArtifacts({ root });
    await repo.push('m', upload({ 'a.bin': 'a' }));
    await writeFile(join(root, 'models', 'm.json'), '{ truncated');
    const error = await repo.list('m').catch((e: unknown) => e);
    expect(EboniteError.isInstance(error, 'E_CORRUPTED_STORE')).toBe(true);
    expect(await readFile(join(root, 'models', 'm.json'), 'utf8')).toBe('{ truncated');
  });

  it('is found by its type string once registered, and describes itself with getConfig', async () => {
    const unregister = registerPlugin(ebonitePlugin);
    const client = await Ebonite.customClient(inMemoryMetadata(), 'cas', {}, { root });
    try {
      expect(client.artifacts.type).toBe('cas');
      expect(client.artifacts.getConfig()).toEqual({ root });
      const task = await client.getOrCreateTask('project', 'task');
      const model = await client.pushModel(
        Model.create({ name: 'model', artifacts: { 'w.bin': Buffer.from('weights') } }),
        task,
      );
      expect(Buffer.from((await model.files.bytesDict())['w.bin'] ?? []).toString()).toBe(
        'weights',
      );
    } finally {
      unregister();
      await client.close();
    }
  });

  it('rejects options without a root', () => {
    expect(() => ebonitePlugin.artifact?.cas?.({})).toThrow(/root/);
  });

  // The resolver reads the "ebonite" field of the package.json of each package a project declares, and
  // imports the built entry: this needs `pnpm --filter ebonite-artifact-cas build` first.
  const built = existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)));
  it.skipIf(!built)(
    `is found by its type string from the "ebonite" field of its package.json${built ? '' : ' (skipped: not built)'}`,
    async () => {
      const project = join(root, 'user-project');
      await mkdir(join(project, 'node_modules'), { recursive: true });
      await writeFile(
        join(project, 'package.json'),
        JSON.stringify({ name: 'user-project', dependencies: { 'ebonite-artifact-cas': '*' } }),
      );
      await symlink(
        fileURLToPath(new URL('..', import.meta.url)),
        join(project, 'node_modules', 'ebonite-artifact-cas'),
        'dir',
      );
      const { factory } = await resolvePlugin('artifact', 'cas', new ProjectPackages(project));
      const repo = await factory({ root: join(root, 'store') });
      expect(repo.type).toBe('cas');
      expect(await repo.list('absent')).toEqual([]);
    },
  );
});
