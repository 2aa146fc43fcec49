import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../auth/authenticate.js';
import type { TokenStore } from '../auth/token-store.js';
import { signInPage } from './pages/sign-in-page.js';
import { localPath, webPaths } from './web-paths.js';
import { type Fields, sendPage } from './web-reply.js';

/**
 * The sign-in form and sign-out: a token checked against the tokens file goes into an HttpOnly,
 * SameSite=Strict session cookie (never a URL, never script-readable storage); signing out clears it.
 */
export function sessionRoutes(
  app: FastifyInstance,
  tokens: TokenStore,
  anonymousRead: boolean,
): void {
  const publicRoute = { config: { access: 'public' as const } };
  app.get<{ Querystring: Fields }>('/sign-in', publicRoute, async (request, reply) =>
    sendPage(reply, signInPage(localPath(request.query.next))),
  );
  app.post<{ Body: Fields }>('/sign-in', publicRoute, async (request, reply) => {
    const next = localPath(request.body?.next);
    const token = typeof request.body?.token === 'string' ? request.body.token.trim() : '';
    const identity = token ? await tokens.verify(token) : undefined;
    if (!identity)
      return sendPage(
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
}
