import { type Ebonite, EboniteError, InvalidInputError } from '@ebonite/core';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth/authenticate.js';
import type { TokenStore } from '../auth/token-store.js';
import { statusForCode } from '../http/status.js';
import { modelNamed, projectNamed, taskNamed } from '../routes/find-by-name.js';
import { actionRoutes } from './action-routes.js';
import { assetRoutes } from './asset-routes.js';
import type { PageContext } from './layout.js';
import { aliasViews, numericKeys, numericValue, TaskNames } from './page-data.js';
import { homePage, projectPage } from './pages/browse-pages.js';
import { COMPARE_MAX, COMPARE_MIN, comparePage } from './pages/compare-page.js';
import { modelPage } from './pages/model-page.js';
import type { ModelRow } from './pages/models-table.js';
import { searchPage } from './pages/search-page.js';
import { errorPage } from './pages/sign-in-page.js';
import { taskPage } from './pages/task-page.js';
import { parseSearchText } from './search-text.js';
import { sessionRoutes } from './session-routes.js';
import { webPaths, withQuery } from './web-paths.js';
import { type Fields, first, type ModelParams, sendPage, type TaskParams } from './web-reply.js';

/** Models per page in the task and search lists. */
const PAGE_SIZE = 50;
/** The most models a trend chart reads (the task's newest). */
const CHART_MODELS = 1000;

/**
 * Only what the page itself ships may run or load: no inline script, no other origin, no framing.
 * Inline `style` attributes are not used either.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/**
 * The registry's web pages, rendered on the server from the same client the API uses, with the same
 * tokens (sent as a header, or kept in an HttpOnly SameSite=Strict session cookie by the sign-in
 * form). Every page works without JavaScript; `assets/app.js` only adds search-as-you-type.
 */
