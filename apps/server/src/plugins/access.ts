/**
 * Who is asking, and what they may see. Every request is resolved to a principal — the admin
 * (bearer token, signed session cookie, or a trusted user header set by an authenticating proxy)
 * or a share link (bearer token or share cookie) — or none. Every route declares its access in
 * `config.access`: `public` (no data), `viewer` (admin, or a share link whose responses the route
 * filters), or `admin`; a route that declares none stops the server at start-up. The decision is
 * taken from the route the router matched, before the body is read. Also: login via `/?token=`, share links via `/s/TOKEN`,
 * CSRF protection for cookie-authenticated changes, limits on failed credential checks, and
 * security headers with a Content-Security-Policy that allows no inline script.
 */
import { randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentials, secretsEqual, SESSION_TTL_MS } from '../access/admin-credentials.ts';
import { FailureLimiter } from '../access/rate-limiter.ts';
import { parseToken, type ShareLink, type ShareLinkStore } from '../access/share-link-store.ts';

type Principal =
  | { readonly role: 'admin'; readonly user: string; readonly via: 'bearer' | 'cookie' | 'header' }
  | { readonly role: 'share'; readonly link: ShareLink; readonly via: 'bearer' | 'cookie' };

type Access = 'public' | 'viewer' | 'admin';

/** A registered route and the access it declares (undefined: none, which stops the server). */
interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly access: Access | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    shareStore: ShareLinkStore;
    /** Closes the open streams of a link (on revocation). */
    shareStreams: ShareStreams;
    /** Every registered route with the access it declares. */
    routeAccess: () => RouteAccess[];
  }
}

interface AccessOptions {
  readonly adminToken: string;
  readonly store: ShareLinkStore;
  /** A header an authenticating reverse proxy sets to the user's name; trusted as admin. */
  readonly trustedUserHeader?: string;
  readonly failureLimit?: number;
}

/** Open streams per share link, so that revocation closes them at once. */
class ShareStreams {
  private readonly byLink = new Map<string, Set<() => void>>();

  add(linkId: string, close: () => void): () => void {
    let set = this.byLink.get(linkId);
    if (!set) this.byLink.set(linkId, (set = new Set()));
    set.add(close);
    return () => {
      set.delete(close);
      if (set.size === 0) this.byLink.delete(linkId);
    };
  }

  closeAll(linkId: string): void {
    for (const close of [...(this.byLink.get(linkId) ?? [])]) close();
  }
}

const ADMIN_COOKIE = 'gatemap_session';
const SHARE_LINK_ROUTE = '/s/:token';
const SHARE_COOKIE = 'gatemap_share';
const CSRF_COOKIE = 'gatemap_csrf';
const CSRF_HEADER = 'x-gatemap-csrf';

