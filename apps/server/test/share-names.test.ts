/**
 * A share link never receives the name of an object it may not see: not in a message, a
 * condition, a finding, an edge field or an object's details, on any endpoint or the stream.
 * Where gatemap's own messages name such an object they say what it is instead ("a GRPCRoute of
 * another namespace"). Hidden objects here carry `hush` in their names, so any leak shows.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import {
  gateway,
  type KubeObject,
  gatewayClass,
  grpcRoute,
  httpRoute,
  listenerSet,
  referenceGrant,
  service,
} from '@gatemap/fixtures';
import type { ObjectKey, ObjectResponse, TopologyResponse } from '@gatemap/topology';
import type { ManualSource } from '../src/sources/manual-source.ts';
import { testApps } from './helpers/test-app.ts';

const ADMIN = 'gma_share_names_token';
const AUTH = { authorization: `Bearer ${ADMIN}` };
const MARKER = 'hush';

const startApp = testApps(ADMIN);

const OLD = '2024-01-01T00:00:00Z';
const NEW = '2024-06-01T00:00:00Z';

/** The shop team's objects on a Gateway shared with other teams. */
const shopEstate = () => [
  gatewayClass(),
  gateway({
    name: 'shared',
    namespace: 'infra',
    listeners: [{ name: 'http', allowedRoutes: { namespaces: { from: 'All' } } }],
    spec: { allowedListeners: { namespaces: { from: 'All' } } },
  }),
  service({ name: 'shop', namespace: 'shop' }),
  httpRoute({
    name: 'web',
    namespace: 'shop',
    creationTimestamp: NEW,
    hostnames: ['api.example.com'],
    parentRefs: [{ name: 'shared', namespace: 'infra' }],
    backends: ['shop:80', 'payments/checkout:80'],
  }),
  listenerSet({
    name: 'team-set',
    namespace: 'shop',
    creationTimestamp: NEW,
    parent: 'shared',
    parentNamespace: 'infra',
    listeners: [{ name: 'team-listener', port: 8080, hostname: 'x.example.com' }],
  }),
  service({ name: 'checkout', namespace: 'payments' }),
];

/** Another team's older GRPCRoute on the same hostname, and an older ListenerSet on the same port and hostname. */
const rivals = () => [
  grpcRoute({
    name: 'older-route-hush',
    namespace: 'rival-hush',
    creationTimestamp: OLD,
    hostnames: ['api.example.com'],
    parentRefs: [{ name: 'shared', namespace: 'infra' }],
    backends: ['rival-svc-hush:80'],
  }),
  service({ name: 'rival-svc-hush', namespace: 'rival-hush' }),
  listenerSet({
    name: 'older-set-hush',
    namespace: 'rival-hush',
    creationTimestamp: OLD,
    parent: 'shared',
    parentNamespace: 'infra',
    listeners: [{ name: 'listener-hush', port: 8080, hostname: 'x.example.com' }],
  }),
];

/** The grant in the backend's namespace that lets the shop's Route use it. */
const grant = () =>
  referenceGrant({
    name: 'grant-hush',
    namespace: 'payments',
    from: [{ kind: 'HTTPRoute', namespace: 'shop' }],
    to: [{ kind: 'Service', name: 'checkout' }],
  });

async function boot(objects: unknown[]): Promise<{ server: FastifyInstance; source: ManualSource }> {
  const { server, source } = await startApp({ stream: { heartbeatMs: 200, shareCheckMs: 100 } });
  source.upsert(...objects);
  source.markSynced();
  return { server, source };
}

async function shareHeaders(
  app: FastifyInstance,
  routes?: readonly string[],
): Promise<Record<string, string>> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/share-links',
    headers: AUTH,
    payload: { namespaces: ['shop'], ...(routes ? { routes } : {}), expiresIn: '1h', label: 'shop' },
  });
  expect(response.statusCode, response.body).toBe(201);
  return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
}

async function get(app: FastifyInstance, url: string, headers: Record<string, string>): Promise<string> {
  const response = await app.inject({ url, headers });
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  return response.body;
}

