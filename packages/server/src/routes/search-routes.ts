import type { FastifyInstance } from 'fastify';
import { parseSearchQuery } from './search-query.js';
import { API, type ServerContext } from './server-context.js';

/**
 * `GET /api/v1/search`: the client's `searchModels` over the whole registry (or a project, a task),
 * for people and pages: `{ models, nextCursor }`, where `nextCursor` (opaque, `null` on the last page)
 * goes back as `?cursor=` with the same filters for the next page.
 */
export function searchRoutes(app: FastifyInstance, { client }: ServerContext): void {
  app.get(`${API}/search`, async (request) => {
    const page = await client.searchModels(parseSearchQuery(request.query));
    return { models: page.models.map((m) => m.toRecord()), nextCursor: page.nextCursor };
  });
}
