import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDocument, revokeToken } from '../src/index.js';
import { rawRequest } from './helpers/raw-http.js';
import { bearer, pushByName, startTestServer, type TestServer } from './helpers/test-server.js';

type Op = { method: string; template: string; access: string; params: string[] };

/** Every operation of the API document, with what it needs. */
const operations: Op[] = Object.entries(apiDocument('test').paths).flatMap(([template, item]) =>
  Object.entries(item as Record<string, Record<string, unknown>>).map(([method, op]) => ({
    method: method.toUpperCase(),
    template,
    access: op['x-ebonite-access'] as string,
    params: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
  })),
);
const fill = (op: Op, values: Record<string, string> = {}) =>
  op.template.replace(/\{(\w+)\}/g, (_, p: string) => values[p] ?? `valid-${p}`);
const guarded = operations.filter((op) => op.access !== 'public');
const writes = operations.filter((op) => op.access === 'write' || op.access === 'admin');

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ bodyLimit: 64 * 1024, maxArtifactBytes: 100_000 });
  await s.client.getOrCreateTask('canary', 'kept');
});
afterAll(() => s?.close());

/** The error body (a HEAD answer has none: its code is taken as given). */
const json = (body: string) =>
  (body === '' ? { code: '(HEAD)', message: '' } : JSON.parse(body)) as {
    code: string;
    message: string;
  };

