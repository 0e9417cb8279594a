/**
 * Who is asking, and what they may see. Every request is resolved to a principal — the admin
 * (bearer token, signed session cookie, or a trusted user header set by an authenticating proxy)
 * or a share link (bearer token or share cookie) — or none. Routes declare their access in
 * `config.access`: `public` (no data), `viewer` (admin, or a share link whose responses the route
 * filters), or `admin` (the default). Also: login via `/?token=`, share links via `/s/TOKEN`,
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
import type { ShareLink, ShareStore } from '../access/share-store.ts';

export type Principal =
  | { readonly role: 'admin'; readonly user: string; readonly via: 'bearer' | 'cookie' | 'header' }
  | { readonly role: 'share'; readonly link: ShareLink; readonly via: 'bearer' | 'cookie' };

export type Access = 'public' | 'viewer' | 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    shareStore: ShareStore;
    /** Closes the open streams of a link (on revocation). */
    shareStreams: ShareStreams;
  }
}

export interface AccessOptions {
  readonly adminToken: string;
  readonly store: ShareStore;
  /** A header an authenticating reverse proxy sets to the user's name; trusted as admin. */
  readonly trustedUserHeader?: string;
  readonly failureLimit?: number;
}

/** Open streams per share link, so that revocation closes them at once. */
export class ShareStreams {
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
const SHARE_COOKIE = 'gatemap_share';
export const CSRF_COOKIE = 'gatemap_csrf';
export const CSRF_HEADER = 'x-gatemap-csrf';

export default fp<AccessOptions>(
  async (fastify, options) => {
    const admin = new AdminCredentials(options.adminToken);
    const limiter = new FailureLimiter(options.failureLimit ?? 20);
    const trusted = options.trustedUserHeader?.toLowerCase();
    fastify.decorate('shareStore', options.store);
    fastify.decorate('shareStreams', new ShareStreams());
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

    fastify.addHook('onRequest', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const url = new URL(request.url, 'http://gatemap.invalid');
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
      if (
        retry !== undefined &&
        (authorization !== undefined || url.searchParams.has('token') || url.pathname.startsWith('/s/'))
      )
        return tooMany();

      // Login: /?token=ADMIN_TOKEN sets the session cookie and drops the token from the URL.
      const loginToken = url.searchParams.get('token');
      if (loginToken !== null && !url.pathname.startsWith('/api/')) {
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
        return reply.redirect(`${url.pathname}${url.search}`, 303);
      }

      if (authorization !== undefined) {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization);
        const presented = match?.[1];
        if (presented && admin.matches(presented))
          request.principal = { role: 'admin', user: 'admin', via: 'bearer' };
        else if (presented) {
          const link = fastify.shareStore.verify(presented);
          if (link) request.principal = { role: 'share', link, via: 'bearer' };
        }
        if (!request.principal) return failed('the bearer token is not valid, expired or revoked');
        return;
      }
      if (trusted) {
        const user = request.headers[trusted];
        if (typeof user === 'string' && user !== '') {
          request.principal = { role: 'admin', user, via: 'header' };
          return;
        }
      }
      const shareCookie = request.cookies[SHARE_COOKIE];
      if (shareCookie !== undefined) {
        const link = fastify.shareStore.verify(shareCookie);
        if (link) {
          request.principal = { role: 'share', link, via: 'cookie' };
          return;
        }
        reply.clearCookie(SHARE_COOKIE, { path: '/' });
        if (retry !== undefined) return tooMany();
        limiter.fail(request.ip);
      }
      const session = request.cookies[ADMIN_COOKIE];
      if (session !== undefined) {
        if (admin.verifySession(session)) request.principal = { role: 'admin', user: 'admin', via: 'cookie' };
        else {
          reply.clearCookie(ADMIN_COOKIE, { path: '/' });
          if (retry !== undefined) return tooMany();
          // A stale share cookie beside it was already counted for this request.
          if (shareCookie === undefined) limiter.fail(request.ip);
        }
      }
    });

    fastify.addHook('preHandler', async (request, reply) => {
      // Unmarked routes are admin-only under /api and /metrics; the map's static files hold no data.
      const path = request.url.split('?')[0] ?? '';
      const access: Access =
        request.routeOptions.config?.access ??
        (path.startsWith('/api/') || path === '/metrics' ? 'admin' : 'public');
      if (access === 'public') return;
      const principal = request.principal;
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

    // A share link: /s/TOKEN sets the share cookie and opens the map read-only.
    fastify.get('/s/:token', { config: { access: 'public' } }, async (request, reply) => {
      const token = (request.params as { token: string }).token;
      const link = fastify.shareStore.verify(token);
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
