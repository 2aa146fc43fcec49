import { createHash, randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, pushByName, startTestServer, type TestServer } from './helpers/test-server.js';

let s: TestServer;
const bytes = randomBytes(3 * 1024 * 1024 + 17);
const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const url = () => `${s.url}/api/v1/projects/dl/tasks/t/models/m/artifacts/sub/dir/weights%20v1.bin`;
const get = (headers: Record<string, string> = {}, method = 'GET') =>
  fetch(url(), { method, headers: { ...bearer(s.tokens.read), ...headers } });

beforeAll(async () => {
  s = await startTestServer();
  const res = await pushByName(s.url, s.tokens.write, 'dl/tasks/t', {
    name: 'm',
    artifacts: [
      { name: 'sub/dir/weights v1.bin', bytes, size: bytes.length, digest },
      { name: 'empty', bytes: new Uint8Array(0) },
    ],
  });
  expect(res.status).toBe(201);
});
afterAll(() => s?.close());

describe('artifact downloads', () => {
  it('answer the whole file with Content-Length and ETag = the recorded digest', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('etag')).toBe(`"${digest}"`);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answer HEAD with the headers only, and an empty file with 0 bytes', async () => {
    const head = await get({}, 'HEAD');
    expect([head.status, head.headers.get('content-length')]).toEqual([200, String(bytes.length)]);
    const empty = await fetch(`${s.url}/api/v1/projects/dl/tasks/t/models/m/artifacts/empty`, {
      headers: bearer(s.tokens.read),
    });
    expect([empty.status, (await empty.arrayBuffer()).byteLength]).toEqual([200, 0]);
  });

  it('answer a Range with 206 and exactly those bytes (resumed downloads), suffix ranges too', async () => {
    for (const [range, start, end] of [
      ['bytes=1000-', 1000, bytes.length - 1],
      ['bytes=0-0', 0, 0],
      ['bytes=5-1048580', 5, 1048580],
      ['bytes=-100', bytes.length - 100, bytes.length - 1],
      [`bytes=10-${bytes.length + 1000}`, 10, bytes.length - 1],
    ] as const) {
      const res = await get({ range });
      expect([range, res.status]).toEqual([range, 206]);
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${bytes.length}`);
      expect(res.headers.get('content-length')).toBe(String(end - start + 1));
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(start, end + 1))).toBe(
        true,
      );
    }
  });

  it('answer an unsatisfiable range with 416, and If-None-Match with the ETag with 304', async () => {
    const res = await get({ range: `bytes=${bytes.length}-` });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    expect(((await res.json()) as { code: string }).code).toBe('E_RANGE_NOT_SATISFIABLE');
    const cached = await get({ 'if-none-match': `"${digest}"` });
    expect(cached.status).toBe(304);
    const stale = await get({ 'if-none-match': '"sha256:0000"', range: 'bytes=0-9' });
    expect(stale.status).toBe(206);
    await stale.arrayBuffer();
    const changed = await get({ 'if-range': '"sha256:other"', range: 'bytes=0-9' });
    expect(changed.status).toBe(200);
    await changed.arrayBuffer();
  });

  it('answer unknown names with 404 and the ebonite code', async () => {
    const res = await fetch(`${s.url}/api/v1/projects/dl/tasks/t/models/m/artifacts/absent.bin`, {
      headers: bearer(s.tokens.read),
    });
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([
      404,
      'E_NO_SUCH_ARTIFACT',
    ]);
  });

  it('never complete a body that fails verification: a corrupted file breaks the connection', async () => {
    const root = join(s.dir, 'registry', 'artifacts');
    const find = async (dir: string): Promise<string> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          const found = await find(path).catch(() => '');
          if (found) return found;
        } else if (entry.name === 'weights v1.bin') return path;
      }
      throw new Error('not found');
    };
    const corrupted = Buffer.from(bytes);
    corrupted[corrupted.length - 1] = (corrupted.at(-1) ?? 0) ^ 0xff;
    await writeFile(await find(root), corrupted);
    for (const range of [undefined, 'bytes=100-']) {
      const res = await get(range ? { range } : {});
      expect(res.status).toBe(range ? 206 : 200);
      await expect(res.arrayBuffer(), `the body of ${range ?? 'the whole file'}`).rejects.toThrow();
    }
  });
});
