import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkRegistry } from '@ebonite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, pushByName, startTestServer, type TestServer } from './helpers/test-server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

const sha256 = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const code = async (res: Response) => ((await res.json()) as { code: string }).code;
const modelIn = async (project: string, name: string) => {
  const task = await s.client.getTask(project, 't');
  return task && s.client.getModel(name, task);
};

describe('a push by name (one multipart request)', () => {
  it('creates the project and task, keeps the manifest order and Unicode names, and records digests', async () => {
    const files = [
      { name: '2', bytes: randomBytes(10) },
      { name: 'dossier/données ünï.bin', bytes: randomBytes(70_000) },
      { name: '1', bytes: new Uint8Array(0) },
    ];
    const res = await pushByName(s.url, s.tokens.write, 'p1/tasks/t', {
      name: 'm',
      artifacts: files,
    });
    expect(res.status).toBe(201);
    const model = (await res.json()) as {
      id: string;
      author: string;
      artifacts: Array<{ name: string; digest: string }>;
    };
    expect(model.author).toBe('writer');
    expect(model.artifacts.map((a) => [a.name, a.digest])).toEqual(
      files.map((f) => [f.name, sha256(f.bytes)]),
    );
    const again = await pushByName(s.url, s.tokens.write, 'p1/tasks/t', {
      name: 'm',
      artifacts: files,
    });
    expect([again.status, await code(again)]).toEqual([409, 'E_EXISTING_MODEL']);
  });

  it('fails with E_ARTIFACT_INTEGRITY and keeps nothing when a file does not match its announced digest', async () => {
    const bytes = randomBytes(50_000);
    const res = await pushByName(s.url, s.tokens.write, 'p2/tasks/t', {
      name: 'bad',
      artifacts: [
        { name: 'ok.bin', bytes: randomBytes(10) },
        { name: 'bad.bin', bytes, size: bytes.length, digest: sha256(randomBytes(5)) },
      ],
    });
    expect([res.status, await code(res)]).toEqual([422, 'E_ARTIFACT_INTEGRITY']);
    expect(await modelIn('p2', 'bad')).toBeNull();
    const report = await checkRegistry(s.client, { graceMs: 0 });
    expect(report.orphans).toEqual([]);
  });

  it('refuses a body without the manifest, files out of order, or missing files, keeping nothing', async () => {
    const form = new FormData();
    form.append('file', new Blob(['x']), 'a');
    const noManifest = await fetch(`${s.url}/api/v1/projects/p3/tasks/t/models`, {
      method: 'POST',
      headers: bearer(s.tokens.write),
      body: form,
    });
    expect([noManifest.status, await code(noManifest)]).toEqual([400, 'E_INVALID_INPUT']);
    const swapped = new FormData();
    swapped.append(
      'model',
      JSON.stringify({ name: 'm', artifacts: [{ name: 'a' }, { name: 'b' }] }),
    );
    swapped.append('file', new Blob(['b']), 'b');
    swapped.append('file', new Blob(['a']), 'a');
    const outOfOrder = await fetch(`${s.url}/api/v1/projects/p3/tasks/t/models`, {
      method: 'POST',
      headers: bearer(s.tokens.write),
      body: swapped,
    });
    expect([outOfOrder.status, await code(outOfOrder)]).toEqual([400, 'E_INVALID_INPUT']);
    const short = new FormData();
    short.append('model', JSON.stringify({ name: 'm', artifacts: [{ name: 'a' }, { name: 'b' }] }));
    short.append('file', new Blob(['a']), 'a');
    const missing = await fetch(`${s.url}/api/v1/projects/p3/tasks/t/models`, {
      method: 'POST',
      headers: bearer(s.tokens.write),
      body: short,
    });
    expect([missing.status, await code(missing)]).toEqual([400, 'E_INVALID_INPUT']);
    const text = await fetch(`${s.url}/api/v1/projects/p3/tasks/t/models`, {
      method: 'POST',
      headers: { ...bearer(s.tokens.write), 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect([text.status, await code(text)]).toEqual([415, 'E_UNSUPPORTED_MEDIA_TYPE']);
    expect(await modelIn('p3', 'm')).toBeNull();
    expect((await checkRegistry(s.client, { graceMs: 0 })).orphans).toEqual([]);
  });

  it('a client that disconnects mid-upload leaves no model, and at most an orphan for a check', async () => {
    const boundary = 'abort-test-boundary';
    const { hostname, port } = new URL(s.url);
    const req = request({
      hostname,
      port,
      method: 'POST',
      path: '/api/v1/projects/p4/tasks/t/models',
      headers: {
        ...bearer(s.tokens.write),
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(10 * 1024 * 1024),
      },
    });
    req.on('error', () => undefined);
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\n${JSON.stringify({ name: 'cut', artifacts: [{ name: 'big.bin' }] })}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`,
    );
    for (let i = 0; i < 16; i++) req.write(randomBytes(64 * 1024));
    await sleep(300);
    req.destroy();
    await sleep(300);
    expect(await modelIn('p4', 'cut')).toBeNull();
    const report = await checkRegistry(s.client, { graceMs: 0 });
    expect(report.problems).toEqual([]);
    expect(report.orphans.length).toBeLessThanOrEqual(1);
  });

  it('waits for an upload slot, then answers 503 E_BUSY when none frees up', async () => {
    const busy = await startTestServer({ maxConcurrentUploads: 1, uploadWaitMs: 200 });
    try {
      const boundary = 'slow';
      const { hostname, port } = new URL(busy.url);
      const slow = request({
        hostname,
        port,
        method: 'PUT',
        path: '/api/v1/artifacts/01900000-0000-7000-8000-000000000001',
        headers: {
          ...bearer(busy.tokens.write),
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'transfer-encoding': 'chunked',
        },
      });
      slow.on('error', () => undefined);
      slow.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nxx`,
      );
      await sleep(100);
      const res = await pushByName(busy.url, busy.tokens.write, 'p/tasks/t', {
        name: 'm',
        artifacts: [{ name: 'a', bytes: new Uint8Array(1) }],
      });
      expect([res.status, await code(res)]).toEqual([503, 'E_BUSY']);
      slow.destroy();
    } finally {
      await busy.close();
    }
  });
});
