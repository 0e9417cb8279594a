/**
 * `POST /api/what-if`: manifests overlaid on the cluster's current objects, for the admin only,
 * answered with the predicted changes and the overlaid topology; nothing reaches the cluster.
 */
import { describe, expect, it } from 'vitest';
import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import type { WhatIfResponse } from '@gatemap/topology';
import { testApps } from './helpers/test-app.ts';

const ADMIN = 'gma_what_if_token';
const AUTH = { authorization: `Bearer ${ADMIN}` };

const startApp = testApps(ADMIN);

async function boot() {
  const { server, source } = await startApp();
  source.upsert(
    gatewayClass(),
    gateway({
      name: 'web',
      namespace: 'infra',
      listeners: [{ allowedRoutes: { namespaces: { from: 'All' } } }],
    }),
    httpRoute({ name: 'storefront', namespace: 'shop', parentRefs: [{ name: 'web', namespace: 'infra' }] }),
    service({ namespace: 'shop' }),
  );
  source.markSynced();
  return server;
}

const DELETE_GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: infra
$patch: delete
`;

describe('POST /api/what-if', () => {
  it('predicts what the manifests would break and draws the map after them, applying nothing', async () => {
    const app = await boot();
    const response = await app.inject({
      method: 'POST',
      url: '/api/what-if',
      headers: AUTH,
      payload: { manifests: DELETE_GATEWAY },
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<WhatIfResponse>();
    expect(body.cluster).toBe('prod');
    expect(body.breaks).toBe(true);
    expect(body.objects).toEqual([{ key: 'Gateway/infra/web', change: 'removed', fields: [] }]);
    expect(body.removed.map((node) => node.id)).toEqual(['Gateway/infra/web']);
    expect(body.verdicts.some((change) => change.key === 'HTTPRoute/shop/storefront')).toBe(true);
    const live = await app.inject({ url: '/api/topology', headers: AUTH });
    const gatewayNode = live.json<WhatIfResponse>().nodes.find((node) => node.id === 'Gateway/infra/web');
    expect(gatewayNode?.ghost).toBe(false);
  });

  it('names the line of a document it cannot read', async () => {
    const app = await boot();
    const response = await app.inject({
      method: 'POST',
      url: '/api/what-if',
      headers: AUTH,
      payload: { manifests: 'kind: [unclosed\n' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message).toMatch(/^manifests:2:1: cannot parse YAML/);
  });

  it('refuses a share link, and a cookie session without the CSRF token', async () => {
    const app = await boot();
    const created = await app.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: AUTH,
      payload: { namespaces: ['shop'], expiresIn: '1h', label: 'shop' },
    });
    const link = created.json<{ token: string }>();
    const shared = await app.inject({
      method: 'POST',
      url: '/api/what-if',
      headers: { authorization: `Bearer ${link.token}` },
      payload: { manifests: DELETE_GATEWAY },
    });
    expect(shared.statusCode).toBe(403);
    const login = await app.inject(`/?token=${ADMIN}`);
    const session = login.cookies.find((cookie) => cookie.name === 'gatemap_session')?.value ?? '';
    const csrf = login.cookies.find((cookie) => cookie.name === 'gatemap_csrf')?.value ?? '';
    const withoutToken = await app.inject({
      method: 'POST',
      url: '/api/what-if',
      cookies: { gatemap_session: session, gatemap_csrf: csrf },
      payload: { manifests: DELETE_GATEWAY },
    });
    expect(withoutToken.statusCode).toBe(403);
    const withToken = await app.inject({
      method: 'POST',
      url: '/api/what-if',
      cookies: { gatemap_session: session, gatemap_csrf: csrf },
      headers: { 'x-gatemap-csrf': csrf },
      payload: { manifests: DELETE_GATEWAY },
    });
    expect(withToken.statusCode).toBe(200);
  });

  it('refuses manifests over the size limit', async () => {
    const app = await boot();
    const response = await app.inject({
      method: 'POST',
      url: '/api/what-if',
      headers: AUTH,
      payload: { manifests: `# ${'x'.repeat(4 * 1024 * 1024 + 10)}` },
    });
    expect([400, 413]).toContain(response.statusCode);
  });
});
