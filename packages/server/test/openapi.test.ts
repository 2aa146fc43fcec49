import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/test-server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

describe('the API document', () => {
  it('is served without a token at /api/v1/openapi.json and is valid OpenAPI 3.1', async () => {
    const res = await fetch(`${s.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const document = (await res.json()) as { openapi: string; paths: Record<string, object> };
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, JSON.stringify((result as { errors?: unknown }).errors)).toBe(true);
  });

  it('describes every route the server has, and only those', async () => {
    const document = (await (await fetch(`${s.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map(
        (method) =>
          `${method.toUpperCase()} ${path.replace(/\{name\}$/, '*').replace(/\{(\w+)\}/g, ':$1')}`,
      ),
    );
    await s.server.app.ready();
    // The web pages (/, /p/..., /search, /sign-in, ...) are HTML for people, not the API.
    const routes = s.server.routes.filter((r) => / \/(api\/|healthz)/.test(r));
    expect(routes.length).toBeGreaterThan(0);
    expect(new Set(documented)).toEqual(new Set(routes));
  });
});
