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
    /**
     * A web page's form action (a POST from the registry's own page): the session cookie may
     * authenticate it, only when the request comes from this same origin.
     */
    formAction?: boolean;
  }
  interface FastifyRequest {
    /** Who made the request, set by authentication before anything else runs. */
    identity?: Identity;
  }
}

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

/** The cookie that keeps a browser session's token (HttpOnly, SameSite=Strict; see the web pages). */
export const SESSION_COOKIE = 'ebonite_session';

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
  const header = request.headers.authorization ?? sessionHeader(request);
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

/**
 * The session cookie as a bearer header, where a cookie may authenticate: reads (GET, HEAD: pages and
 * downloads) and the page's own form actions sent from this origin. Never other writes, so that no
 * other site can make a signed-in browser push or delete (on top of SameSite=Strict).
 */
function sessionHeader(request: FastifyRequest): string | undefined {
  const token = request.cookies?.[SESSION_COOKIE];
  if (!token) return undefined;
  const read = request.method === 'GET' || request.method === 'HEAD';
  const action = request.routeOptions.config?.formAction === true && sameOrigin(request);
  return read || action ? `Bearer ${token}` : undefined;
}

/** The request's `Origin` is this server's own (browsers send it with every form POST). */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  const host = request.headers.host;
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