describe('share links and the names of hidden objects', () => {
  it('name an older Route of another team that wins a hostname by what it is, in the edge and GM303', async () => {
    const { server } = await boot([...shopEstate(), ...rivals(), grant()]);
    // The admin sees the winner by name.
    const admin = JSON.parse(await get(server, '/api/topology', AUTH)) as TopologyResponse;
    const gm303 = admin.findings.find(
      (item) => item.code === 'GM303' && item.subject === 'HTTPRoute/shop/web',
    );
    expect(gm303?.message).toContain('GRPCRoute rival-hush/older-route-hush');

    const share = await shareHeaders(server);
    const topology = await get(server, '/api/topology', share);
    expect(topology).not.toContain(MARKER);
    const body = JSON.parse(topology) as TopologyResponse;
    const edge = body.edges.find((item) => item.from === 'HTTPRoute/shop/web' && item.type === 'parent');
    expect(edge).toMatchObject({ state: 'rejected', reason: 'NotAllowedByListeners' });
    expect(edge?.message).toContain('a GRPCRoute of another namespace (older) already serves');
    const finding = body.findings.find(
      (item) => item.code === 'GM303' && item.subject === 'HTTPRoute/shop/web',
    );
    expect(finding?.message).toContain('a GRPCRoute of another namespace');

    const object = await get(server, '/api/objects/prod/HTTPRoute/shop/web', share);
    expect(object).not.toContain(MARKER);
    const details = JSON.parse(object) as ObjectResponse;
    expect(details.findings.map((item) => item.code)).toContain('GM303');
    expect(JSON.stringify(details.predicted)).toContain('a GRPCRoute of another namespace');
  });

  it("name another team's ListenerSet and listener that a listener conflicts with by what they are, in conditions and GM206", async () => {
    const { server } = await boot([...shopEstate(), ...rivals(), grant()]);
    const admin = JSON.parse(
      await get(server, '/api/objects/prod/ListenerSet/shop/team-set', AUTH),
    ) as ObjectResponse;
    expect(admin.findings.map((item) => item.message).join('\n')).toContain(
      'listener "listener-hush" of ListenerSet rival-hush/older-set-hush',
    );

    const share = await shareHeaders(server);
    const topology = await get(server, '/api/topology', share);
    expect(topology).not.toContain(MARKER);
    const node = (JSON.parse(topology) as TopologyResponse).nodes.find(
      (item) => item.id === 'ListenerSet/shop/team-set',
    );
    const listener = node?.summary.type === 'listenerset' ? node.summary.listeners[0] : undefined;
    expect(listener?.state).toBe('conflicted');
    expect(listener?.predicted.find((item) => item.type === 'Conflicted')?.message).toContain(
      'a listener of a ListenerSet of another namespace',
    );

    const object = await get(server, '/api/objects/prod/ListenerSet/shop/team-set', share);
    expect(object).not.toContain(MARKER);
    const details = JSON.parse(object) as ObjectResponse;
    expect(details.findings.find((item) => item.code === 'GM206')?.message).toContain(
      'a listener of a ListenerSet of another namespace',
    );
  });

  it('do not name the ReferenceGrant that permits a reference, in the object details of its target', async () => {
    const { server } = await boot([...shopEstate(), grant()]);
    const admin = JSON.parse(
      await get(server, '/api/objects/prod/Service/payments/checkout', AUTH),
    ) as ObjectResponse;
    expect(admin.edges.map((edge) => edge.grant)).toContain('ReferenceGrant/payments/grant-hush');

    const share = await shareHeaders(server);
    const object = await get(server, '/api/objects/prod/Service/payments/checkout', share);
    expect(object).not.toContain(MARKER);
    const details = JSON.parse(object) as ObjectResponse;
    expect(details.edges.map((edge) => edge.from)).toContain('HTTPRoute/shop/web');
    expect(details.edges.every((edge) => edge.grant === undefined)).toBe(true);
    expect(await get(server, '/api/objects/prod/HTTPRoute/shop/web', share)).not.toContain(MARKER);
  });

  it('do not stream the names of objects created while the stream is open', async () => {
    const { server, source } = await boot([...shopEstate(), grant()]);
    const share = await shareHeaders(server);
    await server.listen({ host: '127.0.0.1', port: 0 });
    const port = (server.server.address() as AddressInfo).port;
    let received = '';
    const request = httpRequest(
      { host: '127.0.0.1', port, path: '/api/stream', headers: share },
      (response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (received += chunk));
      },
    );
    request.end();
    await expect.poll(() => received.includes('event: snapshot')).toBe(true);
    source.upsert(...rivals());
    // The team's Route loses its hostname and its listener conflicts: both arrive as deltas.
    await expect.poll(() => received.includes('NotAllowedByListeners')).toBe(true);
    await expect.poll(() => received.includes('HostnameConflict')).toBe(true);
    expect(received).not.toContain(MARKER);
    request.destroy();
  });
});

