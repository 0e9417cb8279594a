/**
 * Who may see what: the admin credential (bearer, the ?token= login and its cookie, a trusted
 * proxy header), share links (creation, scope, expiry, revocation, tampering) on every endpoint
 * and on the stream, CSRF, limits on failed checks and security headers. Every response body a
 * share link receives is scanned for names from namespaces it must not see.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { gateway, gatewayClass, httpRoute, referenceGrant, service } from '@gatemap/fixtures';
import type { ObjectResponse, TopologyResponse } from '@gatemap/topology';
import { ShareStore } from '../src/access/share-store.ts';
import { buildServer } from '../src/server.ts';
import { createManualSource } from '../src/sources/manual-source.ts';
import { TopologyHub } from '../src/topology-hub.ts';

const ADMIN = 'gma_access_test_token';
const AUTH = { authorization: `Bearer ${ADMIN}` };
/** Names that live only in namespaces the share link must not see. */
const SECRET_NAMES = ['billing-secret-route', 'billing-ledger', 'other-team-route', 'other-team-svc'];

let server: FastifyInstance | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function boot(
  options: {
    now?: () => number;
    trustedUserHeader?: string;
    failureLimit?: number;
    trustedProxyHops?: number;
  } = {},
) {
  const source = createManualSource('prod');
  const store = new ShareStore(':memory:', options.now);
  server = await buildServer({
    hub: new TopologyHub(),
    sources: [source],
    logLevel: 'silent',
    ...(options.trustedProxyHops ? { trustedProxyHops: options.trustedProxyHops } : {}),
    stream: { heartbeatMs: 200, shareCheckMs: 100 },
    access: {
      adminToken: ADMIN,
      store,
      ...(options.trustedUserHeader ? { trustedUserHeader: options.trustedUserHeader } : {}),
      ...(options.failureLimit ? { failureLimit: options.failureLimit } : {}),
    },
  });
  await server.ready();
  source.upsert(
    gatewayClass(),
    gateway({
      name: 'shared',
      namespace: 'infra',
      listeners: [{ allowedRoutes: { namespaces: { from: 'All' } } }],
    }),
    // The team's namespace: a route on the shared Gateway, one rejected, and a cross-namespace backend.
    service({ name: 'shop', namespace: 'shop' }),
    httpRoute({
      name: 'storefront',
      namespace: 'shop',
      parentRefs: [{ name: 'shared', namespace: 'infra' }],
      backends: ['shop:80', 'payments/checkout:80'],
    }),
    httpRoute({
      name: 'typo',
      namespace: 'shop',
      parentRefs: [{ name: 'shared', namespace: 'infra', sectionName: 'nope' }],
      backends: ['shop:80'],
    }),
    service({ name: 'checkout', namespace: 'payments' }),
    // Other teams on the same Gateway, and a near-miss grant naming another service.
    service({ name: 'billing-ledger', namespace: 'billing' }),
    httpRoute({
      name: 'billing-secret-route',
      namespace: 'billing',
      parentRefs: [{ name: 'shared', namespace: 'infra' }],
      backends: ['billing-ledger:80'],
    }),
    service({ name: 'other-team-svc', namespace: 'payments' }),
    httpRoute({
      name: 'other-team-route',
      namespace: 'payments',
      parentRefs: [{ name: 'shared', namespace: 'infra' }],
      backends: ['other-team-svc:80'],
    }),
    referenceGrant({
      name: 'near-miss',
      namespace: 'payments',
      from: [{ kind: 'HTTPRoute', namespace: 'billing' }],
      to: [{ kind: 'Service', name: 'other-team-svc' }],
    }),
  );
  source.markSynced();
  return { server, store, source };
}

