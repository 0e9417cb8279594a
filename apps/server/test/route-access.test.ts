/**
 * Access is decided from the route the router matched, denied by default, and before anything
 * else: every registered route declares its rule (the table below is the whole server), every
 * spelling of a route's path that the router may decode to it is refused without the right
 * credential, a caller without one learns nothing but 401, and sign-in redirects stay on this origin.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { gateway, gatewayClass, httpRoute, ingress } from '@gatemap/fixtures';
import access from '../src/plugins/access.ts';
import { ShareStore } from '../src/access/share-store.ts';
import { HistoryService } from '../src/history/history-service.ts';
import { TopologyHub } from '../src/topology-hub.ts';
import { createShareLink, testApps } from './helpers/test-app.ts';

const ADMIN = 'gma_route_access_token';
const AUTH = { authorization: `Bearer ${ADMIN}` };

const startApp = testApps(ADMIN);

function webRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'gatemap-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>gatemap</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'export {};');
  return root;
}

async function boot() {
  const { server, source, store } = await startApp({
    hub: new TopologyHub({ history: new HistoryService({ path: ':memory:' }) }),
    webRoot: webRoot(),
    stream: { heartbeatMs: 200 },
  });
  source.upsert(
    gatewayClass(),
    gateway({
      name: 'shared',
      namespace: 'infra',
      listeners: [{ allowedRoutes: { namespaces: { from: 'All' } } }],
    }),
    httpRoute({
      name: 'storefront',
      namespace: 'shop',
      parentRefs: [{ name: 'shared', namespace: 'infra' }],
    }),
    ingress({ name: 'web', namespace: 'shop' }),
  );
  source.markSynced();
  const link = await createShareLink(server, AUTH, { namespaces: ['shop'], expiresIn: '1h', label: 'shop' });
  return { server, store, link };
}

/** Every route of the server and who may call it. A new route must be added here, with its rule. */
const ROUTE_TABLE = [
  ['GET', '/s/:token', 'public'],
  ['POST', '/api/session/logout', 'viewer'],
  ['GET', '/api/session', 'viewer'],
  ['GET', '/api/clusters', 'viewer'],
  ['GET', '/api/topology', 'viewer'],
  ['GET', '/api/summary', 'viewer'],
  ['GET', '/api/overview', 'viewer'],
  ['GET', '/api/objects/:cluster/:kind/:namespace/:name', 'viewer'],
  ['GET', '/api/history', 'viewer'],
  ['POST', '/api/share-links', 'admin'],
  ['GET', '/api/share-links', 'admin'],
  ['GET', '/api/share-links/:id/uses', 'admin'],
  ['DELETE', '/api/share-links/:id', 'admin'],
  ['POST', '/api/what-if', 'admin'],
  ['POST', '/api/ingress-replacement', 'admin'],
  ['GET', '/api/stream', 'viewer'],
  ['GET', '/healthz', 'public'],
  ['GET', '/readyz', 'public'],
  ['GET', '/metrics', 'admin'],
  ['GET', '/index.html', 'public'],
  ['GET', '/assets/app.js', 'public'],
  ['GET', '/', 'public'],
] as const;