describe('share links and objects that share a name with one the link sees', () => {
  /**
   * The shop's Route sends traffic to the rival team's Service `api`, which the link thus sees;
   * the rival team's older GRPCRoute, also named `api`, wins the hostname. Seeing a Service by
   * that name must not let the link read that a GRPCRoute of it exists.
   */
  const sameNames = (winner: { namespace: string }) => [
    gatewayClass(),
    gateway({
      name: 'shared',
      namespace: 'infra',
      listeners: [{ name: 'http', allowedRoutes: { namespaces: { from: 'All' } } }],
    }),
    service({ name: 'shop', namespace: 'shop' }),
    service({ name: 'api', namespace: 'shop' }),
    service({ name: 'api', namespace: 'rival' }),
    httpRoute({
      name: 'web',
      namespace: 'shop',
      creationTimestamp: NEW,
      hostnames: ['api.example.com'],
      parentRefs: [{ name: 'shared', namespace: 'infra' }],
      backends: ['api:80', 'rival/api:80'],
    }),
    grpcRoute({
      name: 'api',
      namespace: winner.namespace,
      creationTimestamp: OLD,
      hostnames: ['api.example.com'],
      parentRefs: [{ name: 'shared', namespace: 'infra' }],
      backends: ['api:80'],
    }),
  ];

  const bodies = async (app: FastifyInstance, share: Record<string, string>) => {
    const topology = await get(app, '/api/topology', share);
    return [
      topology,
      await get(app, '/api/objects/prod/HTTPRoute/shop/web', share),
      await get(app, '/api/objects/prod/Gateway/infra/shared', share),
    ];
  };

  it("do not name another team's Route after a Service of the same name the link sees", async () => {
    const { server } = await boot(sameNames({ namespace: 'rival' }));
    const admin = await get(server, '/api/topology', AUTH);
    expect(admin).toContain('GRPCRoute rival/api');
    for (const body of await bodies(server, await shareHeaders(server))) {
      expect(body).not.toContain('GRPCRoute rival/api');
      expect(body).not.toContain('GRPCRoute/rival/api');
    }
  });

  it("do not name a Route the link leaves out after a Service of the same name in the link's namespace", async () => {
    const { server } = await boot(sameNames({ namespace: 'shop' }));
    const admin = await get(server, '/api/topology', AUTH);
    expect(admin).toContain('GRPCRoute shop/api');
    for (const body of await bodies(server, await shareHeaders(server, ['shop/web']))) {
      expect(body).not.toContain('GRPCRoute shop/api');
      expect(body).not.toContain('GRPCRoute/shop/api');
    }
  });
});

describe('share links and structured references', () => {
  it("leave out a policy's ancestors that the link cannot see, predicted and reported", async () => {
    const ancestorStatus = {
      ancestors: [
        {
          ancestorRef: {
            group: 'gateway.networking.k8s.io',
            kind: 'Gateway',
            namespace: 'rival-hush',
            name: 'gateway-hush',
          },
          controllerName: 'example.com/gateway-controller',
          conditions: [
            {
              type: 'Accepted',
              status: 'True',
              reason: 'Accepted',
              message: 'Policy is accepted.',
              lastTransitionTime: OLD,
            },
          ],
        },
      ],
    };
    const { server } = await boot([
      ...shopEstate(),
      // A Route of the shop's own namespace that the link leaves out sends the shop's Service
      // traffic through another team's Gateway, which the policy on that Service thus serves.
      gateway({
        name: 'gateway-hush',
        namespace: 'rival-hush',
        listeners: [{ name: 'http', allowedRoutes: { namespaces: { from: 'All' } } }],
      }),
      httpRoute({
        name: 'side-hush',
        namespace: 'shop',
        parentRefs: [{ name: 'gateway-hush', namespace: 'rival-hush' }],
        backends: ['shop:80'],
      }),
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'BackendTLSPolicy',
        metadata: { name: 'tls', namespace: 'shop', generation: 1 },
        spec: {
          targetRefs: [{ group: '', kind: 'Service', name: 'shop' }],
          validation: { hostname: 'shop.example.com', wellKnownCACertificates: 'System' },
        },
        status: ancestorStatus,
      },
    ]);
    const admin = JSON.parse(
      await get(server, '/api/objects/prod/BackendTLSPolicy/shop/tls', AUTH),
    ) as ObjectResponse;
    expect(JSON.stringify(admin.predicted)).toContain('gateway-hush');

    const share = await shareHeaders(server, ['shop/web']);
    const object = await get(server, '/api/objects/prod/BackendTLSPolicy/shop/tls', share);
    expect(object).not.toContain(MARKER);
    const details = JSON.parse(object) as ObjectResponse;
    // The shared Gateway, which the link's own Route uses, stays.
    const predicted = details.predicted?.kind === 'policy' ? details.predicted.status.ancestors : [];
    expect(predicted.map((entry) => entry.ancestorRef.name)).toEqual(['shared']);
    expect(details.reported.filter((entry) => entry.scope.startsWith('ancestor'))).toEqual([]);
    expect(await get(server, '/api/topology', share)).not.toContain(MARKER);
  });
});