async function createLink(
  app: FastifyInstance,
  body: Record<string, unknown>,
): Promise<{ id: string; url: string; token: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/share-links',
    headers: AUTH,
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** Fails when a response reveals a name from a namespace outside the link's scope. */
function expectNoLeak(response: LightMyRequestResponse | string): void {
  const body = typeof response === 'string' ? response : response.body;
  for (const name of SECRET_NAMES) expect(body, `response reveals ${name}`).not.toContain(name);
}

describe('admin access', () => {
  it('refuses every data endpoint without a credential, and serves health without one', async () => {
    const { server } = await boot();
    for (const url of [
      '/api/topology',
      '/api/clusters',
      '/api/objects/prod/HTTPRoute/shop/storefront',
      '/api/share-links',
      '/metrics',
      '/api/stream',
    ]) {
      const response = await server.inject(url);
      expect(response.statusCode, url).toBe(401);
      expect(response.json<{ message: string }>().message).toContain('sign in');
    }
    expect((await server.inject('/healthz')).statusCode).toBe(200);
    expect((await server.inject('/readyz')).statusCode).toBe(200);
  });

  it('accepts the bearer token, and exchanges ?token= for an HttpOnly session cookie', async () => {
    const { server } = await boot();
    expect((await server.inject({ url: '/api/topology', headers: AUTH })).statusCode).toBe(200);
    expect(
      (await server.inject({ url: '/api/topology', headers: { authorization: 'Bearer wrong' } })).statusCode,
    ).toBe(401);
    const login = await server.inject(`/?token=${ADMIN}&view=x`);
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/?view=x');
    const session = login.cookies.find((cookie) => cookie.name === 'gatemap_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(session.value).not.toContain(ADMIN);
    const withCookie = await server.inject({
      url: '/api/topology',
      cookies: { gatemap_session: session.value },
    });
    expect(withCookie.statusCode).toBe(200);
    const forged = await server.inject({
      url: '/api/topology',
      cookies: { gatemap_session: `${Date.now()}.forged` },
    });
    expect(forged.statusCode).toBe(401);
    expect((await server.inject(`/?token=wrong`)).statusCode).toBe(401);
  });

  it('trusts the configured user header of an authenticating proxy, and only that', async () => {
    const { server } = await boot({ trustedUserHeader: 'X-Forwarded-User' });
    expect(
      (await server.inject({ url: '/api/session', headers: { 'x-forwarded-user': 'alice' } })).json(),
    ).toEqual({ role: 'admin', user: 'alice' });
    expect(
      (await server.inject({ url: '/api/session', headers: { 'x-remote-user': 'alice' } })).statusCode,
    ).toBe(401);
  });

  it('sends a Content-Security-Policy without inline scripts, frame-ancestors none and the usual headers', async () => {
    const { server } = await boot();
    const response = await server.inject('/healthz');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-frame-options']).toBeDefined();
  });

  it('limits failed credential checks per address', async () => {
    const { server } = await boot({ failureLimit: 5 });
    for (let i = 0; i < 5; i++)
      expect(
        (await server.inject({ url: '/api/topology', headers: { authorization: `Bearer guess-${i}` } }))
          .statusCode,
      ).toBe(401);
    const blocked = await server.inject({ url: '/api/topology', headers: AUTH });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
  });

  it('counts only presented credentials that fail, and keeps sessions already signed in working', async () => {
    const { server } = await boot({ failureLimit: 3 });
    const login = await server.inject({ url: `/?token=${ADMIN}` });
    const session = login.cookies.find((cookie) => cookie.name === 'gatemap_session')!.value;
    // Visits without any credential are not guesses.
    for (let i = 0; i < 10; i++) expect((await server.inject('/api/topology')).statusCode).toBe(401);
    expect((await server.inject({ url: '/api/topology', headers: AUTH })).statusCode).toBe(200);
    // A stale share cookie counts once per request, not once per check.
    for (let i = 0; i < 2; i++)
      expect(
        (await server.inject({ url: '/api/topology', cookies: { gatemap_share: `gms_stale${i}` } }))
          .statusCode,
      ).toBe(401);
    expect((await server.inject({ url: '/api/topology', headers: AUTH })).statusCode).toBe(200);
    expect(
      (await server.inject({ url: '/api/topology', headers: { authorization: 'Bearer guess' } })).statusCode,
    ).toBe(401);
    // Blocked now: new tokens are refused, even the right one, but the existing session still works.
    expect((await server.inject({ url: '/api/topology', headers: AUTH })).statusCode).toBe(429);
    expect((await server.inject({ url: `/?token=${ADMIN}` })).statusCode).toBe(429);
    expect((await server.inject('/s/gms_guess')).statusCode).toBe(429);
    expect(
      (await server.inject({ url: '/api/topology', cookies: { gatemap_session: `${Date.now()}.forged` } }))
        .statusCode,
    ).toBe(429);
    expect(
      (await server.inject({ url: '/api/topology', cookies: { gatemap_session: session } })).statusCode,
    ).toBe(200);
  });
});

describe('share links', () => {
  it('are created, listed and revoked by the admin, with validation that names the field', async () => {
    const { server } = await boot();
    const link = await createLink(server, { namespaces: ['shop'], expiresIn: '24h', label: 'shop team' });
    expect(link.url).toMatch(/\/s\/gms_/);
    const listed = (await server.inject({ url: '/api/share-links', headers: AUTH })).json<{
      links: { id: string; label: string; revokedAt?: string }[];
    }>();
    expect(listed.links).toEqual([expect.objectContaining({ id: link.id, label: 'shop team' })]);
    expect(JSON.stringify(listed)).not.toContain(link.token);
    const bad = await server.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: AUTH,
      payload: { namespaces: ['Shop!'], expiresIn: '24h', label: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toContain('body/namespaces/0');
    const tooLong = await server.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: AUTH,
      payload: { namespaces: ['shop'], expiresIn: '365d', label: 'x' },
    });
    expect(tooLong.json<{ message: string }>().message).toContain('expiresIn');
    const noRoutes = await server.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: AUTH,
      payload: { namespaces: ['shop'], routes: [], expiresIn: '24h', label: 'x' },
    });
    expect(noRoutes.statusCode).toBe(400);
    expect(noRoutes.json<{ message: string }>().message).toContain('body/routes');
    const revoked = await server.inject({
      method: 'DELETE',
      url: `/api/share-links/${link.id}`,
      headers: AUTH,
    });
    expect(revoked.json<{ link: { revokedAt?: string } }>().link.revokedAt).toBeDefined();
  });

  it('show the objects in scope, what they attach to and reference, and nothing of other teams', async () => {
    const { server } = await boot();
    const link = await createLink(server, { namespaces: ['shop'], expiresIn: '1h', label: 'shop' });
    const share = { authorization: `Bearer ${link.token}` };
    const topology = await server.inject({ url: '/api/topology', headers: share });
    expect(topology.statusCode).toBe(200);
    expectNoLeak(topology);
    const body = topology.json<TopologyResponse>();
    const ids = body.nodes.map((node) => node.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'HTTPRoute/shop/storefront',
        'HTTPRoute/shop/typo',
        'Service/shop/shop',
        'Gateway/infra/shared',
        'GatewayClass/example',
        'Service/payments/checkout',
      ]),
    );
    expect(
      body.edges.find((edge) => edge.from === 'HTTPRoute/shop/typo' && edge.type === 'parent'),
    ).toMatchObject({ state: 'rejected', reason: 'NoMatchingParent' });
    // Other teams' Routes on the shared Gateway are counted, never named.
    const shared = body.nodes.find((node) => node.id === 'Gateway/infra/shared')!;
    expect(shared.summary.type === 'gateway' && shared.summary.listeners[0]!.attachedRoutes).toBe(3);
    expect(body.clusters[0]).not.toHaveProperty('server');

    const object = await server.inject({ url: '/api/objects/prod/Gateway/infra/shared', headers: share });
    expect(object.statusCode).toBe(200);
    expectNoLeak(object);
    expect(
      object
        .json<ObjectResponse>()
        .edges.every((edge) => !edge.from.includes('billing') && !edge.from.includes('payments/other')),
    ).toBe(true);
    const route = await server.inject({ url: '/api/objects/prod/HTTPRoute/shop/storefront', headers: share });
    expectNoLeak(route);
    expect(route.json<ObjectResponse>().findings.map((item) => item.slug)).toContain(
      'reference-not-permitted',
    );
    expect(route.json<ObjectResponse>().findings.every((item) => item.hints === undefined)).toBe(true);

    for (const url of [
      '/api/objects/prod/HTTPRoute/billing/billing-secret-route',
      '/api/objects/prod/Service/billing/billing-ledger',
      '/api/objects/prod/HTTPRoute/payments/other-team-route',
    ]) {
      const hidden = await server.inject({ url, headers: share });
      expect(hidden.statusCode, url).toBe(404);
      expect(hidden.json<{ message: string }>().message).toContain('not shared with you');
    }
    for (const url of ['/api/share-links', '/metrics'])
      expect((await server.inject({ url, headers: share })).statusCode, url).toBe(403);
    const clusters = await server.inject({ url: '/api/clusters', headers: share });
    expectNoLeak(clusters);
    const created = await server.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: share,
      payload: { namespaces: ['billing'], expiresIn: '1h', label: 'x' },
    });
    expect(created.statusCode).toBe(403);
  });

  it('show an object another namespace holds, referred to without a ReferenceGrant, only as the reference', async () => {
    const { server, source } = await boot();
    const link = await createLink(server, { namespaces: ['shop'], expiresIn: '1h', label: 'shop' });
    const share = { authorization: `Bearer ${link.token}` };
    // shop's Route sends traffic to payments/checkout, and no ReferenceGrant lets it.
    const checkout = () =>
      server
        .inject({ url: '/api/topology', headers: share })
        .then((response) =>
          response.json<TopologyResponse>().nodes.find((node) => node.id === 'Service/payments/checkout'),
        );
    expect(await checkout()).toMatchObject({
      kind: 'Service',
      namespace: 'payments',
      name: 'checkout',
      summary: { type: 'other' },
      predicted: [],
      reported: [],
    });
    const details = await server.inject({
      url: '/api/objects/prod/Service/payments/checkout',
      headers: share,
    });
    expect(details.statusCode).toBe(404);
    expect(details.body).not.toContain('clusterIP');
    // Once payments permits the reference, the link sees the Service as any backend of its Routes.
    source.upsert(
      referenceGrant({
        name: 'allow-shop',
        namespace: 'payments',
        from: [{ kind: 'HTTPRoute', namespace: 'shop' }],
        to: [{ kind: 'Service', name: 'checkout' }],
      }),
    );
    expect((await checkout())?.summary.type).toBe('backend');
    const permitted = await server.inject({
      url: '/api/objects/prod/Service/payments/checkout',
      headers: share,
    });
    expect(permitted.statusCode).toBe(200);
  });

  it('restricted to some Routes show only those', async () => {
    const { server } = await boot();
    const link = await createLink(server, {
      namespaces: ['shop'],
      routes: ['shop/storefront'],
      expiresIn: '1h',
      label: 'one route',
    });
    const body = (
      await server.inject({ url: '/api/topology', headers: { authorization: `Bearer ${link.token}` } })
    ).json<TopologyResponse>();
    expect(body.nodes.map((node) => node.id)).toContain('HTTPRoute/shop/storefront');
    expect(body.nodes.map((node) => node.id)).not.toContain('HTTPRoute/shop/typo');
  });

  it('open the map read-only through /s/TOKEN with an HttpOnly cookie, and record each use', async () => {
    const { server, store } = await boot();
    const link = await createLink(server, { namespaces: ['shop'], expiresIn: '1h', label: 'shop' });
    const open = await server.inject(new URL(link.url).pathname);
    expect(open.statusCode).toBe(303);
    expect(open.headers.location).toBe('/');
    const cookie = open.cookies.find((item) => item.name === 'gatemap_share')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const session = await server.inject({ url: '/api/session', cookies: { gatemap_share: cookie.value } });
    expect(session.json()).toMatchObject({ role: 'share', link: { label: 'shop', namespaces: ['shop'] } });
    const topology = await server.inject({ url: '/api/topology', cookies: { gatemap_share: cookie.value } });
    expectNoLeak(topology);
    const uses = (await server.inject({ url: `/api/share-links/${link.id}/uses`, headers: AUTH })).json<{
      uses: { what: string }[];
    }>().uses;
    expect(uses.map((use) => use.what)).toEqual(expect.arrayContaining(['open', 'api']));
    expect(store.get(link.id)?.uses).toBeGreaterThanOrEqual(2);
  });

  it('refuse tampered, expired and revoked tokens on every endpoint', async () => {
    let now = Date.now();
    const { server } = await boot({ now: () => now, failureLimit: 1000 });
    const expiring = await createLink(server, { namespaces: ['shop'], expiresIn: '30m', label: 'expiring' });
    const revoked = await createLink(server, { namespaces: ['shop'], expiresIn: '1h', label: 'revoked' });
    await server.inject({ method: 'DELETE', url: `/api/share-links/${revoked.id}`, headers: AUTH });
    const tampered = `${expiring.token.slice(0, -2)}${expiring.token.endsWith('AA') ? 'BB' : 'AA'}`;
    const otherId = `gms_AAAAAAAAAAAA.${expiring.token.split('.')[1]}`;
    now += 31 * 60_000;
    for (const token of [expiring.token, revoked.token, tampered, otherId, 'gms_', 'gms_x.y']) {
      for (const url of [
        '/api/topology',
        '/api/clusters',
        '/api/stream',
        '/api/objects/prod/HTTPRoute/shop/storefront',
      ]) {
        const response = await server.inject({ url, headers: { authorization: `Bearer ${token}` } });
        expect(response.statusCode, `${token} ${url}`).toBe(401);
        expectNoLeak(response);
      }
      const page = await server.inject(`/s/${token}`);
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('not valid');
      const cookie = await server.inject({ url: '/api/topology', cookies: { gatemap_share: token } });
      expect(cookie.statusCode).toBe(401);
    }
  });

  it('need the CSRF token for changes made with the session cookie', async () => {
    const { server } = await boot();
    const login = await server.inject(`/?token=${ADMIN}`);
    const session = login.cookies.find((cookie) => cookie.name === 'gatemap_session')!.value;
    const csrf = login.cookies.find((cookie) => cookie.name === 'gatemap_csrf')!.value;
    const payload = { namespaces: ['shop'], expiresIn: '1h', label: 'x' };
    const without = await server.inject({
      method: 'POST',
      url: '/api/share-links',
      cookies: { gatemap_session: session, gatemap_csrf: csrf },
      payload,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json<{ message: string }>().message).toContain('x-gatemap-csrf');
    const crossSite = await server.inject({
      method: 'POST',
      url: '/api/share-links',
      cookies: { gatemap_session: session, gatemap_csrf: csrf },
      headers: { 'x-gatemap-csrf': csrf, origin: 'https://evil.example' },
      payload,
    });
    expect(crossSite.statusCode).toBe(403);
    const withToken = await server.inject({
      method: 'POST',
      url: '/api/share-links',
      cookies: { gatemap_session: session, gatemap_csrf: csrf },
      headers: { 'x-gatemap-csrf': csrf },
      payload,
    });
    expect(withToken.statusCode).toBe(201);
  });

  it('behind a Gateway that terminates TLS, build https share URLs and accept changes from its origin', async () => {
    const { server } = await boot({ trustedProxyHops: 1 });
    const forwarded = {
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '203.0.113.9',
      host: 'gatemap.example.com',
    };
    const login = await server.inject({ url: `/?token=${ADMIN}`, headers: forwarded });
    const session = login.cookies.find((cookie) => cookie.name === 'gatemap_session')!;
    expect(session.secure, JSON.stringify(login.cookies)).toBe(true);
    const csrf = login.cookies.find((cookie) => cookie.name === 'gatemap_csrf')!.value;
    const created = await server.inject({
      method: 'POST',
      url: '/api/share-links',
      cookies: { gatemap_session: session.value, gatemap_csrf: csrf },
      headers: { ...forwarded, 'x-gatemap-csrf': csrf, origin: 'https://gatemap.example.com' },
      payload: { namespaces: ['shop'], expiresIn: '1h', label: 'through the Gateway' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<{ url: string }>().url).toMatch(/^https:\/\/gatemap\.example\.com\/s\/gms_/);
    // Without trusting the proxy, the same request is the plain-http connection it arrived on.
    const { server: direct } = await boot();
    const plain = await direct.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: { ...AUTH, ...forwarded },
      payload: { namespaces: ['shop'], expiresIn: '1h', label: 'x' },
    });
    expect(plain.json<{ url: string }>().url).toMatch(/^http:\/\/gatemap\.example\.com\//);
    await direct.close();
  });

  it('answer 503, count no failure and keep the cookie while the link store is unavailable', async () => {
    const { server, store } = await boot({ failureLimit: 2 });
    const link = await createLink(server, { namespaces: ['shop'], expiresIn: '1h', label: 'outage' });
    // What a store that cannot vouch for its links does (the Kubernetes store with its watch broken).
    const verify = store.verify.bind(store);
    store.ready = () => false;
    store.verify = () => undefined;
    for (let attempt = 0; attempt < 4; attempt++) {
      const api = await server.inject({
        url: '/api/topology',
        headers: { authorization: `Bearer ${link.token}` },
      });
      expect(api.statusCode).toBe(503);
      expect(api.headers['retry-after']).toBe('2');
    }
    const cookie = await server.inject({ url: '/api/topology', cookies: { gatemap_share: link.token } });
    expect(cookie.statusCode).toBe(503);
    expect(cookie.cookies.find((entry) => entry.name === 'gatemap_share')).toBeUndefined();
    expect((await server.inject(`/s/${link.token}`)).statusCode).toBe(503);
    store.ready = () => true;
    store.verify = verify;
    // No failure was counted against the address: the link works at once.
    const back = await server.inject({
      url: '/api/topology',
      headers: { authorization: `Bearer ${link.token}` },
    });
    expect(back.statusCode).toBe(200);
  });

  it('filter the stream and end it within seconds of revocation', async () => {
    const { server, source } = await boot();
    const link = await createLink(server, { namespaces: ['shop'], expiresIn: '1h', label: 'stream' });
    await server.listen({ host: '127.0.0.1', port: 0 });
    const port = (server.server.address() as AddressInfo).port;
    let received = '';
    const ended = new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/api/stream', headers: { authorization: `Bearer ${link.token}` } },
        (response) => {
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (received += chunk));
          response.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end();
    });
    await expect.poll(() => received.includes('event: snapshot')).toBe(true);
    source.upsert(
      httpRoute({
        name: 'other-team-route',
        namespace: 'payments',
        labels: { changed: 'yes' },
        parentRefs: [{ name: 'shared', namespace: 'infra' }],
        backends: ['other-team-svc:80'],
      }),
    );
    source.upsert(
      httpRoute({
        name: 'cart',
        namespace: 'shop',
        parentRefs: [{ name: 'shared', namespace: 'infra' }],
        backends: ['shop:80'],
      }),
    );
    await expect.poll(() => received.includes('HTTPRoute/shop/cart')).toBe(true);
    source.remove('HTTPRoute/billing/billing-secret-route' as never);
    const started = Date.now();
    await server.inject({ method: 'DELETE', url: `/api/share-links/${link.id}`, headers: AUTH });
    await ended;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(received).toContain('event: revoked');
    expectNoLeak(received);
  });

  it('resume a share stream from its fetched snapshot with scoped deltas only', async () => {
    const { server, source } = await boot();
    const link = await createLink(server, { namespaces: ['shop'], expiresIn: '1h', label: 'resume' });
    const bearer = { authorization: `Bearer ${link.token}` };
    await server.listen({ host: '127.0.0.1', port: 0 });
    const port = (server.server.address() as AddressInfo).port;
    const open = (since: string) => {
      let received = '';
      const req = httpRequest(
        { host: '127.0.0.1', port, path: `/api/stream?since=${since}`, headers: bearer },
        (response) => {
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (received += chunk));
        },
      );
      req.end();
      return { received: () => received, close: () => req.destroy() };
    };
    const fetched = (await server.inject({ url: '/api/topology', headers: bearer })).json<TopologyResponse>();
    const stream = open(fetched.eventId!);
    await expect.poll(() => stream.received().includes('event: clusters')).toBe(true);
    source.upsert(
      httpRoute({
        name: 'other-team-route',
        namespace: 'payments',
        labels: { changed: 'yes' },
        parentRefs: [{ name: 'shared', namespace: 'infra' }],
        backends: ['other-team-svc:80'],
      }),
      httpRoute({
        name: 'cart',
        namespace: 'shop',
        parentRefs: [{ name: 'shared', namespace: 'infra' }],
        backends: ['shop:80'],
      }),
    );
    await expect.poll(() => stream.received().includes('HTTPRoute/shop/cart')).toBe(true);
    expect(stream.received()).not.toContain('event: snapshot');
    expect(stream.received()).not.toContain('storefront');
    expectNoLeak(stream.received());
    stream.close();

    // From an earlier revision the link's own deltas are not kept: its scoped snapshot.
    const behind = open(fetched.eventId!);
    await expect.poll(() => behind.received().includes('event: snapshot')).toBe(true);
    expect(behind.received()).toContain('HTTPRoute/shop/cart');
    expectNoLeak(behind.received());
    behind.close();
  });

  it('end an open stream when the link expires', async () => {
    let now = Date.now();
    const { server } = await boot({ now: () => now });
    const link = await createLink(server, { namespaces: ['shop'], expiresIn: '5m', label: 'short' });
    await server.listen({ host: '127.0.0.1', port: 0 });
    const port = (server.server.address() as AddressInfo).port;
    let received = '';
    const ended = new Promise<void>((resolve) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/api/stream', headers: { authorization: `Bearer ${link.token}` } },
        (response) => {
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (received += chunk));
          response.on('end', () => resolve());
        },
      );
      req.end();
    });
    await expect.poll(() => received.includes('event: snapshot')).toBe(true);
    const started = Date.now();
    now += 6 * 60_000;
    await ended;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(received).toContain('event: revoked');
  });
});
