import { createServer as createHttpServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ebonite } from '@ebonite/core';
import cookie from '@fastify/cookie';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { installAuthentication } from './auth/authenticate.js';
import { TokenStore } from './auth/token-store.js';
import { errorReply } from './http/error-reply.js';
import { ServerError } from './http/server-error.js';
import { RecentPushes } from './push/recent-pushes.js';
import { UploadSlots } from './push/upload-slots.js';
import { artifactStoreRoutes } from './routes/artifact-store-routes.js';
import { downloadRoutes } from './routes/download-routes.js';
import { metadataRoutes } from './routes/metadata-routes.js';
import { metadataV2Routes } from './routes/metadata-v2-routes.js';
import { registryRoutes } from './routes/registry-routes.js';
import { registryV2Routes } from './routes/registry-v2-routes.js';
import { searchRoutes } from './routes/search-routes.js';
import type { ServerContext } from './routes/server-context.js';
import { serviceRoutes } from './routes/service-routes.js';
import { DEFAULTS, type ServerOptions } from './server-options.js';
import { webRoutes } from './web/web-routes.js';

/** The buffer of each socket, both ways, in bytes. */
const STREAM_BUFFER = 1024 * 1024;

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
/** The web pages' stylesheet and script, shipped in the package (`src/` and `dist/` are siblings of it). */
const ASSETS = fileURLToPath(new URL('../assets/', import.meta.url));

/** A registry server: listen, then close gracefully. */
export interface RegistryServer {
  /** The Fastify instance (for `inject` in tests, or more routes). */
  readonly app: FastifyInstance;
  /** Every route it serves, as `METHOD /url` (Fastify's syntax: `:param`, `*`). */
  readonly routes: readonly string[];
  /** Listens on `host:port` (port 0: any free port) and resolves to the root URL, `http://host:port`. */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  /**
   * Stops accepting connections at once, lets requests in flight finish within `timeoutMs` (default
   * 10 s), then breaks the connections still open (a push cut there leaves no model). Does not close
   * the client: its owner does, afterwards.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * A registry server in front of one client: a REST API under `/api/v1/` (described at
 * `/api/v1/openapi.json`) that maps each request to a call of `client` or its guarded repositories, so
 * every rule stays in the core. Tokens, limits and timeouts live here only.
 */
export function createServer(client: Ebonite, options: ServerOptions = {}): RegistryServer {
  const o = { ...DEFAULTS, ...withoutUndefined(options) };
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: options.logger?.level ?? 'info',
            ...(options.logger?.stream && { stream: options.logger.stream }),
            redact: ['req.headers.authorization', 'req.headers.cookie'],
          },
    logController: new OneLinePerRequest(),
    bodyLimit: o.bodyLimit,
    connectionTimeout: o.idleTimeoutMs,
    handlerTimeout: o.requestTimeoutMs,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    exposeHeadRoutes: false,
    // Records may hold keys like "__proto__" (params, artifact names): JSON.parse makes them own
    // properties, and the core keeps them in prototype-free maps, so they are data, not a poisoning.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    routerOptions: { maxParamLength: 4096 },
    serverFactory: (handler) =>
      createHttpServer(
        {
          // Buffers of 1 MiB (Node's default is 16 KiB) on each socket, both ways: a push's body and a
          // download's bytes flow on while the other end hashes or writes a chunk, instead of stalling.
          highWaterMark: STREAM_BUFFER,
          headersTimeout: o.headersTimeoutMs,
          requestTimeout: 0, // pushes may be long: the idle and handler timeouts bound them
          connectionsCheckingInterval: Math.max(25, Math.min(1000, o.headersTimeoutMs / 4)),
        },
        handler,
      ),
  });
  // Push bodies are streamed by their routes, never parsed or buffered by Fastify.
  app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));

  const tokens = new TokenStore(options.tokens, (error) =>
    app.log.error(
      { err: error },
      'the tokens file cannot be read: no token is accepted until it is fixed',
    ),
  );
  // The session cookie of the web pages is parsed before authentication reads it.
  app.register(cookie);
  installAuthentication(app, tokens, { allowAnonymousRead: o.allowAnonymousRead === true });
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = errorReply(error, o.bodyLimit);
    if (status >= 500) request.log.error({ err: error }, body.message);
    else request.log.info({ code: body.code, status }, 'request refused');
    if (status === 401) reply.header('www-authenticate', 'Bearer realm="ebonite"');
    // An unread body the client may still be sending is not worth reading: answer and close.
    if ((status === 401 || status === 403 || status === 413) && !request.raw.complete)
      reply.header('connection', 'close');
    return reply.code(status).type('application/json').send(body);
  });
  app.setNotFoundHandler((request) => {
    throw new ServerError(
      'E_NOT_FOUND',
      `No route ${request.method} ${request.url.split('?')[0]}: the API is described at /api/v1/openapi.json.`,
    );
  });

  const ctx: ServerContext = {
    client,
    limits: { maxFileBytes: o.maxArtifactBytes, maxFieldBytes: o.bodyLimit },
    slots: new UploadSlots(o.maxConcurrentUploads, o.uploadWaitMs),
    recent: new RecentPushes(),
    signByToken: options.tokens !== undefined && o.trustClientAuthor !== true,
  };
  const routes: string[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
  });
  app.register(async (api) => {
    serviceRoutes(api, ctx, version);
    registryRoutes(api, ctx, o.uploadTimeoutMs);
    downloadRoutes(api, ctx);
    metadataRoutes(api, ctx);
    metadataV2Routes(api, ctx);
    registryV2Routes(api, ctx);
    searchRoutes(api, ctx);
    artifactStoreRoutes(api, ctx, o.uploadTimeoutMs);
  });
  if (o.web !== false)
    app.register(async (web) =>
      webRoutes(web, client, tokens, ASSETS, o.allowAnonymousRead === true),
    );

  return {
    app,
    routes,
    async listen({ port = 8080, host = '127.0.0.1' } = {}) {
      await app.listen({ port, host });
      const address = app.server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
    },
    async close({ timeoutMs = 10_000 } = {}) {
      const deadline = setTimeout(() => app.server.closeAllConnections(), timeoutMs);
      try {
        await app.close();
      } finally {
        clearTimeout(deadline);
      }
    },
  };
}

/**
 * One access-log line per request, when it is done (method, url, status, time), instead of Fastify's
 * two ("incoming request", then "request completed"): logging was about a fifth of a look-up's cost.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
