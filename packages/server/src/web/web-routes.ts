import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Ebonite,
  EboniteError,
  InvalidInputError,
  type JsonValue,
  type Model,
  NonExistingModelError,
  type Task,
} from '@ebonite/core';
import { nowIso } from '@ebonite/core/plugin';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth/authenticate.js';
import type { TokenStore } from '../auth/token-store.js';
import { statusForCode } from '../http/status.js';
import { modelNamed, projectNamed, taskNamed } from '../routes/find-by-name.js';
import { type Html, render } from './html.js';
import type { PageContext } from './layout.js';
import { homePage, projectPage } from './pages/browse-pages.js';
import { COMPARE_MAX, COMPARE_MIN, comparePage } from './pages/compare-page.js';
import { modelPage } from './pages/model-page.js';
import type { ModelRow } from './pages/models-table.js';
import { searchPage } from './pages/search-page.js';
import { errorPage, signInPage } from './pages/sign-in-page.js';
import { type AliasView, taskPage } from './pages/task-page.js';
import { parseSearchText } from './search-text.js';
import { localPath, webPaths, withQuery } from './web-paths.js';

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

/** The files the pages load, read once from the package's `assets/` folder. */
interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

type Q = Record<string, string | string[] | undefined>;
type P3 = { project: string; task: string; model: string };
type P2 = { project: string; task: string };

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
  const assets = loadAssets(assetsDir);
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
    return page(reply.code(status), errorPage(status, code, message));
  });

  const ctxOf = (request: FastifyRequest, query?: string): PageContext => ({
    who: request.identity ?? { name: 'anonymous', scope: 'read' },
    session: request.cookies?.[SESSION_COOKIE] !== undefined,
    ...(query !== undefined && { query }),
  });
  const publicRoute = { config: { access: 'public' as const } };
  const action = { config: { access: 'write' as const, formAction: true } };

  app.get<{ Params: { file: string } }>('/assets/:file', publicRoute, async (request, reply) => {
    const asset = assets.get(request.params.file);
    if (!asset) return reply.code(404).type('text/plain').send('no such asset');
    reply.header('etag', asset.etag).header('cache-control', 'public, max-age=300');
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  });

  app.get<{ Querystring: Q }>('/sign-in', publicRoute, async (request, reply) =>
    page(reply, signInPage(localPath(request.query.next))),
  );
  app.post<{ Body: Q }>('/sign-in', publicRoute, async (request, reply) => {
    const next = localPath(request.body?.next);
    const token = typeof request.body?.token === 'string' ? request.body.token.trim() : '';
    const identity = token ? await tokens.verify(token) : undefined;
    if (!identity)
      return page(
        reply.code(401),
        signInPage(next, 'This token is not valid here (unknown, revoked or mistyped).'),
      );
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      path: '/',
    });
    return reply.redirect(next, 303);
  });
  app.post('/sign-out', publicRoute, async (_request, reply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect(anonymousRead ? '/' : webPaths.signIn(), 303);
  });

  app.get('/', async (request, reply) =>
    page(reply, homePage(ctxOf(request), await client.getProjects())),
  );
  app.get<{ Params: { project: string } }>('/p/:project', async (request, reply) => {
    const project = await projectNamed(client, request.params.project);
    return page(reply, projectPage(ctxOf(request), project, await client.getTasks(project)));
  });

  app.get<{ Params: P2; Querystring: Q }>('/p/:project/:task', async (request, reply) => {
    const { project: p, task: t } = request.params;
    const project = await projectNamed(client, p);
    const task = await taskNamed(client, p, t);
    const q = request.query;
    const sort = q.sort === 'name' ? 'name' : 'created';
    const order = q.order === 'asc' ? 'asc' : 'desc';
    const cursor = one(q.cursor);
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
    const chartName = one(q.chart);
    const chart = chartName
      ? {
          name: chartName,
          points: (await client.searchModels({ task, limit: CHART_MODELS })).models.flatMap((m) => {
            const value = numericValue(m, chartName);
            return value === undefined ? [] : [{ at: m.creationDate, label: m.name, value }];
          }),
        }
      : undefined;
    return page(
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
  });

  app.get<{ Params: P3 }>('/p/:project/:task/:model', async (request, reply) => {
    const { project: p, task: t } = request.params;
    const project = await projectNamed(client, p);
    const task = await taskNamed(client, p, t);
    const model = await modelNamed(client, request.params);
    const aliases = (await client.getAliases(task))
      .filter((a) => a.modelId === model.id)
      .map((a) => a.alias);
    return page(reply, modelPage(ctxOf(request), project, task, model, aliases));
  });

  app.get<{ Params: P2; Querystring: Q }>('/compare/:project/:task', async (request, reply) => {
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
    return page(reply, comparePage(ctxOf(request), project, task, models));
  });

  app.get<{ Querystring: Q }>('/search', async (request, reply) => {
    const text = (one(request.query.q) ?? '').trim();
    const ctx = ctxOf(request, text);
    if (!text) return page(reply, searchPage(ctx, undefined, null));
    let filters: ReturnType<typeof parseSearchText>;
    try {
      filters = parseSearchText(text);
    } catch (error) {
      return page(reply.code(400), searchPage(ctx, undefined, null, (error as Error).message));
    }
    const cursor = one(request.query.cursor);
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
    return page(reply, searchPage(ctx, rows, next));
  });

  app.post<{ Params: P3; Body: Q }>(
    '/actions/tags/:project/:task/:model',
    action,
    async (request, reply) => {
      const model = await modelNamed(client, request.params);
      const keys = [request.body?.key ?? []].flat();
      const values = [request.body?.value ?? []].flat();
      if (keys.length !== values.length)
        throw new InvalidInputError(
          'The tag form sent keys and values that do not pair up: reload the page.',
        );
      const changes: Record<string, string | null> = {};
      keys.forEach((key, i) => {
        const value = values[i] ?? '';
        if (key === '') return;
        changes[key] = value === '' ? null : value;
      });
      await client.setModelTags(model, changes);
      const { project, task } = request.params;
      return reply.redirect(webPaths.model(project, task, model.name), 303);
    },
  );

  app.post<{ Params: P2; Body: Q }>(
    '/actions/alias/:project/:task',
    action,
    async (request, reply) => {
      const { project: p, task: t } = request.params;
      const task = await taskNamed(client, p, t);
      const alias = one(request.body?.alias) ?? '';
      const name = one(request.body?.model) ?? '';
      const model = await client.getModel(name, task);
      if (!model) throw new NonExistingModelError(`${p}/${t}/${name}`);
      await client.meta.setAlias(task.id, alias, model.id, stampOf(request));
      return reply.redirect(webPaths.task(p, t), 303);
    },
  );

  app.post<{ Params: P2; Body: Q }>(
    '/actions/alias-remove/:project/:task',
    action,
    async (request, reply) => {
      const { project: p, task: t } = request.params;
      const task = await taskNamed(client, p, t);
      await client.meta.deleteAlias(task.id, one(request.body?.alias) ?? '', stampOf(request));
      return reply.redirect(webPaths.task(p, t), 303);
    },
  );
}

