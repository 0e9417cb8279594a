/**
 * Share links and policies through the server: the map, the stream's snapshot and object details
 * all pass the one scoping step, so a policy on a target the link cannot see is not there, and
 * one on the shared Gateway is there as that Gateway is (no labels, no status about hidden
 * ancestors). The scoping itself is table-tested in packages/topology/src/share-policies.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { gateway, gatewayClass, httpRoute } from '@gatemap/fixtures';
import { policyKindsFromNames, type ObjectResponse, type TopologyResponse } from '@gatemap/topology';
import { testApps } from './helpers/test-app.ts';

const ADMIN = 'gma_share_policies_token';
const AUTH = { authorization: `Bearer ${ADMIN}` };
const KIND = 'WidgetPolicy.example.com';

const startApp = testApps(ADMIN);

function widgetPolicy(input: {
  name: string;
  namespace: string;
  target: { kind: string; name: string };
  labels?: Record<string, string>;
  ancestors?: string[];
}) {
  return {
    apiVersion: 'example.com/v1',
    kind: 'WidgetPolicy',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      ...(input.labels ? { labels: input.labels } : {}),
    },
    spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', ...input.target }] },
    ...(input.ancestors
      ? {
          status: {
            ancestors: input.ancestors.map((name) => ({
              ancestorRef: { name, namespace: 'infra' },
              controllerName: 'example.com/widgets',
              conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }],
            })),
          },
        }
      : {}),
  };
}

async function boot(): Promise<{ app: FastifyInstance; token: string }> {
  const { server: app, source } = await startApp();
  source.setPolicyKinds(policyKindsFromNames([KIND]).kinds);
  source.upsert(
    gatewayClass(),
    gateway({
      name: 'shared',
      namespace: 'infra',
      listeners: [{ allowedRoutes: { namespaces: { from: 'All' } } }],
    }),
    gateway({ name: 'private', namespace: 'infra' }),
    httpRoute({ name: 'web', namespace: 'shop', parentRefs: [{ name: 'shared', namespace: 'infra' }] }),
    httpRoute({ name: 'admin', namespace: 'shop', parentRefs: [{ name: 'shared', namespace: 'infra' }] }),
    widgetPolicy({ name: 'on-web', namespace: 'shop', target: { kind: 'HTTPRoute', name: 'web' } }),
    widgetPolicy({ name: 'on-admin', namespace: 'shop', target: { kind: 'HTTPRoute', name: 'admin' } }),
    widgetPolicy({
      name: 'on-shared',
      namespace: 'infra',
      target: { kind: 'Gateway', name: 'shared' },
      labels: { owner: 'platform-team' },
      ancestors: ['shared', 'private'],
    }),
    widgetPolicy({ name: 'on-private', namespace: 'infra', target: { kind: 'Gateway', name: 'private' } }),
  );
  source.markSynced();
  const created = await app.inject({
    method: 'POST',
    url: '/api/share-links',
    headers: AUTH,
    payload: { namespaces: ['shop'], routes: ['shop/web'], expiresIn: '1h', label: 'web' },
  });
  expect(created.statusCode, created.body).toBe(201);
  return { app, token: created.json<{ token: string }>().token };
}

const details = (app: FastifyInstance, token: string, namespace: string, name: string) =>
  app.inject({
    url: `/api/objects/prod/${KIND}/${namespace}/${name}`,
    headers: { authorization: `Bearer ${token}` },
  });

describe('share links and policies through the server', () => {
  it('lists only the policies whose targets the link sees', async () => {
    const { app, token } = await boot();
    const admin = (await app.inject({ url: '/api/topology', headers: AUTH })).json<TopologyResponse>();
    expect(admin.nodes.filter((node) => node.kind === 'WidgetPolicy')).toHaveLength(4);
    const shared = (
      await app.inject({ url: '/api/topology', headers: { authorization: `Bearer ${token}` } })
    ).json<TopologyResponse>();
    expect(
      shared.nodes
        .filter((node) => node.kind === 'WidgetPolicy')
        .map((node) => node.id)
        .sort(),
    ).toEqual([`${KIND}/infra/on-shared`, `${KIND}/shop/on-web`]);
    expect(JSON.stringify(shared)).not.toContain('on-admin');
    expect(JSON.stringify(shared)).not.toContain('on-private');
  });

  it('answers the details of a hidden policy as of one that does not exist', async () => {
    const { app, token } = await boot();
    for (const [namespace, name] of [
      ['shop', 'on-admin'],
      ['infra', 'on-private'],
    ] as const) {
      expect((await details(app, token, namespace, name)).statusCode, name).toBe(404);
      expect((await details(app, token, namespace, 'no-such-policy')).statusCode).toBe(404);
    }
    expect((await details(app, token, 'shop', 'on-web')).statusCode).toBe(200);
  });

  it("shows the shared Gateway's policy without its labels or its status about a hidden Gateway", async () => {
    const { app, token } = await boot();
    const response = await details(app, token, 'infra', 'on-shared');
    expect(response.statusCode).toBe(200);
    const body = response.json<ObjectResponse>();
    expect((body.object['metadata'] as { labels?: unknown }).labels).toBeUndefined();
    expect(body.yaml).not.toContain('platform-team');
    const ancestors = (body.object['status'] as { ancestors: { ancestorRef: { name: string } }[] }).ancestors;
    expect(ancestors.map((entry) => entry.ancestorRef.name)).toEqual(['shared']);
    expect(body.yaml).not.toContain('private');
    expect(body.edges.map((edge) => [edge.type, edge.to])).toEqual([
      ['policy-target', 'Gateway/infra/shared'],
    ]);
  });
});
