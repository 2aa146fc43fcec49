import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localArtifacts } from '@ebonite/artifact-fs';
import { Ebonite, EboniteError, Model } from '@ebonite/core';
import type { ArtifactRepository, ArtifactUpload } from '@ebonite/core/plugin';
import { inMemoryMetadata } from '@ebonite/meta-local';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ebonite-source-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The local repository, seen through a plugin that records what it is handed and can act on the source file first. */
function observed(beforePush?: (upload: ArtifactUpload) => Promise<void>) {
  const inner = localArtifacts({ root: join(dir, 'store') });
  const seen: Array<string | undefined> = [];
  const repo: ArtifactRepository = {
    specificationVersion: 'v1',
    type: 'observed',
    push: (modelId, files) =>
      inner.push(
        modelId,
        (async function* () {
          for await (const upload of files) {
            seen.push(upload.sourcePath);
            await beforePush?.(upload);
            yield upload;
          }
        })(),
      ),
    list: (id) => inner.list(id),
    open: (id, name) => inner.open(id, name),
    delete: (id) => inner.delete(id),
    listModelIds: () => inner.listModelIds(),
    close: () => inner.close(),
  };
  return { repo, seen };
}

describe('{ path } sources', () => {
  it('reach the repository with their sourcePath, are copied whole and recorded with the digest of their bytes', async () => {
    const file = join(dir, 'weights.bin');
    await writeFile(file, Buffer.alloc(5 * 1024 * 1024 + 3, 9));
    const { repo, seen } = observed();
    const client = new Ebonite(inMemoryMetadata(), repo);
    const task = await client.getOrCreateTask('p', 't');
    const model = await client.pushModel(
      Model.create({
        name: 'm',
        artifacts: { 'w.bin': { path: file }, 'b.bin': Buffer.from('x') },
      }),
      task,
    );
    expect(seen).toEqual([file, undefined]);
    const stored = await readFile(join(dir, 'store', 'model', model.id, 'w.bin'));
    expect(stored.equals(await readFile(file))).toBe(true);
    expect((await model.files.bytesDict())['w.bin']?.length).toBe(5 * 1024 * 1024 + 3);
    await client.close();
  });

  it('a file that changes while it is pushed fails the push with E_ARTIFACT_SOURCE and leaves nothing', async () => {
    const file = join(dir, 'weights.bin');
    await writeFile(file, Buffer.alloc(1024 * 1024, 1));
    const { repo } = observed(async (upload) => {
      if (upload.sourcePath) await appendFile(upload.sourcePath, 'more');
    });
    const client = new Ebonite(inMemoryMetadata(), repo);
    const task = await client.getOrCreateTask('p', 't');
    const error = await client
      .pushModel(Model.create({ name: 'm', artifacts: { 'w.bin': { path: file } } }), task)
      .catch((e) => e);
    expect(EboniteError.isInstance(error, 'E_ARTIFACT_SOURCE')).toBe(true);
    expect(error.message).toContain(file);
    expect(await client.getModels(task)).toEqual([]);
    const ids: string[] = [];
    for await (const id of client.artifacts.listModelIds()) ids.push(id);
    expect(ids).toEqual([]);
    await client.close();
  });
});