// ---- the property ------------------------------------------------------------------------------

const MID = '2024-03-01T00:00:00Z';
const created = fc.option(fc.constantFrom(OLD, MID, NEW), { nil: undefined });
const hostname = fc.constantFrom('api.example.com', 'x.example.com', '*.example.com');

interface RouteSpec {
  readonly kind: 'HTTPRoute' | 'GRPCRoute';
  readonly hostnames: string[];
  readonly created: string | undefined;
  /** Attach to the hidden Gateway instead of the shared one (hidden Routes only). */
  readonly elsewhere: boolean;
}
const routeSpec: fc.Arbitrary<RouteSpec> = fc.record({
  kind: fc.constantFrom('HTTPRoute' as const, 'GRPCRoute' as const),
  hostnames: fc.uniqueArray(hostname, { minLength: 1, maxLength: 2 }),
  created,
  elsewhere: fc.boolean(),
});

interface SetSpec {
  readonly created: string | undefined;
  readonly listeners: { readonly port: number; readonly hostname: string | undefined }[];
}
const setSpec: fc.Arbitrary<SetSpec> = fc.record({
  created,
  listeners: fc.array(
    fc.record({ port: fc.constantFrom(8080, 8443), hostname: fc.option(hostname, { nil: undefined }) }),
    { minLength: 1, maxLength: 2 },
  ),
});

/** Grants in the namespace of the shop's cross-namespace backend, and in a hidden one. */
interface GrantSpec {
  readonly inPayments: boolean;
  readonly named: boolean;
}
const grantSpec: fc.Arbitrary<GrantSpec> = fc.record({ inPayments: fc.boolean(), named: fc.boolean() });

type Change =
  | { readonly type: 'route'; readonly at: number; readonly route: RouteSpec }
  | { readonly type: 'set'; readonly at: number; readonly set: SetSpec }
  | { readonly type: 'grant'; readonly at: number; readonly grant: GrantSpec }
  | { readonly type: 'remove'; readonly at: number };
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ type: fc.constant('route' as const), at: fc.nat(4), route: routeSpec }),
  fc.record({ type: fc.constant('set' as const), at: fc.nat(3), set: setSpec }),
  fc.record({ type: fc.constant('grant' as const), at: fc.nat(2), grant: grantSpec }),
  fc.record({ type: fc.constant('remove' as const), at: fc.nat(9) }),
);

const estate = fc.record({
  team: fc.record({
    routes: fc.array(routeSpec, { minLength: 1, maxLength: 3 }),
    sets: fc.array(setSpec, { maxLength: 2 }),
    /** A controller's status on the shop's first Route names a hidden Route. */
    reportsHidden: fc.boolean(),
  }),
  /**
   * The link lists the shop's Routes, and Routes of the shop's namespace that it leaves out (some
   * on another team's Gateway, through which the shop's policy then serves) are hidden too.
   */
  restricted: fc.boolean(),
  hidden: fc.record({
    sideRoutes: fc.array(routeSpec, { maxLength: 2 }),
    routes: fc.array(routeSpec, { maxLength: 4 }),
    sets: fc.array(setSpec, { maxLength: 3 }),
    grants: fc.array(grantSpec, { maxLength: 2 }),
  }),
  changes: fc.array(change, { maxLength: 4 }),
});

