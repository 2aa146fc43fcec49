import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Ebonite, Model } from '@ebonite/core';
import { EboniteError, newId, nowIso } from '@ebonite/core/plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpArtifacts, httpMetadata, TOKEN_ENV } from '../src/index.js';
import { startRegistry, type TestRegistry } from './helpers/registry-server.js';

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(() => registry?.close());

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (e: unknown) => (EboniteError.isInstance(e) ? e.code : `not an EboniteError: ${String(e)}`),
  );

/** A client of the test server with a write token. */
const writer = () =>
  Ebonite.customClient(
    'http',
    'http',
    { url: registry.url, token: registry.tokens.write },
    { url: registry.url, token: registry.tokens.write },
  );

describe('the http backends', () => {
  it('get the code the server raised, and E_UNAUTHORIZED / E_FORBIDDEN for a missing or small token', async () => {
    const client = await writer();
    const task = await client.getOrCreateTask('codes', 't');
    await client.pushModel(Model.create({ name: 'm', artifacts: { a: Buffer.from('a') } }), task);
    expect(
      await codeOf(client.meta.createProject((await client.getProject('codes'))!.toRecord())),
    ).toBe('E_EXISTING_PROJECT');
    expect(await codeOf(client.deleteProject((await client.getProject('codes'))!))).toBe(
      'E_PROJECT_WITH_TASKS',
    );
    await client.close();
    const none = httpMetadata({ url: registry.url, token: '' });
    expect(await codeOf(none.getProjects())).toBe('E_UNAUTHORIZED');
    const reader = httpArtifacts({ url: registry.url, token: registry.tokens.read });
    expect(await codeOf(reader.delete('01900000-0000-7000-8000-000000000001'))).toBe('E_FORBIDDEN');
  });

  it("carry the fields of their code's class: E_ARTIFACT_INTEGRITY has expected and actual", async () => {
    const client = await writer();
    const task = await client.getOrCreateTask('fields', 't');
    const id = newId();
    const [stored] = await client.artifacts.push(
      id,
      (async function* () {
        yield { name: 'a.bin', body: Readable.from([Buffer.from('abc')]) };
      })(),
    );
    const claimed = { size: 3, digest: `sha256:${'0'.repeat(64)}` };
    // A record whose digest is not what the server received: the server's check refuses it.
    const error = await client.meta
      .createModel({
        id,
        name: 'lying',
        author: 'test',
        creationDate: nowIso(),
        taskId: task.id,
        description: '',
        params: {},
        requirements: [],
        artifacts: [{ name: 'a.bin', ...claimed }],
        wrapper: null,
      })
      .catch((e: unknown) => e);
    expect(EboniteError.isInstance(error, 'E_ARTIFACT_INTEGRITY')).toBe(true);
    if (!EboniteError.isInstance(error, 'E_ARTIFACT_INTEGRITY')) return;
    expect(error.modelId).toBe(id);
    expect(error.artifactName).toBe('a.bin');
    expect(error.expected).toMatchObject(claimed);
    expect(error.actual).toMatchObject({ size: 3, digest: stored?.digest });
    expect((error as unknown as { status: number }).status).toBe(422);
    // One with fields of another class: the name the user gave.
    await client.pushModel(Model.create({ name: 'm', artifacts: { a: Buffer.from('a') } }), task);
    const existing = await client
      .pushModel(Model.create({ name: 'm', artifacts: { a: Buffer.from('a') } }), task)
      .catch((e: unknown) => e);
    expect(EboniteError.isInstance(existing, 'E_EXISTING_MODEL') && existing.modelName).toBe('m');
    await client.close();
  });

  it('save a config with the url only; a client from it takes its token from EBONITE_TOKEN', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ebonite-remote-config-'));
    const saved = process.env[TOKEN_ENV];
    try {
      const client = await writer();
      const file = join(dir, 'remote.json');
      await client.saveClientConfig(file);
      await client.close();
      const text = await readFile(file, 'utf8');
      expect(text).not.toContain(registry.tokens.write);
      expect(JSON.parse(text).metadata).toEqual({ type: 'http', options: { url: registry.url } });
      process.env[TOKEN_ENV] = registry.tokens.read;
      const fromFile = await Ebonite.fromConfigFile(file);
      expect(Array.isArray(await fromFile.getProjects())).toBe(true);
      expect(await codeOf(fromFile.getOrCreateProject('not-with-a-read-token'))).toBe(
        'E_FORBIDDEN',
      );
      await fromFile.close();
    } finally {
      if (saved === undefined) delete process.env[TOKEN_ENV];
      else process.env[TOKEN_ENV] = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a server that goes away mid-call is ConnectionError; the next call works once it is back on the same port', async () => {
    const client = await Ebonite.customClient(
      'http',
      'http',
      { url: registry.url, token: registry.tokens.write, timeoutMs: 2000 },
      { url: registry.url, token: registry.tokens.write },
    );
    const task = await client.getOrCreateTask('restart', 't');
    const big = Buffer.alloc(32 * 1024 * 1024, 7);
    const model = await client.pushModel(Model.create({ name: 'm', artifacts: { big } }), task);
    const reading = await model.files.open('big');
    const first = await new Promise<Buffer>((resolve) =>
      reading.once('data', (chunk: Buffer) => {
        reading.pause();
        resolve(chunk);
      }),
    );
    expect(first.length).toBeGreaterThan(0);
    const failed = new Promise<unknown>((resolve) => {
      reading.on('error', resolve);
      reading.on('end', () => resolve('ended without an error'));
    });
    // The download is in flight: the server waits for it (1 s here), then cuts it.
    await registry.stopServer();
    reading.resume();
    const error = await failed;
    expect(EboniteError.isInstance(error) ? error.code : error).toBe('E_CONNECTION');
    expect(await codeOf(client.getProjects())).toBe('E_CONNECTION');
    await registry.restartServer();
    expect((await client.getModel('m', task))?.id).toBe(model.id);
    expect((await model.files.bytesDict()).big?.length).toBe(big.length);
    await client.close();
  }, 30_000);

  it('a server that goes away mid-push is ConnectionError on the push; after a restart the name is free', async () => {
    const client = await Ebonite.customClient(
      'http',
      'http',
      { url: registry.url, token: registry.tokens.write, timeoutMs: 2000 },
      { url: registry.url, token: registry.tokens.write },
    );
    const task = await client.getOrCreateTask('restart-push', 't');
    let sent = 0;
    let stopping: Promise<void> | undefined;
    // 1 GiB made on the fly; once 16 MiB went out, the server stops (waits 1 s, then cuts the push).
    async function* endless(): AsyncGenerator<Buffer> {
      const chunk = Buffer.alloc(1024 * 1024, 3);
      for (let i = 0; i < 1024; i++) {
        sent += chunk.length;
        if (sent === 16 * chunk.length) stopping = registry.stopServer();
        yield chunk;
      }
    }
    const pushing = client.pushModel(
      Model.create({ name: 'm', artifacts: { big: Readable.from(endless()) } }),
      task,
    );
    expect(await codeOf(pushing)).toBe('E_CONNECTION');
    expect(sent).toBeLessThan(1024 * 1024 * 1024);
    await stopping;
    await registry.restartServer();
    expect(await client.getModel('m', task)).toBeNull();
    await client.close();
  }, 30_000);
});