/** A request for each route that is not public, with the parameters filled in. */
function protectedRequests(
  linkId: string,
): { method: 'GET' | 'POST' | 'DELETE'; path: string; admin: boolean; payload?: object }[] {
  const shareLink = { namespaces: ['shop'], expiresIn: '1h', label: 'x' };
  return [
    { method: 'POST', path: '/api/session/logout', admin: false },
    { method: 'GET', path: '/api/session', admin: false },
    { method: 'GET', path: '/api/clusters', admin: false },
    { method: 'GET', path: '/api/topology', admin: false },
    { method: 'GET', path: '/api/summary', admin: false },
    { method: 'GET', path: '/api/overview', admin: false },
    { method: 'GET', path: '/api/objects/prod/HTTPRoute/shop/storefront', admin: false },
    { method: 'GET', path: '/api/history', admin: false },
    { method: 'POST', path: '/api/share-links', admin: true, payload: shareLink },
    { method: 'GET', path: '/api/share-links', admin: true },
    { method: 'GET', path: `/api/share-links/${linkId}/uses`, admin: true },
    { method: 'DELETE', path: `/api/share-links/${linkId}`, admin: true },
    { method: 'GET', path: '/api/stream', admin: false },
    { method: 'GET', path: '/metrics', admin: true },
    {
      method: 'POST',
      path: '/api/what-if',
      admin: true,
      payload: { manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\n' },
    },
    {
      method: 'POST',
      path: '/api/ingress-replacement',
      admin: true,
      payload: { ingress: 'shop/web', gateway: 'infra/shared' },
    },
  ];
}

const hex = (char: string) => char.charCodeAt(0).toString(16);

/**
 * Spellings of a path that a router may or may not decode to the same route: percent-encoded
 * letters (lower- and upper-case hex, one letter or every one), double-encoded, mixed case, a
 * trailing slash, doubled slashes, an encoded slash, dot segments and a semicolon.
 */
export function pathVariants(path: string): string[] {
  const segments = path.split('/').slice(1);
  const first = segments[0] ?? '';
  const rest = segments.slice(1).join('/');
  const tail = rest ? `/${rest}` : '';
  const encodeAll = (text: string, upper: boolean) =>
    [...text]
      .map((char) => {
        const code = `%${hex(char)}`;
        return upper ? code.toUpperCase() : code;
      })
      .join('');
  const variants = [
    path,
    `/%${hex(first[0] ?? 'a')}${first.slice(1)}${tail}`,
    `/${first.slice(0, -1)}%${hex(first.at(-1) ?? 'a').toUpperCase()}${tail}`,
    `/${encodeAll(first, false)}${tail}`,
    `/${encodeAll(first, true)}/${encodeAll(rest, true)}`,
    `/%25${hex(first[0] ?? 'a')}${first.slice(1)}${tail}`,
    `/${first[0]?.toUpperCase() ?? ''}${first.slice(1)}${tail.toUpperCase()}`,
    path.toUpperCase(),
    `${path}/`,
    `/${path}`,
    `/${first}/${tail}`,
    `${path.replace(/\/([^/]*)$/, '//$1')}`,
    `/${first}${tail.replace('/', '%2F')}`,
    `/${first}%2F${rest}`,
    `/x/..${path}`,
    `/./${first}${tail}`,
    `${path};x`,
    `${path}%00`,
    `${path}?`,
    `${path}#x`,
  ];
  return [...new Set(variants)];
}

describe('route access table', () => {
  it('lists every route with the rule it declares, and nothing else', async () => {
    const { server } = await boot();
    const declared = server
      .routeAccess()
      .filter((route) => route.method !== 'HEAD')
      .map((route) => [route.method, route.url, route.access]);
    expect(declared.sort()).toEqual(ROUTE_TABLE.map((row) => [...row]).sort());
    // HEAD routes mirror their GET route's rule.
    for (const head of server.routeAccess().filter((route) => route.method === 'HEAD'))
      expect(head.access).toBe(ROUTE_TABLE.find((row) => row[0] === 'GET' && row[1] === head.url)?.[2]);
  });

  it('refuses to start when a route declares no access rule', async () => {
    const app = Fastify({ logger: false });
    await app.register(access, { adminToken: ADMIN, store: new ShareStore(':memory:') });
    app.get('/api/forgotten', async () => ({ secret: true }));
    app.post('/api/declared', { config: { access: 'admin' } }, async () => ({}));
    await expect(app.ready()).rejects.toThrow(/GET \/api\/forgotten/);
    await app.close();
  });
});

describe('access follows the matched route, whatever the path spelling', () => {
  it('answers no spelling of a protected route without a credential', async () => {
    const { server, store, link } = await boot();
    for (const { method, path } of protectedRequests(link.id)) {
      for (const url of pathVariants(path)) {
        const response = await server.inject({
          method,
          url,
          ...(method === 'POST' ? { payload: { namespaces: ['infra'], expiresIn: '90d', label: 'x' } } : {}),
        });
        expect(
          [401, 404],
          `${method} ${url}: ${response.statusCode} ${response.body.slice(0, 200)}`,
        ).toContain(response.statusCode);
        expect(response.body).not.toContain('gms_');
        expect(response.body).not.toContain('gatemap_objects');
      }
    }
    // Nothing was created or revoked along the way.
    expect(store.list().map((item) => [item.id, item.revokedAt])).toEqual([[link.id, undefined]]);
  });

  it('answers no spelling of an admin route to a share link', async () => {
    const { server, store, link } = await boot();
    for (const { method, path } of protectedRequests(link.id).filter((item) => item.admin)) {
      for (const url of pathVariants(path)) {
        const response = await server.inject({
          method,
          url,
          headers: { authorization: `Bearer ${link.token}` },
          ...(method === 'POST' ? { payload: { namespaces: ['infra'], expiresIn: '90d', label: 'x' } } : {}),
        });
        expect([403, 404], `${method} ${url}: ${response.statusCode}`).toContain(response.statusCode);
        expect(response.body).not.toContain('gms_');
      }
    }
    expect(store.list().map((item) => [item.id, item.revokedAt])).toEqual([[link.id, undefined]]);
  });

  it('still serves every route to the admin under its plain path', async () => {
    const { server, link } = await boot();
    for (const { method, path, payload } of protectedRequests(link.id)) {
      if (path === '/api/stream' || method === 'DELETE' || path.endsWith('logout')) continue;
      const response = await server.inject({
        method,
        url: path,
        headers: AUTH,
        ...(payload ? { payload } : {}),
      });
      expect(response.statusCode, `${method} ${path}`).toBeLessThan(300);
    }
  });

  it('refuses an encoded path on a real socket, where no test client rewrites the URL', async () => {
    const { server, store } = await boot();
    await server.listen({ host: '127.0.0.1', port: 0 });
    const { port } = server.server.address() as AddressInfo;
    const send = (method: string, path: string, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method,
            path,
            headers: body ? { 'content-type': 'application/json' } : {},
          },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    const body = JSON.stringify({ namespaces: ['infra'], expiresIn: '90d', label: 'x' });
    expect(await send('POST', '/%61pi/share-links', body)).toBe(401);
    expect(await send('GET', '/%61pi/share-links')).toBe(401);
    expect(await send('GET', '/%6detrics')).toBe(401);
    expect(await send('GET', '/%6Detrics')).toBe(401);
    expect(store.list()).toHaveLength(1);
  });
});

describe('authentication comes before the body and its validation', () => {
  it('answers 401, not 413 or 400, to a caller without a credential', async () => {
    const { server } = await boot();
    const tooLarge = await server.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ label: 'x'.repeat(100_000) }),
    });
    expect(tooLarge.statusCode).toBe(401);
    const malformed = await server.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: { 'content-type': 'application/json' },
      payload: '{"namespaces": [',
    });
    expect(malformed.statusCode).toBe(401);
    const invalid = await server.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: { 'content-type': 'application/json' },
      payload: { namespaces: ['NOT A NAMESPACE'], bogus: 1 },
    });
    expect(invalid.statusCode).toBe(401);
    expect(invalid.body).not.toContain('namespaces');
    const badParams = await server.inject({ url: '/api/objects/prod/Bad!Kind/shop/storefront' });
    expect(badParams.statusCode).toBe(401);
  });

  it('answers 403, not 413 or 400, to a share link on an admin route', async () => {
    const { server, link } = await boot();
    const response = await server.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: { authorization: `Bearer ${link.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ label: 'x'.repeat(100_000) }),
    });
    expect(response.statusCode).toBe(403);
  });

  it('still validates what the admin sends', async () => {
    const { server } = await boot();
    const response = await server.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: AUTH,
      payload: { namespaces: ['NOT A NAMESPACE'], label: 'x' },
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('sign-in redirects', () => {
  it.each([
    '/x/..//evil.example/',
    '//evil.example/',
    '/\\evil.example/',
    '/%2F%2Fevil.example/',
    '/shop/map?view=1',
  ])('stays on this origin after signing in at %s', async (path) => {
    const { server } = await boot();
    const separator = path.includes('?') ? '&' : '?';
    const response = await server.inject({ url: `${path}${separator}token=${ADMIN}` });
    expect(response.statusCode).toBe(303);
    const location = String(response.headers.location);
    expect(new URL(location, 'http://gatemap.test').origin).toBe('http://gatemap.test');
    expect(location).toMatch(/^\/(?![/\\])/);
    if (path === '/shop/map?view=1') expect(location).toBe(path);
  });

  it('keeps the path, on this origin, when the request reaches a real socket as sent', async () => {
    const { server } = await boot();
    await server.listen({ host: '127.0.0.1', port: 0 });
    const { port } = server.server.address() as AddressInfo;
    for (const path of ['/x/..//evil.example/', '//evil.example/']) {
      const location = await new Promise<string | undefined>((resolve, reject) => {
        const request = httpRequest(
          { host: '127.0.0.1', port, path: `${path}?token=${ADMIN}` },
          (response) => {
            response.resume();
            resolve(response.headers.location);
          },
        );
        request.on('error', reject);
        request.end();
      });
      expect(location).toBe('/evil.example/');
    }
  });

  it('never takes a login token on a data route', async () => {
    const { server } = await boot();
    const response = await server.inject({ url: `/api/topology?token=${ADMIN}` });
    expect(response.statusCode).toBe(401);
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});
