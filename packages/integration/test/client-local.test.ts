import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Ebonite, EboniteError, type EboniteErrorCode, Model } from '@ebonite/core';
import { isRegistryMarkerId } from '@ebonite/core/plugin';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const isCode = (code: EboniteErrorCode) => (e: unknown) => EboniteError.isInstance(e, code);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ebonite-client-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function pushSample(client: Ebonite, name = 'm') {
  const task = await client.getOrCreateTask('p', 't');
  const model = Model.create({
    name,
    artifacts: { 'a.bin': Buffer.from('hello'), 'sub/b.txt': Buffer.from('world') },
  });
  return { task, pushed: await client.pushModel(model, task) };
}

describe('Ebonite.local', () => {
  it('keeps metadata in <path>/metadata.json and files under <path>/artifacts/model/<id>/', async () => {
    const client = await Ebonite.local({ path: join(dir, 'reg') });
    const { pushed } = await pushSample(client);
    await client.close();
    const metadata = await readFile(join(dir, 'reg', 'metadata.json'), 'utf8');
    expect(metadata).toContain(pushed.id);
    expect(
      await readFile(join(dir, 'reg', 'artifacts', 'model', pushed.id, 'sub', 'b.txt'), 'utf8'),
    ).toBe('world');
    const digest = `sha256:${createHash('sha256').update('hello').digest('hex')}`;
    // The reader under its deprecated name is the same object as model.files.
    expect(pushed.artifact).toBe(pushed.files);
    expect(pushed.artifacts).toEqual([
      { name: 'a.bin', size: 5, digest },
      {
        name: 'sub/b.txt',
        size: 5,
        digest: `sha256:${createHash('sha256').update('world').digest('hex')}`,
      },
    ]);
  });

  it('treats <path> as a folder whatever its name, and saves the same config as it always did', async () => {
    // The local plugins lay the folder out (the `registry` option); these are the paths the core
    // used to join itself, and a saved config must keep naming them.
    const root = join(dir, 'reg.json');
    const client = await Ebonite.local({ path: root });
    const { pushed } = await pushSample(client);
    const file = join(dir, 'ebonite.json');
    await client.saveClientConfig(file);
    await client.close();
    expect(await readFile(join(root, 'metadata.json'), 'utf8')).toContain(pushed.id);
    expect(existsSync(join(root, 'artifacts', 'model', pushed.id, 'a.bin'))).toBe(true);
    const config = JSON.parse(await readFile(file, 'utf8'));
    expect(config.metadata).toEqual({
      type: 'local',
      options: { path: join(root, 'metadata.json') },
    });
    expect(config.artifact).toEqual({ type: 'local', options: { root: join(root, 'artifacts') } });
  });

  it('clear removes the registry and nothing else in its folder (issue 9, item 5)', async () => {
    const reg = join(dir, 'reg');
    const first = await Ebonite.local({ path: reg });
    const { pushed } = await pushSample(first);
    await first.close();
    await mkdir(join(reg, '.git'));
    await writeFile(join(reg, '.git', 'HEAD'), 'ref: refs/heads/main');
    await writeFile(join(reg, '.env'), 'TOKEN=x');
    await writeFile(join(reg, 'metadata-of-data.csv'), 'a,b');
    await mkdir(join(reg, 'artifacts', 'model', 'not-an-ebonite-id'), { recursive: true });
    await writeFile(join(reg, 'artifacts', 'model', 'not-an-ebonite-id', 'f'), 'foreign');
    await writeFile(join(reg, 'artifacts', 'notes.txt'), 'mine');
    const cleared = await Ebonite.local({ path: reg, clear: true });
    expect(await cleared.getProjects()).toEqual([]);
    await cleared.close();
    expect(existsSync(join(reg, 'artifacts', 'model', pushed.id))).toBe(false);
    expect(await readFile(join(reg, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main');
    expect(await readFile(join(reg, '.env'), 'utf8')).toBe('TOKEN=x');
    expect(await readFile(join(reg, 'metadata-of-data.csv'), 'utf8')).toBe('a,b');
    expect(await readFile(join(reg, 'artifacts', 'notes.txt'), 'utf8')).toBe('mine');
    expect(await readFile(join(reg, 'artifacts', 'model', 'not-an-ebonite-id', 'f'), 'utf8')).toBe(
      'foreign',
    );
  });

  it('clear refuses a foreign or unparseable metadata.json and leaves it as it was', async () => {
    for (const content of ['{"rows": [1, 2, 3]}', 'not json at all', '']) {
      const reg = join(dir, `foreign-${content.length}`);
      await mkdir(join(reg, 'artifacts'), { recursive: true });
      await writeFile(join(reg, 'metadata.json'), content);
      await writeFile(join(reg, 'artifacts', 'keep.bin'), 'x');
      await expect(Ebonite.local({ path: reg, clear: true })).rejects.toSatisfy(
        isCode('E_CORRUPTED_STORE'),
      );
      expect(await readFile(join(reg, 'metadata.json'), 'utf8')).toBe(content);
      expect(await readFile(join(reg, 'artifacts', 'keep.bin'), 'utf8')).toBe('x');
    }
  });

  it('clear while another client pushes: typed errors only, and every model left has its files', async () => {
    const reg = join(dir, 'reg');
    const writer = await Ebonite.local({ path: reg });
    await pushSample(writer, 'before');
    const pushes = Array.from({ length: 20 }, (_, i) =>
      pushSample(writer, `m${i}`).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    const cleared = await Ebonite.local({ path: reg, clear: true });
    for (const error of await Promise.all(pushes))
      if (error !== undefined) expect(EboniteError.isInstance(error)).toBe(true);
    for (const project of await cleared.getProjects())
      for (const task of await cleared.getTasks(project))
        for (const model of await cleared.getModels(task))
          expect(Object.keys(await model.files.bytesDict()).sort()).toEqual(['a.bin', 'sub/b.txt']);
    await cleared.close();
    await writer.close();
  });

  it('a tampered artifact fails the read with ArtifactIntegrityError, and materialize leaves no partial file', async () => {
    const reg = join(dir, 'reg');
    const client = await Ebonite.local({ path: reg });
    const { pushed } = await pushSample(client);
    await writeFile(join(reg, 'artifacts', 'model', pushed.id, 'a.bin'), 'HELLO');
    await expect(pushed.files.bytesDict()).rejects.toSatisfy(isCode('E_ARTIFACT_INTEGRITY'));
    const out = join(dir, 'out');
    await expect(pushed.files.materialize(out)).rejects.toSatisfy(isCode('E_ARTIFACT_INTEGRITY'));
    expect(existsSync(out)).toBe(false); // the destination holds the whole model or nothing
    await writeFile(join(reg, 'artifacts', 'model', pushed.id, 'a.bin'), 'hello and more');
    await expect(pushed.files.bytesDict()).rejects.toSatisfy(isCode('E_ARTIFACT_INTEGRITY'));
    await client.close();
  });

  it('a { path } source that does not exist fails before anything is uploaded', async () => {
    const client = await Ebonite.local({ path: join(dir, 'reg') });
    const task = await client.getOrCreateTask('p', 't');
    const model = Model.create({
      name: 'm',
      artifacts: { 'ok.bin': Buffer.from('x'), 'missing.bin': { path: join(dir, 'nope') } },
    });
    await expect(client.pushModel(model, task)).rejects.toSatisfy(isCode('E_INVALID_INPUT'));
    const ids: string[] = [];
    // The registry's marker (written before the client's first push) is no model's file.
    for await (const id of client.artifacts.listModelIds())
      if (!isRegistryMarkerId(id)) ids.push(id);
    expect(ids).toEqual([]);
    expect(await client.getModels(task)).toEqual([]);
    await client.close();
  });

  it('streams a file given by { path } and a failing stream leaves nothing behind', async () => {
    const client = await Ebonite.local({ path: join(dir, 'reg') });
    const task = await client.getOrCreateTask('p', 't');
    await writeFile(join(dir, 'weights.bin'), Buffer.alloc(3 * 1024 * 1024, 7));
    const ok = await client.pushModel(
      Model.create({ name: 'ok', artifacts: { 'w.bin': { path: join(dir, 'weights.bin') } } }),
      task,
    );
    expect(ok.artifacts[0]?.size).toBe(3 * 1024 * 1024);
    const failing = Readable.from(
      (async function* () {
        yield Buffer.alloc(1024, 1);
        throw new Error('network dropped');
      })(),
    );
    const bad = Model.create({
      name: 'bad',
      artifacts: { 'first.bin': Buffer.from('x'), 'second.bin': failing },
    });
    const failure = await client.pushModel(bad, task).catch((e) => e);
    expect(EboniteError.isInstance(failure, 'E_ARTIFACT_SOURCE')).toBe(true);
    expect(failure.message).toContain('second.bin');
    expect(failure.cause.message).toBe('network dropped');
    expect((await client.getModels(task)).map((m) => m.name)).toEqual(['ok']);
    const ids: string[] = [];
    for await (const id of client.artifacts.listModelIds())
      if (!isRegistryMarkerId(id)) ids.push(id);
    expect(ids).toEqual([ok.id]);
    await client.close();
  });

  it('a source stream that was already consumed is refused, not waited on forever', async () => {
    const client = await Ebonite.inmemory();
    const task = await client.getOrCreateTask('p', 't');
    const used = Readable.from([Buffer.from('x')]);
    for await (const _ of used) {
      // consume it
    }
    const destroyed = Readable.from([Buffer.from('y')]);
    destroyed.destroy();
    for (const source of [used, destroyed]) {
      const error = await client
        .pushModel(Model.create({ name: 'm', artifacts: { 'a.bin': source } }), task)
        .catch((e) => e);
      expect(EboniteError.isInstance(error, 'E_INVALID_INPUT')).toBe(true);
    }
    expect(await client.getModels(task)).toEqual([]);
    await client.close();
  });
});

describe('client config', () => {
  it('saveClientConfig then fromConfigFile gives a client on the same registry', async () => {
    const client = await Ebonite.local({ path: join(dir, 'reg') });
    const { pushed } = await pushSample(client);
    const file = join(dir, 'ebonite.json');
    await client.saveClientConfig(file);
    await client.close();
    const config = JSON.parse(await readFile(file, 'utf8'));
    expect(config).toMatchObject({
      format: 'ebonite-client',
      version: 1,
      metadata: { type: 'local' },
      artifact: { type: 'local' },
    });
    const again = await Ebonite.fromConfigFile(file);
    const task = await again.getTask('p', 't');
    const found = await again.getModel('m', task!);
    expect(found?.id).toBe(pushed.id);
    expect(Buffer.from((await found!.files.bytesDict())['sub/b.txt']!).toString()).toBe('world');
    await again.close();
  });

  it.each([
    ['missing file', null],
    ['not JSON', '{ nope'],
    ['foreign JSON', '{"hello": 1}'],
    [
      'no type',
      '{"format":"ebonite-client","version":1,"metadata":{},"artifact":{"type":"local"}}',
    ],
    [
      'future version',
      '{"format":"ebonite-client","version":9,"metadata":{"type":"local"},"artifact":{"type":"local"}}',
    ],
  ])('a bad config (%s) fails with E_INVALID_CONFIG naming the file', async (_label, content) => {
    const file = join(dir, 'config.json');
    if (content !== null) await writeFile(file, content);
    const error = await Ebonite.fromConfigFile(file).catch((e) => e);
    expect(EboniteError.isInstance(error, 'E_INVALID_CONFIG')).toBe(true);
    expect(error.message).toContain(file);
  });
});

describe('pushModel input', () => {
  it('rejects a model without a task, a persisted model, and a non-Model', async () => {
    const client = await Ebonite.inmemory();
    const { pushed, task } = await pushSample(client);
    await expect(client.pushModel(Model.create({ name: 'x' }))).rejects.toSatisfy(
      isCode('E_INVALID_INPUT'),
    );
    await expect(client.pushModel(pushed, task)).rejects.toSatisfy(isCode('E_INVALID_INPUT'));
    await expect(client.pushModel({ name: 'x' } as never, task)).rejects.toSatisfy(
      isCode('E_INVALID_INPUT'),
    );
    expect(() => Model.create({ name: 'x', artifacts: { '../escape': Buffer.from('') } })).toThrow(
      /Invalid artifact name/,
    );
    expect(() => Model.create({ name: 'x', artifacts: { a: 42 as never } })).toThrow(
      /unsupported source/,
    );
    await client.close();
    await expect(client.getProjects()).rejects.toSatisfy(isCode('E_CLOSED'));
  });
});