export function webRoutes(
  app: FastifyInstance,
  client: Ebonite,
  tokens: TokenStore,
  assetsDir: string,
  anonymousRead: boolean,
): void {
  app.register(formbody, { bodyLimit: 64 * 1024 });
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  app.setErrorHandler((error, request, reply) => {
    const code = EboniteError.isInstance(error) ? error.code : 'E_BACKEND';
    const status = EboniteError.isInstance(error)
      ? statusForCode(code)
      : ((error as { statusCode?: number }).statusCode ?? 500);
    if (code === 'E_UNAUTHORIZED' && (request.method === 'GET' || request.method === 'HEAD'))
      return reply.redirect(withQuery(webPaths.signIn(), { next: request.url }), 303);
    if (status >= 500) request.log.error({ err: error }, 'page failed');
    const message =
      status >= 500 && !EboniteError.isInstance(error)
        ? 'The server failed to render this page; its log has the details.'
        : error instanceof Error
          ? error.message
          : String(error);
    return sendPage(reply.code(status), errorPage(status, code, message));
  });

  const ctxOf = (request: FastifyRequest, query?: string): PageContext => ({
    who: request.identity ?? { name: 'anonymous', scope: 'read' },
    session: request.cookies?.[SESSION_COOKIE] !== undefined,
    ...(query !== undefined && { query }),
  });
  assetRoutes(app, assetsDir);
  sessionRoutes(app, tokens, anonymousRead);
  actionRoutes(app, client);

  app.get('/', async (request, reply) =>
    sendPage(reply, homePage(ctxOf(request), await client.getProjects())),
  );
  app.get<{ Params: { project: string } }>('/p/:project', async (request, reply) => {
    const project = await projectNamed(client, request.params.project);
    return sendPage(reply, projectPage(ctxOf(request), project, await client.getTasks(project)));
  });

  app.get<{ Params: TaskParams; Querystring: Fields }>(
    '/p/:project/:task',
    async (request, reply) => {
      const { project: p, task: t } = request.params;
      const project = await projectNamed(client, p);
      const task = await taskNamed(client, p, t);
      const q = request.query;
      const sort = q.sort === 'name' ? 'name' : 'created';
      const order = q.order === 'asc' ? 'asc' : 'desc';
      const cursor = first(q.cursor);
      const result = await client.searchModels({
        task,
        orderBy: sort === 'name' ? 'name' : 'creationDate',
        order,
        limit: PAGE_SIZE,
        ...(cursor && { cursor }),
      });
      const aliases = await aliasViews(client, task);
      const aliasesOf = new Map<string, string[]>();
      for (const a of aliases)
        aliasesOf.set(a.modelName, [...(aliasesOf.get(a.modelName) ?? []), a.alias]);
      const rows: ModelRow[] = result.models.map((model) => ({
        model,
        href: webPaths.model(p, t, model.name),
        aliases: aliasesOf.get(model.name) ?? [],
      }));
      const chartName = first(q.chart);
      const chart = chartName
        ? {
            name: chartName,
            points: (await client.searchModels({ task, limit: CHART_MODELS })).models.flatMap(
              (m) => {
                const value = numericValue(m, chartName);
                return value === undefined ? [] : [{ at: m.creationDate, label: m.name, value }];
              },
            ),
          }
        : undefined;
      return sendPage(
        reply,
        taskPage(ctxOf(request), {
          project,
          task,
          aliases,
          rows,
          nextHref: result.nextCursor
            ? withQuery(webPaths.task(p, t), { sort, order, cursor: result.nextCursor })
            : null,
          sort,
          order,
          numericKeys: numericKeys(result.models),
          ...(chart && { chart }),
        }),
      );
    },
  );

  app.get<{ Params: ModelParams }>('/p/:project/:task/:model', async (request, reply) => {
    const { project: p, task: t } = request.params;
    const project = await projectNamed(client, p);
    const task = await taskNamed(client, p, t);
    const model = await modelNamed(client, request.params);
    const aliases = (await client.getAliases(task))
      .filter((a) => a.modelId === model.id)
      .map((a) => a.alias);
    return sendPage(reply, modelPage(ctxOf(request), project, task, model, aliases));
  });

  app.get<{ Params: TaskParams; Querystring: Fields }>(
    '/compare/:project/:task',
    async (request, reply) => {
      const { project: p, task: t } = request.params;
      const names = [...new Set([request.query.m ?? []].flat())];
      if (names.length < COMPARE_MIN || names.length > COMPARE_MAX)
        throw new InvalidInputError(
          `Pick ${COMPARE_MIN} to ${COMPARE_MAX} models to compare (${names.length} picked): tick them in the task's list.`,
        );
      const project = await projectNamed(client, p);
      const task = await taskNamed(client, p, t);
      const models = await Promise.all(
        names.map((model) => modelNamed(client, { project: p, task: t, model })),
      );
      return sendPage(reply, comparePage(ctxOf(request), project, task, models));
    },
  );

  app.get<{ Querystring: Fields }>('/search', async (request, reply) => {
    const text = (first(request.query.q) ?? '').trim();
    const ctx = ctxOf(request, text);
    if (!text) return sendPage(reply, searchPage(ctx, undefined, null));
    let filters: ReturnType<typeof parseSearchText>;
    try {
      filters = parseSearchText(text);
    } catch (error) {
      return sendPage(reply.code(400), searchPage(ctx, undefined, null, (error as Error).message));
    }
    const cursor = first(request.query.cursor);
    const result = await client.searchModels({
      ...filters,
      limit: PAGE_SIZE,
      ...(cursor && { cursor }),
    });
    const where = new TaskNames(client);
    const rows: ModelRow[] = await Promise.all(
      result.models.map(async (model) => {
        const w = await where.of(model.taskId);
        return {
          model,
          href: webPaths.model(w.project, w.task, model.name),
          where: { label: `${w.project}/${w.task}`, href: webPaths.task(w.project, w.task) },
        };
      }),
    );
    const next = result.nextCursor
      ? withQuery(webPaths.search(), { q: text, cursor: result.nextCursor })
      : null;
    return sendPage(reply, searchPage(ctx, rows, next));
  });
}