export default fp<AccessOptions>(
  async (fastify, options) => {
    const admin = new AdminCredentials(options.adminToken);
    const limiter = new FailureLimiter(options.failureLimit ?? 20);
    const trusted = options.trustedUserHeader?.toLowerCase();
    fastify.decorate('shareStore', options.store);
    const shareStreams = new ShareStreams();
    fastify.decorate('shareStreams', shareStreams);
    // Revoked through another server sharing the store: its streams end now, not at their next check.
    options.store.onRevoked?.((id) => shareStreams.closeAll(id));
    fastify.decorateRequest('principal', undefined);

    await fastify.register(cookie);
    await fastify.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          workerSrc: ["'self'", 'blob:'],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
      hsts: false,
    });

    const secure = (request: FastifyRequest) => request.protocol === 'https';
    const setCsrf = (request: FastifyRequest, reply: FastifyReply) => {
      if (!request.cookies[CSRF_COOKIE])
        reply.setCookie(CSRF_COOKIE, randomBytes(18).toString('base64url'), {
          path: '/',
          sameSite: 'strict',
          secure: secure(request),
          httpOnly: false,
        });
    };
    const refuse = (reply: FastifyReply, code: number, message: string) =>
      reply
        .code(code)
        .header('cache-control', 'no-store')
        .send({
          statusCode: code,
          error:
            code === 401
              ? 'Unauthorized'
              : code === 403
                ? 'Forbidden'
                : code === 429
                  ? 'Too Many Requests'
                  : 'Not Found',
          message,
        });

    // Deny by default: every route declares who may call it, or the server does not start.
    const routes: RouteAccess[] = [];
    fastify.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods)
        routes.push({
          method,
          url: route.url,
          get access() {
            return route.config?.access;
          },
        });
    });
    fastify.decorate('routeAccess', () => routes.map(({ method, url, access }) => ({ method, url, access })));
    fastify.addHook('onReady', async () => {
      const undeclared = routes.filter((route) => route.access === undefined);
      if (undeclared.length > 0)
        throw new Error(
          `routes without an access rule (config.access): ${undeclared.map((route) => `${route.method} ${route.url}`).join(', ')}`,
        );
    });

    // Who is asking, then whether the matched route lets them: all before the body is read or
    // validated, so that a caller without a credential learns nothing but 401.
    fastify.addHook('onRequest', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      // The decision follows the route the router matched (it decodes the path), never the raw
      // URL. A path no route matches reaches only the not-found handler, which holds no data.
      const access: Access | undefined = request.is404 ? 'public' : request.routeOptions.config.access;
      if (access === undefined) return refuse(reply, 403, 'this route declares no access rule');
      const url = requestUrl(request.url);
      // The limiter slows guessing: a blocked address may not present a new token (login, bearer,
      // share link), but a session it already holds still works, so a flood from a shared address
      // does not lock out the people signed in behind it. Only a presented credential that fails
      // counts as a failure, once per request; a first visit without one does not.
      const retry = limiter.blocked(request.ip);
      const tooMany = () => {
        reply.header('retry-after', String(retry));
        return refuse(reply, 429, `too many failed credential checks from this address; retry in ${retry} s`);
      };
      const failed = (message: string) => {
        limiter.fail(request.ip);
        return refuse(reply, 401, message);
      };
      const authorization = request.headers.authorization;
      const opensShareLink = request.routeOptions.url === SHARE_LINK_ROUTE;
      // Pages (public routes) sign in with ?token=; data routes never read a token from the URL.
      const loginToken = access === 'public' ? url.searchParams.get('token') : null;
      if (retry !== undefined && (authorization !== undefined || loginToken !== null || opensShareLink))
        return tooMany();

      // Login: /?token=ADMIN_TOKEN sets the session cookie and drops the token from the URL.
      if (loginToken !== null) {
        if (!admin.matches(loginToken))
          return failed('that admin token is not valid; use the URL gatemap serve printed');
        url.searchParams.delete('token');
        reply.setCookie(ADMIN_COOKIE, admin.issueSession(), {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: secure(request),
          maxAge: SESSION_TTL_MS / 1000,
        });
        reply.clearCookie(SHARE_COOKIE, { path: '/' });
        setCsrf(request, reply);
        return reply.redirect(sameOriginPath(url), 303);
      }

      const principal = identify(request, reply, authorization, retry);
      if (principal === 'failed') return failed('the bearer token is not valid, expired or revoked');
      if (principal === 'blocked') return tooMany();
      if (principal === 'unavailable') return storeUnavailable(reply);
      request.principal = principal;

      if (access === 'public') return;
      if (!principal)
        return refuse(
          reply,
          401,
          'sign in: open the URL gatemap serve printed (it ends in ?token=…), or send Authorization: Bearer TOKEN',
        );
      if (access === 'admin' && principal.role !== 'admin')
        return refuse(
          reply,
          403,
          'a share link gives read-only access to its part of the map; this needs the admin',
        );
      // Changes made with ambient (cookie) credentials must prove they come from gatemap's page.
      if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method) && principal.via === 'cookie') {
        const header = request.headers[CSRF_HEADER];
        const expected = request.cookies[CSRF_COOKIE];
        const origin = request.headers.origin;
        const sameOrigin = origin === undefined || origin === `${request.protocol}://${request.host}`;
        if (typeof header !== 'string' || !expected || !secretsEqual(header, expected) || !sameOrigin) {
          return refuse(
            reply,
            403,
            `missing or wrong ${CSRF_HEADER} header: changes need the CSRF token of gatemap's page`,
          );
        }
      }
    });

    /**
     * The principal a request's credentials name: a bearer token (admin or share link), a trusted
     * proxy header, a share cookie or an admin session cookie, in that order. `failed` for a bearer
     * token that opens nothing; `blocked` for a stale cookie from an address over its failure limit.
     */
    function identify(
      request: FastifyRequest,
      reply: FastifyReply,
      authorization: string | undefined,
      retry: number | undefined,
    ): Principal | undefined | 'failed' | 'blocked' | 'unavailable' {
      if (authorization !== undefined) {
        const presented = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
        if (presented && admin.matches(presented)) return { role: 'admin', user: 'admin', via: 'bearer' };
        const link = presented ? fastify.shareStore.verify(presented) : undefined;
        if (link) return { role: 'share', link, via: 'bearer' };
        // While the store cannot vouch for any link, a share token is not a failed guess.
        return presented && isShareToken(presented) && !fastify.shareStore.ready() ? 'unavailable' : 'failed';
      }
      if (trusted) {
        const user = request.headers[trusted];
        if (typeof user === 'string' && user !== '') return { role: 'admin', user, via: 'header' };
      }
      const shareCookie = request.cookies[SHARE_COOKIE];
      if (shareCookie !== undefined) {
        const link = fastify.shareStore.verify(shareCookie);
        if (link) return { role: 'share', link, via: 'cookie' };
        if (!fastify.shareStore.ready()) return 'unavailable';
        reply.clearCookie(SHARE_COOKIE, { path: '/' });
        if (retry !== undefined) return 'blocked';
        limiter.fail(request.ip);
      }
      const session = request.cookies[ADMIN_COOKIE];
      if (session === undefined) return undefined;
      if (admin.verifySession(session)) return { role: 'admin', user: 'admin', via: 'cookie' };
      reply.clearCookie(ADMIN_COOKIE, { path: '/' });
      if (retry !== undefined) return 'blocked';
      // A stale share cookie beside it was already counted for this request.
      if (shareCookie === undefined) limiter.fail(request.ip);
      return undefined;
    }

    // A share link: /s/TOKEN sets the share cookie and opens the map read-only.
    fastify.get(SHARE_LINK_ROUTE, { config: { access: 'public' } }, async (request, reply) => {
      const token = (request.params as { token: string }).token;
      const link = fastify.shareStore.verify(token);
      if (!link && !fastify.shareStore.ready()) return storeUnavailable(reply);
      if (!link) {
        limiter.fail(request.ip);
        return reply
          .code(404)
          .type('text/plain; charset=utf-8')
          .send(
            'This share link is not valid: it may have expired or been revoked. Ask whoever sent it for a new one.\n',
          );
      }
      fastify.shareStore.recordUse(link.id, 'open', request.ip);
      reply.setCookie(SHARE_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: secure(request),
        expires: new Date(link.expiresAt),
      });
      setCsrf(request, reply);
      return reply.redirect('/', 303);
    });

    fastify.post('/api/session/logout', { config: { access: 'viewer' } }, async (_request, reply) => {
      reply.clearCookie(ADMIN_COOKIE, { path: '/' }).clearCookie(SHARE_COOKIE, { path: '/' });
      return { status: 'signed out' };
    });

    fastify.get('/api/session', { config: { access: 'viewer' } }, async (request, reply) => {
      setCsrf(request, reply);
      const principal = request.principal!;
      if (principal.role === 'admin') return { role: 'admin', user: principal.user };
      const {
        id: _id,
        createdBy: _createdBy,
        uses: _uses,
        lastUsedAt: _lastUsedAt,
        ...link
      } = principal.link;
      return { role: 'share', link };
    });
  },
  { name: 'access' },
);

