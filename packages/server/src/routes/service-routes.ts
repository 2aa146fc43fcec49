import { checkRegistry } from '@ebonite/core';
import type { FastifyInstance } from 'fastify';
import { apiDocument } from '../openapi/api-document.js';
import { flag } from './query-flags.js';
import { API, type ServerContext } from './server-context.js';

/** The health check and the API document (no token), the server's description, the admin check. */
export function serviceRoutes(
  app: FastifyInstance,
  { client }: ServerContext,
  version: string,
): void {
  const open = { config: { access: 'public' as const } };
  const document = apiDocument(version);
  app.get('/healthz', open, async () => ({ status: 'ok' }));
  app.get(`${API}/openapi.json`, open, async () => document);
  app.get(API, async (request) => ({
    api: 'v1',
    server: version,
    metadata: client.meta.type,
    artifact: client.artifacts.type,
    identity: request.identity,
  }));
  app.post(`${API}/admin/check`, { config: { access: 'admin' } }, async (request) => {
    const graceMinutes = Number((request.query as { grace?: string }).grace ?? '10');
    return checkRegistry(client, {
      repair: flag(request.query, 'repair'),
      verify: !flag(request.query, 'quick'),
      graceMs: Number.isFinite(graceMinutes) && graceMinutes >= 0 ? graceMinutes * 60_000 : 600_000,
    });
  });
}