function page(reply: FastifyReply, body: Html): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(render(body));
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function loadAssets(dir: string): Map<string, Asset> {
  const types: Record<string, string> = {
    'style.css': 'text/css; charset=utf-8',
    'app.js': 'text/javascript; charset=utf-8',
  };
  const out = new Map<string, Asset>();
  for (const [file, type] of Object.entries(types)) {
    const body = readFileSync(join(dir, file));
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    out.set(file, { body, type, etag });
  }
  return out;
}

/** A task's aliases with their histories, model ids shown as the models' names. */
async function aliasViews(client: Ebonite, task: Task): Promise<AliasView[]> {
  const names = new Map<string, string>();
  const nameOf = async (id: string | null): Promise<string | null> => {
    if (id === null) return null;
    let name = names.get(id);
    if (name === undefined) {
      name = (await client.meta.getModelById(id))?.name ?? `${id} (deleted)`;
      names.set(id, name);
    }
    return name;
  };
  const aliases = await client.getAliases(task);
  return Promise.all(
    aliases.map(async (a) => ({
      alias: a.alias,
      modelName: a.modelName,
      updatedAt: a.updatedAt,
      author: a.author,
      history: await Promise.all(
        (await client.getAliasHistory(task, a.alias)).map(async (e) => ({
          at: e.at,
          author: e.author,
          from: await nameOf(e.previousModelId),
          to: await nameOf(e.modelId),
        })),
      ),
    })),
  );
}

/** `param:k` / `tag:k` keys whose values on these models are numbers. */
function numericKeys(models: readonly Model[]): string[] {
  const keys = new Set<string>();
  for (const m of models) {
    for (const [k, v] of Object.entries(m.params))
      if (typeof v === 'number') keys.add(`param:${k}`);
    for (const [k, v] of Object.entries(m.tags ?? {}))
      if (v.trim() !== '' && Number.isFinite(Number(v))) keys.add(`tag:${k}`);
  }
  return [...keys].sort();
}

function numericValue(model: Model, key: string): number | undefined {
  const [kind, name] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  const raw: JsonValue | undefined =
    kind === 'param' ? model.params[name] : kind === 'tag' ? model.tags?.[name] : undefined;
  const value =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && raw.trim() !== ''
        ? Number(raw)
        : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}

/** The project and task names of task ids, each looked up once per page. */
class TaskNames {
  readonly #cache = new Map<string, Promise<{ project: string; task: string }>>();
  constructor(readonly client: Ebonite) {}
  of(taskId: string): Promise<{ project: string; task: string }> {
    let found = this.#cache.get(taskId);
    if (!found) {
      found = (async () => {
        const task = await this.client.meta.getTaskById(taskId);
        const project = task && (await this.client.meta.getProjectById(task.projectId));
        return { project: project?.name ?? '?', task: task?.name ?? '?' };
      })();
      this.#cache.set(taskId, found);
    }
    return found;
  }
}

/** Who moves an alias from the page: the signed-in token's name, now. */
function stampOf(request: FastifyRequest): { author: string; at: string } {
  return { author: request.identity?.name ?? 'anonymous', at: nowIso() };
}