const HIDDEN_NAMESPACES = ['rival-hush', 'other-hush'];
const hiddenNamespace = (at: number) => HIDDEN_NAMESPACES[at % 2]!;
const SHARED = { name: 'shared', namespace: 'infra' };

function hiddenRoute(at: number, spec: RouteSpec): KubeObject {
  const namespace = hiddenNamespace(at);
  const build = spec.kind === 'HTTPRoute' ? httpRoute : grpcRoute;
  return build({
    name: `route-${at}-hush`,
    namespace,
    ...(spec.created ? { creationTimestamp: spec.created } : {}),
    hostnames: spec.hostnames,
    parentRefs: [spec.elsewhere ? { name: 'gateway-hush', namespace: 'rival-hush' } : SHARED],
    backends: [`${namespace}/svc-hush:80`],
  });
}

function sideRoute(at: number, spec: RouteSpec): KubeObject {
  return (spec.kind === 'HTTPRoute' ? httpRoute : grpcRoute)({
    name: `side-${at}-hush`,
    namespace: 'shop',
    ...(spec.created ? { creationTimestamp: spec.created } : {}),
    hostnames: spec.hostnames,
    parentRefs: [spec.elsewhere ? { name: 'gateway-hush', namespace: 'rival-hush' } : SHARED],
    backends: ['shop:80'],
  });
}

function hiddenSet(at: number, spec: SetSpec): KubeObject {
  return listenerSet({
    name: `set-${at}-hush`,
    namespace: hiddenNamespace(at),
    ...(spec.created ? { creationTimestamp: spec.created } : {}),
    parent: 'shared',
    parentNamespace: 'infra',
    listeners: spec.listeners.map((item, index) => ({
      name: `listener-${index}-hush`,
      port: item.port,
      ...(item.hostname ? { hostname: item.hostname } : {}),
    })),
  });
}

function hiddenGrant(at: number, spec: GrantSpec): KubeObject {
  return referenceGrant({
    name: `grant-${at}-hush`,
    namespace: spec.inPayments ? 'payments' : 'other-hush',
    from: [
      { kind: 'HTTPRoute', namespace: 'shop' },
      { kind: 'GRPCRoute', namespace: 'shop' },
    ],
    to: [{ kind: 'Service', ...(spec.named ? { name: 'checkout' } : {}) }],
  });
}

function teamObjects(team: { routes: RouteSpec[]; sets: SetSpec[]; reportsHidden: boolean }): KubeObject[] {
  const routes = team.routes.map((spec, at) =>
    (spec.kind === 'HTTPRoute' ? httpRoute : grpcRoute)({
      name: `route-${at}`,
      namespace: 'shop',
      ...(spec.created ? { creationTimestamp: spec.created } : {}),
      hostnames: spec.hostnames,
      parentRefs: [SHARED],
      backends: ['shop:80', 'payments/checkout:80'],
      ...(at === 0 && team.reportsHidden
        ? {
            status: {
              parents: [
                {
                  parentRef: { ...SHARED, group: 'gateway.networking.k8s.io', kind: 'Gateway' },
                  controllerName: 'example.com/gateway-controller',
                  conditions: [
                    {
                      type: 'Accepted',
                      status: 'False',
                      reason: 'Conflicted',
                      message:
                        'hostname already served by HTTPRoute rival-hush/route-0-hush (and other-hush/route-1-hush)',
                      lastTransitionTime: OLD,
                    },
                  ],
                },
              ],
            },
          }
        : {}),
    }),
  );
  const sets = team.sets.map((spec, at) =>
    listenerSet({
      name: `set-${at}`,
      namespace: 'shop',
      ...(spec.created ? { creationTimestamp: spec.created } : {}),
      parent: 'shared',
      parentNamespace: 'infra',
      listeners: spec.listeners.map((item, index) => ({
        name: `team-${index}`,
        port: item.port,
        ...(item.hostname ? { hostname: item.hostname } : {}),
      })),
    }),
  );
  // The shop's policy on its Service serves every Gateway whose Routes use that Service.
  const ancestor = (namespace: string, name: string) => ({
    ancestorRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace, name },
    controllerName: 'example.com/gateway-controller',
    conditions: [
      { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Accepted.', lastTransitionTime: OLD },
    ],
  });
  const policy: KubeObject = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'BackendTLSPolicy',
    metadata: { name: 'tls', namespace: 'shop', generation: 1 },
    spec: {
      targetRefs: [{ group: '', kind: 'Service', name: 'shop' }],
      validation: { hostname: 'shop.example.com', wellKnownCACertificates: 'System' },
    },
    ...(team.reportsHidden
      ? { status: { ancestors: [ancestor('infra', 'shared'), ancestor('rival-hush', 'gateway-hush')] } }
      : {}),
  };
  return [service({ name: 'shop', namespace: 'shop' }), ...routes, ...sets, policy];
}