/**
 * 503 while the share-link store is not current (a replica cut off from it): the link may be fine,
 * so neither a failure counted against the address nor a cleared cookie; try again shortly.
 */
function storeUnavailable(reply: FastifyReply) {
  return reply.code(503).header('cache-control', 'no-store').header('retry-after', '2').send({
    statusCode: 503,
    error: 'Service Unavailable',
    message:
      'share links cannot be checked right now (this server has lost its link store); try again shortly',
  });
}

/**
 * A request's target as a URL on a placeholder origin. An origin-form target is appended to it,
 * not resolved against it: resolving would read a path such as `//evil.example/` as another host.
 */
function requestUrl(target: string): URL {
  const origin = 'http://gatemap.invalid';
  try {
    if (target.startsWith('/')) return new URL(`${origin}${target}`);
  } catch {
    // Not a URL even on our origin: resolve it instead, as the router would treat it.
  }
  return new URL(target, origin);
}

/**
 * The path and query to send a browser to after sign-in, always on this origin: a path that
 * normalizes to `//host/…` (e.g. `/x/..//evil.example/`) would otherwise redirect off-site.
 */
function sameOriginPath(url: URL): string {
  const path = `${url.pathname.replace(/^[/\\]+/, '/')}${url.search}`;
  const base = 'http://gatemap.invalid';
  return new URL(path, base).origin === base ? path : '/';
}

function isShareToken(token: string): boolean {
  return parseToken(token) !== undefined;
}
