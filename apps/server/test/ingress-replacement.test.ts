/**
 * `POST /api/ingress-replacement`: the Gateway API objects that would replace one Ingress on the
 * Gateway the admin picks, checked by the what-if analysis against the cluster's objects; for the
 * admin only, every bad input refused with the field it is about, nothing applied.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { gateway, gatewayClass, httpRoute, ingress, service } from '@gatemap/fixtures';
import type { IngressReplacementResponse, TopologyResponse } from '@gatemap/topology';
import { testApps } from './helpers/test-app.ts';

const ADMIN = 'gma_ingress_replacement_token';
const AUTH = { authorization: `Bearer ${ADMIN}` };

const startApp = testApps(ADMIN);

async function boot() {
  const { server, source, store } = await startApp();
  source.upsert(
    gatewayClass(),
    gateway({
      name: 'web',
      namespace: 'infra',
      listeners: [{ hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } }],
    }),
    service({ name: 'blog', namespace: 'shop' }),
    service({ name: 'storefront', namespace: 'shop' }),
    ingress({
      name: 'blog',
      namespace: 'shop',
      annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '30' },
      rules: [{ host: 'blog.example.com', paths: [{ path: '/', backend: 'blog:80' }] }],
    }),
    ingress({
      name: 'web',
      namespace: 'shop',
      rules: [{ host: 'shop.example.com', paths: [{ path: '/', backend: 'storefront:80' }] }],
    }),
  );
  source.markSynced();
  return { server, store, source };
}

const post = (app: FastifyInstance, payload: object, headers: Record<string, string> = AUTH) =>
  app.inject({ method: 'POST', url: '/api/ingress-replacement', headers, payload });

describe('POST /api/ingress-replacement', () => {
  it('proposes an HTTPRoute the analysis accepts, that would cover the Ingress, and applies nothing', async () => {
    const { server: app } = await boot();
    const before = (
      await app.inject({ method: 'GET', url: '/api/topology', headers: AUTH })
    ).json<TopologyResponse>();
    const response = await post(app, { ingress: 'shop/blog', gateway: 'infra/web' });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<IngressReplacementResponse>();
    expect(body).toMatchObject({
      cluster: 'prod',
      ingress: 'Ingress/shop/blog',
      gateway: 'Gateway/infra/web',
      coverage: 'not-started',
      coverageAfter: 'covered',
      rejected: [],
      breaks: false,
    });
    expect(body.proposed.every((item) => item.accepted)).toBe(true);
    const documents = parseAllDocuments(body.yaml).map(
      (document) => document.toJS() as { kind: string; metadata: object; spec: object },
    );
    const route = documents.find((document) => document.kind === 'HTTPRoute');
    expect(route?.metadata).toMatchObject({ namespace: 'shop' });
    expect(route?.spec).toMatchObject({
      parentRefs: [{ name: 'web', namespace: 'infra' }],
      hostnames: ['blog.example.com'],
    });
    // Only the Ingress asked for is planned.
    expect(body.yaml).not.toContain('shop.example.com');
    const after = (
      await app.inject({ method: 'GET', url: '/api/topology', headers: AUTH })
    ).json<TopologyResponse>();
    expect(after.nodes.map((node) => node.id).sort()).toEqual(before.nodes.map((node) => node.id).sort());
  });

  it.each([
    [{ ingress: 'shop/missing', gateway: 'infra/web' }, /body\/ingress: no Ingress shop\/missing/],
    [{ ingress: 'shop/blog', gateway: 'infra/nope' }, /body\/gateway: no Gateway infra\/nope/],
    [
      { ingress: 'shop/blog', gateway: 'infra/web', cluster: 'staging' },
      /body\/cluster: no cluster named "staging"/,
    ],
    [{ ingress: 'Shop/Blog', gateway: 'infra/web' }, /body\/ingress/],
    [{ ingress: 'blog', gateway: 'infra/web' }, /body\/ingress/],
    [{ ingress: 'shop/blog' }, /gateway/],
  ])('refuses %j with a message that names the field', async (payload, message) => {
    const { server: app } = await boot();
    const response = await post(app, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message).toMatch(message);
  });

  it('is for the admin only: a share link of the same namespace is refused', async () => {
    const { server: app } = await boot();
    const created = await app.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: AUTH,
      payload: { namespaces: ['shop'], expiresIn: '1h', label: 'shop' },
    });
    const link = created.json<{ token: string }>();
    const response = await post(
      app,
      { ingress: 'shop/blog', gateway: 'infra/web' },
      { authorization: `Bearer ${link.token}` },
    );
    expect([401, 403]).toContain(response.statusCode);
    expect(response.body).not.toContain('HTTPRoute');
  });

  it('proposes nothing for an Ingress that is already covered', async () => {
    const { server: app, source } = await boot();
    source.upsert(
      httpRoute({
        name: 'storefront',
        namespace: 'shop',
        parentRefs: [{ name: 'web', namespace: 'infra' }],
        hostnames: ['shop.example.com'],
        rules: [{ backendRefs: [{ name: 'storefront', port: 80 }] }],
      }),
    );
    const response = await post(app, { ingress: 'shop/web', gateway: 'infra/web' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<IngressReplacementResponse>()).toMatchObject({
      coverage: 'covered',
      coverageAfter: 'covered',
      yaml: '',
      proposed: [],
    });
  });
});