describe('authentication comes first', () => {
  it('lists every operation of the document (sanity)', () => {
    expect(guarded.length).toBeGreaterThan(30);
    expect(writes.length).toBeGreaterThan(12);
  });

  it('every route but /healthz and the document is 401 without a token, whatever the body', async () => {
    for (const op of guarded) {
      const res = await rawRequest(
        s.url,
        op.method,
        fill(op),
        { 'content-type': 'application/json' },
        '{"this is": not json',
      );
      expect([op.method, op.template, res.status]).toEqual([op.method, op.template, 401]);
      if (op.method !== 'HEAD') expect(json(res.body).code).toBe('E_UNAUTHORIZED');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    for (const path of ['/healthz', '/api/v1/openapi.json'])
      expect((await rawRequest(s.url, 'GET', path)).status).toBe(200);
    expect((await rawRequest(s.url, 'GET', '/no/such/route')).status).toBe(401);
  });

  it('an unknown, malformed or revoked token is 401; a revoked one stops working without a restart', async () => {
    for (const authorization of [
      'Bearer ebt_unknown',
      'Basic abc',
      'Bearer',
      `Bearer ${s.tokens.read}x`,
    ])
      expect((await rawRequest(s.url, 'GET', '/api/v1/projects', { authorization })).status).toBe(
        401,
      );
    const { createToken } = await import('../src/index.js');
    const { token } = await createToken(s.tokensFile, { name: 'short-lived', scope: 'read' });
    expect((await rawRequest(s.url, 'GET', '/api/v1/projects', bearer(token))).status).toBe(200);
    await revokeToken(s.tokensFile, 'short-lived');
    expect((await rawRequest(s.url, 'GET', '/api/v1/projects', bearer(token))).status).toBe(401);
  });

  it('a read token on every write is 403, and a write token on admin routes, before the body is read', async () => {
    for (const op of writes) {
      const res = await rawRequest(
        s.url,
        op.method,
        fill(op),
        { ...bearer(s.tokens.read), 'content-type': 'application/json' },
        'x'.repeat(200_000),
      );
      expect([op.method, op.template, res.status]).toEqual([op.method, op.template, 403]);
      expect(json(res.body).code).toBe('E_FORBIDDEN');
    }
    const admin = writes.find((op) => op.access === 'admin')!;
    expect(
      (await rawRequest(s.url, admin.method, fill(admin), bearer(s.tokens.write))).status,
    ).toBe(403);
    expect(
      (await rawRequest(s.url, admin.method, fill(admin), bearer(s.tokens.admin))).status,
    ).toBe(200);
  });

  it('anonymous read only with allowAnonymousRead: reads pass, writes are still 401', async () => {
    const open = await startTestServer({ allowAnonymousRead: true });
    try {
      expect((await rawRequest(open.url, 'GET', '/api/v1/projects')).status).toBe(200);
      expect((await rawRequest(open.url, 'PUT', '/api/v1/projects/p')).status).toBe(401);
      expect(
        (await rawRequest(open.url, 'GET', '/api/v1/projects', { authorization: 'Bearer wrong' }))
          .status,
      ).toBe(401);
    } finally {
      await open.close();
    }
  });
});

describe('path traversal in every path parameter', () => {
  const evil = [
    '..',
    '.',
    '%2e%2e',
    '%2E%2E',
    '..%2f..%2fetc',
    'a%2fb',
    '%2F',
    'a%5cb',
    '..%5c..',
    'a\\b',
  ];

  it('is refused (400, or 404 for an artifact name that is merely absent) and touches nothing', async () => {
    for (const op of operations.filter((o) => o.params.length)) {
      for (const param of op.params) {
        for (const value of evil) {
          const body = op.method === 'POST' || op.method === 'PUT' ? '{}' : undefined;
          const res = await rawRequest(
            s.url,
            op.method,
            fill(op, {
              [param]: value,
              project: param === 'project' ? value : 'canary',
              task: param === 'task' ? value : 'kept',
            }),
            { ...bearer(s.tokens.admin), ...(body && { 'content-type': 'application/json' }) },
            body,
          );
          const allowed = param === 'name' ? [400, 404] : [400];
          expect(
            allowed,
            `${op.method} ${op.template} with ${param}=${value}: ${res.status} ${res.body}`,
          ).toContain(res.status);
          expect(json(res.body).code).not.toBe('E_BACKEND');
        }
      }
    }
    expect((await s.client.getTask('canary', 'kept'))?.name).toBe('kept');
  });
});

describe('limits', () => {
  it('a JSON body over the limit is 413 with the JSON error; malformed JSON is 400', async () => {
    const big = JSON.stringify({ id: 'x', name: 'y'.repeat(100_000) });
    const headers = { ...bearer(s.tokens.write), 'content-type': 'application/json' };
    const res = await rawRequest(s.url, 'POST', '/api/v1/metadata/projects', headers, big);
    expect(res.status).toBe(413);
    expect(json(res.body).code).toBe('E_TOO_LARGE');
    for (const body of ['{"id": ', '[1,2', 'nul', '{"a":1}}']) {
      const bad = await rawRequest(s.url, 'POST', '/api/v1/metadata/projects', headers, body);
      expect([body, bad.status, json(bad.body).code]).toEqual([body, 400, 'E_INVALID_INPUT']);
    }
    const valid = await rawRequest(
      s.url,
      'POST',
      '/api/v1/metadata/projects',
      headers,
      '{"id":"not a record"}',
    );
    expect([valid.status, json(valid.body).code]).toEqual([400, 'E_INVALID_INPUT']);
  });

  it('an artifact over maxArtifactBytes is 413 and leaves no model', async () => {
    const res = await pushByName(s.url, s.tokens.write, 'canary/tasks/kept', {
      name: 'too-big',
      artifacts: [{ name: 'a.bin', bytes: new Uint8Array(100_001) }],
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('E_TOO_LARGE');
    const task = await s.client.getTask('canary', 'kept');
    expect(await s.client.getModel('too-big', task!)).toBeNull();
  });

  it('a client that never finishes its headers is cut off (slow-loris)', async () => {
    const quick = await startTestServer({ headersTimeoutMs: 300 });
    try {
      const { port } = new URL(quick.url);
      const started = Date.now();
      const closed = await new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
          const drip = setInterval(() => socket.write('X-Drip: 1\r\n'), 50);
          let answer = '';
          socket.on('data', (d) => {
            answer += d.toString();
          });
          socket.on('close', () => {
            clearInterval(drip);
            resolve(answer);
          });
          socket.on('error', () => undefined);
        });
      });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(closed === '' || closed.startsWith('HTTP/1.1 408')).toBe(true);
    } finally {
      await quick.close();
    }
  });
});

describe('logs', () => {
  it('are structured JSON and never hold a token', () => {
    const logs = s.logs();
    expect(logs.length).toBeGreaterThan(1000);
    for (const line of logs.trim().split('\n')) JSON.parse(line);
    for (const token of Object.values(s.tokens)) {
      expect(logs).not.toContain(token);
      expect(logs).not.toContain(token.slice(4, 20));
    }
  });
});