const base = () => [
  gatewayClass(),
  gateway({
    ...SHARED,
    listeners: [{ name: 'http', allowedRoutes: { namespaces: { from: 'All' } } }],
    spec: { allowedListeners: { namespaces: { from: 'All' } } },
  }),
  gateway({
    name: 'gateway-hush',
    namespace: 'rival-hush',
    listeners: [{ name: 'listener-hush', allowedRoutes: { namespaces: { from: 'All' } } }],
  }),
  service({ name: 'checkout', namespace: 'payments' }),
  ...HIDDEN_NAMESPACES.map((namespace) => service({ name: 'svc-hush', namespace })),
];

const keyOf = (object: KubeObject) => `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;

/** Every object URL of a topology's nodes (ghosts answer 404, which must not leak either). */
function objectUrls(topology: TopologyResponse): string[] {
  return topology.nodes.map((node) => `/api/objects/prod/${node.kind}/${node.namespace ?? '_'}/${node.name}`);
}

describe('share links, property', () => {
  it('never send a hidden name on any endpoint or the stream, while hidden objects come, change and go', async () => {
    await fc.assert(
      fc.asyncProperty(estate, async ({ team, restricted, hidden, changes }) => {
        const hiddenObjects = new Map<string, KubeObject>();
        const add = (object: KubeObject) => hiddenObjects.set(keyOf(object), object);
        if (restricted) hidden.sideRoutes.forEach((spec, at) => add(sideRoute(at, spec)));
        hidden.routes.forEach((spec, at) => add(hiddenRoute(at, spec)));
        hidden.sets.forEach((spec, at) => add(hiddenSet(at, spec)));
        hidden.grants.forEach((spec, at) => add(hiddenGrant(at, spec)));
        const { server, source } = await boot([...base(), ...teamObjects(team), ...hiddenObjects.values()]);
        try {
          const share = await shareHeaders(
            server,
            restricted ? team.routes.map((_spec, at) => `shop/route-${at}`) : undefined,
          );
          await server.listen({ host: '127.0.0.1', port: 0 });
          const port = (server.server.address() as AddressInfo).port;
          let received = '';
          const request = httpRequest(
            { host: '127.0.0.1', port, path: '/api/stream', headers: share },
            (response) => {
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => (received += chunk));
            },
          );
          request.end();
          await expect.poll(() => received.includes('event: snapshot'), { timeout: 10_000 }).toBe(true);

          const everyEndpoint = async () => {
            const topology = await server.inject({ url: '/api/topology', headers: share });
            const bodies = [topology.body];
            for (const url of [
              '/api/clusters',
              '/api/session',
              ...objectUrls(topology.json<TopologyResponse>()),
            ])
              bodies.push((await server.inject({ url, headers: share })).body);
            for (const body of bodies) expect(body).not.toContain(MARKER);
          };
          await everyEndpoint();
          let tick = 0;
          for (const step of changes) {
            if (step.type === 'remove') {
              const keys = [...hiddenObjects.keys()];
              const key = keys[step.at % Math.max(1, keys.length)];
              if (key !== undefined) {
                hiddenObjects.delete(key);
                source.remove(key as ObjectKey);
              }
            } else {
              const object =
                step.type === 'route'
                  ? hiddenRoute(step.at, step.route)
                  : step.type === 'set'
                    ? hiddenSet(step.at, step.set)
                    : hiddenGrant(step.at, step.grant);
              add(object);
              source.upsert(object);
            }
            // A Service in the shop's namespace marks how far the stream has come.
            source.upsert(service({ name: `tick-${++tick}`, namespace: 'shop' }));
            await expect
              .poll(() => received.includes(`"Service/shop/tick-${tick}"`), { timeout: 10_000 })
              .toBe(true);
            await everyEndpoint();
          }
          request.destroy();
          expect(received).not.toContain(MARKER);
        } finally {
          await server.close();
        }
      }),
      { numRuns: 15 },
    );
  });
});
