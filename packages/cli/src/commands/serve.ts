import type { CommandContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';

export interface ServeOptions {
  port?: string;
  host?: string;
  tokens?: string;
  allowAnonymousRead?: boolean;
  /** `--no-web` sets it false: the API only. */
  web?: boolean;
  trustClientAuthor?: boolean;
  shutdownTimeout?: string;
  maxArtifactBytes?: string;
  bodyLimit?: string;
  maxUploads?: string;
  headersTimeout?: string;
  requestTimeout?: string;
  idleTimeout?: string;
  logLevel?: string;
}

function number(name: string, value: string | undefined, scale = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new CliError(
      'E_USAGE',
      `--${name} takes a number (0 or more), not ${JSON.stringify(value)}.`,
    );
  return n * scale;
}

/**
 * `ebonite serve`: the registry (`--config`, `$EBONITE_CONFIG` or `./.ebonite`) as a team server. Logs
 * go to stdout as JSON lines. SIGTERM or SIGINT stop it gracefully: no new connections, requests in
 * flight get `--shutdown-timeout` seconds to finish, then the client is closed and the command exits 0.
 */
export async function serveCommand(ctx: CommandContext, options: ServeOptions): Promise<number> {
  const { createServer } = await import('@ebonite/server');
  const port = number('port', options.port ?? '8080')!;
  const shutdownMs = number('shutdown-timeout', options.shutdownTimeout ?? '10', 1000)!;
  if (!options.tokens && !options.allowAnonymousRead)
    ctx.warn('ebonite serve: no --tokens file: every request will be refused (401).');
  return ctx.withClient(
    async (client) => {
      const server = createServer(client, {
        ...(options.tokens !== undefined && { tokens: options.tokens }),
        allowAnonymousRead: options.allowAnonymousRead === true,
        web: options.web !== false,
        trustClientAuthor: options.trustClientAuthor === true,
        maxArtifactBytes: number('max-artifact-bytes', options.maxArtifactBytes),
        bodyLimit: number('body-limit', options.bodyLimit),
        maxConcurrentUploads: number('max-uploads', options.maxUploads),
        headersTimeoutMs: number('headers-timeout', options.headersTimeout, 1000),
        requestTimeoutMs: number('request-timeout', options.requestTimeout, 1000),
        idleTimeoutMs: number('idle-timeout', options.idleTimeout, 1000),
        logger: { level: options.logLevel ?? 'info', stream: process.stdout },
      });
      const stopped = new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      const url = await server.listen({ port, host: options.host ?? '127.0.0.1' });
      ctx.info(
        `ebonite serve: ${client.meta.type} metadata and ${client.artifacts.type} artifacts on ${url} (web pages ${url}/, API ${url}/api/v1/, document ${url}/api/v1/openapi.json)`,
      );
      const signal = await stopped;
      ctx.info(
        `ebonite serve: ${signal}: finishing the requests in flight (at most ${shutdownMs / 1000} s)`,
      );
      await server.close({ timeoutMs: shutdownMs });
      ctx.info('ebonite serve: stopped');
      return 0;
    },
    { mustExist: false },
  );
}
