/**
 * The policies of an object as `GET /api/objects/…` answers them, on the bundled policies example
 * served from files (policy kinds discovered from the CRDs among them): a Route's effective stacks,
 * a Gateway's per listener, a policy's targets and predicted status; and for a share link, only
 * what it may see.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ObjectResponse } from '@gatemap/topology';
import { ShareStore } from '../src/access/share-store.ts';
import { buildServer } from '../src/server.ts';
import { createFilesSource } from '../src/sources/files-source.ts';
import { TopologyHub } from '../src/topology-hub.ts';

const EXAMPLES = join(import.meta.dirname, '../../../examples');
const ADMIN = 'gma_policy_details_token';
const AUTH = { authorization: `Bearer ${ADMIN}` };

let server: FastifyInstance | undefined;
let directory: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (directory) rmSync(directory, { recursive: true, force: true });
});

async function boot(): Promise<FastifyInstance> {
  directory = mkdtempSync(join(tmpdir(), 'gatemap-policies-'));
  for (const file of readdirSync(join(EXAMPLES, '08-policies')).filter((name) => name.endsWith('.yaml')))
    copyFileSync(join(EXAMPLES, '08-policies', file), join(directory, file));
  copyFileSync(join(EXAMPLES, '00-platform', 'gatewayclass.yaml'), join(directory, 'gatewayclass.yaml'));
  const app = await buildServer({
    hub: new TopologyHub(),
    sources: [createFilesSource({ name: 'demo', directory, kind: 'demo', watch: false })],
    logLevel: 'silent',
    access: { adminToken: ADMIN, store: new ShareStore(':memory:') },
  });
  await app.ready();
  server = app;
  await expect
    .poll(
      async () =>
        (await app.inject({ url: '/api/objects/demo/HTTPRoute/payments/checkout', headers: AUTH }))
          .statusCode,
      { timeout: 20_000 },
    )
    .toBe(200);
  return app;
}

const SECURITY = 'SecurityPolicy.gateway.envoyproxy.io';

describe('policies in the object details', () => {
  it("answers a Route's stacks per listener, a Gateway's per listener, and a policy's targets and status", async () => {
    const app = await boot();
    const route = (
      await app.inject({ url: '/api/objects/demo/HTTPRoute/payments/checkout', headers: AUTH })
    ).json<ObjectResponse>();
    expect(route.policies?.type).toBe('route');
    if (route.policies?.type !== 'route') return;
    expect(route.policies.stacks.map((stack) => stack.listener)).toEqual(['public', 'internal']);
    const security = route.policies.stacks[0]?.kinds.find(
      (kind) => kind.kind === 'gateway.envoyproxy.io/SecurityPolicy',
    );
    expect(security?.entries.map((entry) => [entry.policy, entry.state])).toEqual([
      [`${SECURITY}/payments/checkout-auth`, 'attached'],
      [`${SECURITY}/payments/checkout-auth-v2`, 'conflicted'],
    ]);
    expect(security?.effective).toMatchObject({
      from: `${SECURITY}/payments/checkout-auth`,
      basis: 'implementation',
    });

    const gateway = (
      await app.inject({ url: '/api/objects/demo/Gateway/payments/payments-edge', headers: AUTH })
    ).json<ObjectResponse>();
    expect(gateway.policies).toMatchObject({
      type: 'listeners',
      listeners: [{ listener: 'public' }, { listener: 'internal' }],
    });

    // A Service's stack holds its BackendTLSPolicy (a kind gatemap reads itself) on the port it names.
    const service = (
      await app.inject({ url: '/api/objects/demo/Service/payments/checkout-api', headers: AUTH })
    ).json<ObjectResponse>();
    expect(service.policies?.type === 'service' && service.policies.stack.ports).toEqual([
      {
        name: 'https',
        kinds: [
          expect.objectContaining({
            kind: 'gateway.networking.k8s.io/BackendTLSPolicy',
            entries: [
              expect.objectContaining({
                policy: 'BackendTLSPolicy/payments/checkout-api-tls',
                state: 'attached',
              }),
            ],
          }),
        ],
      },
    ]);

    const loser = await app.inject({
      url: `/api/objects/demo/${SECURITY}/payments/checkout-auth-v2`,
      headers: AUTH,
    });
    expect(loser.statusCode).toBe(200);
    const body = loser.json<ObjectResponse>();
    expect(body.policies).toMatchObject({
      type: 'policy',
      kind: { kind: 'SecurityPolicy', basis: 'schema' },
      targets: [{ state: 'conflicted', conflictWith: `${SECURITY}/payments/checkout-auth` }],
    });
    // Predicted beside reported, as for Routes: the ancestor entry a controller would write.
    expect(body.predicted).toMatchObject({
      kind: 'policy',
      status: {
        ancestors: [{ ancestorRef: { name: 'payments-edge' }, conditions: [{ reason: 'Conflicted' }] }],
      },
    });
  });

  it('gives a share link the stacks of its namespace, and no policy of another', async () => {
    const app = await boot();
    const create = async (namespaces: string[]) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/share-links',
        headers: AUTH,
        payload: { namespaces, expiresIn: '1h', label: namespaces.join(',') },
      });
      expect(response.statusCode, response.body).toBe(201);
      return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
    };
    const payments = await create(['payments']);
    const route = (
      await app.inject({ url: '/api/objects/demo/HTTPRoute/payments/checkout', headers: payments })
    ).json<ObjectResponse>();
    expect(route.policies?.type === 'route' && route.policies.stacks[0]?.kinds.length).toBe(4);

    const other = await create(['shop']);
    const hidden = await app.inject({
      url: `/api/objects/demo/${SECURITY}/payments/checkout-auth`,
      headers: other,
    });
    expect(hidden.statusCode).toBe(404);
  });
});
