import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServerError } from '../http/server-error.js';
import { allows, type Scope } from './scopes.js';
import type { Identity, TokenStore } from './token-store.js';

/** What a route needs: a scope, or `public` for the health check and the API document. */
export type RouteAccess = Scope | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs; routes without it (and unknown routes) need `read`. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Who made the request, set by authentication before anything else runs. */
    identity?: Identity;
  }
}

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

/**
 * Authentication as the first hook of every request, before the body is read or parsed: no token (and
 * no anonymous read) or an unknown one is 401, a token whose scope is too small is 403, whatever the
 * body holds. The token never reaches a log or an error message.
 */
export function installAuthentication(
  app: FastifyInstance,
  tokens: TokenStore,
  { allowAnonymousRead }: { allowAnonymousRead: boolean },
): void {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const needed = request.routeOptions.config?.access ?? 'read';
    if (needed === 'public') return;
    const identity = await identify(request, tokens, allowAnonymousRead, needed);
    if (!allows(identity.scope, needed))
      throw new ServerError(
        'E_FORBIDDEN',
        `The token "${identity.name}" has the ${identity.scope} scope; this request needs ${needed}: use a token made with --scope ${needed}.`,
      );
    request.identity = identity;
  });
}

async function identify(
  request: FastifyRequest,
  tokens: TokenStore,
  allowAnonymousRead: boolean,
  needed: Scope,
): Promise<Identity> {
  const header = request.headers.authorization;
  if (header === undefined) {
    if (allowAnonymousRead && needed === 'read') return { name: 'anonymous', scope: 'read' };
    throw new ServerError(
      'E_UNAUTHORIZED',
      'This registry needs a token: send "Authorization: Bearer <token>" (ebonite token create makes one; the http backends read it from EBONITE_TOKEN).',
    );
  }
  const token = BEARER.exec(header)?.[1];
  const identity = token === undefined ? undefined : await tokens.verify(token);
  if (!identity)
    throw new ServerError(
      'E_UNAUTHORIZED',
      'The token is not valid here (unknown, revoked or malformed): check EBONITE_TOKEN, or ask for a new one (ebonite token create).',
    );
  return identity;
}
