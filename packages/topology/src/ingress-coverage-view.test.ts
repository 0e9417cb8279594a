/**
 * Ingresses in the graph: their own nodes with their coverage, their backends on the same Service
 * nodes as the Routes', their class edge, and coverage judged again, in the delta, as Routes,
 * listeners, Services and IngressClasses change.
 */
import { gateway, gatewayClass, httpRoute, ingress, ingressClass, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { TopologyEngine, TopologyView, type ObjectKey, type TopologyNode } from './index.ts';
import { upsert } from './test-support.ts';

const SHOP = 'shop';
const platform = [
  gatewayClass(),
  gateway({ name: 'web', namespace: SHOP, listeners: [{ hostname: '*.example.com' }] }),
  service({ name: 'storefront', namespace: SHOP }),
  service({ name: 'api', namespace: SHOP, ports: [8080] }),
];
const webIngress = ingress({
  name: 'web',
  namespace: SHOP,
  className: 'nginx',
  rules: [
    {
      host: 'shop.example.com',
      paths: [
        { path: '/', backend: 'storefront:80' },
        { path: '/api', backend: 'api:8080' },
      ],
    },
  ],
});
const storefrontRoute = httpRoute({
  name: 'storefront',
  namespace: SHOP,
  parentRefs: [{ name: 'web' }],
  hostnames: ['shop.example.com'],
  rules: [
    {
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      backendRefs: [{ name: 'storefront', port: 80 }],
    },
  ],
});
const apiRoute = httpRoute({
  name: 'api',
  namespace: SHOP,
  parentRefs: [{ name: 'web' }],
  hostnames: ['shop.example.com'],
  rules: [
    {
      matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
      backendRefs: [{ name: 'api', port: 8080 }],
    },
  ],
});

function coverageOf(node: TopologyNode | undefined) {
  return node?.summary.type === 'ingress' ? node.summary.coverage : undefined;
}

describe('Ingresses in the graph', () => {
  it('joins an Ingress and a Route on one Service node', () => {
    const engine = new TopologyEngine();
    engine.apply([...platform, webIngress, storefrontRoute].map(upsert));
    const view = new TopologyView(engine);
    const snapshot = view.snapshot();
    expect(snapshot.nodes.filter((node) => node.id === 'Service/shop/storefront')).toHaveLength(1);
    const into = snapshot.edges
      .filter((edge) => edge.to === 'Service/shop/storefront')
      .map((edge) => edge.from);
    expect(into.sort()).toEqual(['HTTPRoute/shop/storefront', 'Ingress/shop/web']);
    expect(
      view
        .edgesOf('Ingress/shop/web')
        .find((edge) => edge.type === 'backend' && edge.to === 'Service/shop/api')?.state,
    ).toBe('resolved');
  });

  it('turns an Ingress from not started to partial to covered as Routes are added, in the delta', () => {
    const engine = new TopologyEngine();
    engine.apply([...platform, webIngress].map(upsert));
    const view = new TopologyView(engine);
    expect(coverageOf(view.node('Ingress/shop/web'))).toMatchObject({
      state: 'not-started',
      served: 0,
      total: 2,
    });

    const partial = view.update(engine.apply([upsert(storefrontRoute)]));
    const node = partial.upsertNodes.find((item) => item.id === 'Ingress/shop/web');
    expect(coverageOf(node)).toMatchObject({ state: 'partial', served: 1, total: 2 });
    expect(coverageOf(node)?.unserved.map((key) => [key.field, key.reason])).toEqual([
      ['spec.rules[0].http.paths[1]', 'no-route'],
    ]);

    const covered = view.update(engine.apply([upsert(apiRoute)]));
    expect(coverageOf(covered.upsertNodes.find((item) => item.id === 'Ingress/shop/web'))).toMatchObject({
      state: 'covered',
      served: 2,
      unserved: [],
    });

    const removed = view.update(engine.apply([{ type: 'delete', key: 'HTTPRoute/shop/api' as ObjectKey }]));
    expect(coverageOf(removed.upsertNodes.find((item) => item.id === 'Ingress/shop/web'))?.state).toBe(
      'partial',
    );
  });

  it('keeps a key served by a rejected Route unserved, with the Route’s reason', () => {
    const engine = new TopologyEngine();
    const rejected = httpRoute({
      name: 'storefront',
      namespace: SHOP,
      parentRefs: [{ name: 'web' }],
      hostnames: ['shop.example.org'],
      rules: [{ backendRefs: [{ name: 'storefront', port: 80 }] }],
    });
    engine.apply(
      [
        ...platform,
        ingress({
          name: 'web',
          namespace: SHOP,
          rules: [{ host: 'shop.example.org', paths: [{ path: '/', backend: 'storefront:80' }] }],
        }),
        rejected,
      ].map(upsert),
    );
    const coverage = coverageOf(new TopologyView(engine).node('Ingress/shop/web'));
    expect(coverage?.state).toBe('not-started');
    expect(coverage?.unserved[0]).toMatchObject({
      reason: 'route-rejected',
      routeReason: 'NoMatchingListenerHostname',
    });
  });

  it('draws the class edge, unresolved until the IngressClass exists', () => {
    const engine = new TopologyEngine();
    engine.apply([...platform, webIngress].map(upsert));
    const view = new TopologyView(engine);
    const edge = () => view.edgesOf('Ingress/shop/web').find((item) => item.type === 'class');
    expect(edge()).toMatchObject({
      from: 'IngressClass/nginx',
      state: 'unresolved',
      reason: 'IngressClassNotFound',
    });
    const delta = view.update(engine.apply([upsert(ingressClass({ name: 'nginx' }))]));
    expect(delta.upsertEdges.find((item) => item.id === 'class:Ingress/shop/web')?.state).toBe('resolved');
    expect(view.node('IngressClass/nginx')?.summary).toEqual({
      type: 'ingressclass',
      controller: 'k8s.io/ingress-nginx',
      isDefault: false,
    });
  });

  it('resolves a backend edge when its Service appears, and names a port the Service lacks', () => {
    const engine = new TopologyEngine();
    engine.apply(
      [
        ingress({
          name: 'web',
          namespace: SHOP,
          rules: [{ host: 'a.example.com', paths: [{ backend: 'late:http' }] }],
        }),
      ].map(upsert),
    );
    const view = new TopologyView(engine);
    const backend = () => view.edgesOf('Ingress/shop/web').find((item) => item.type === 'backend');
    expect(backend()).toMatchObject({ state: 'unresolved', reason: 'BackendNotFound' });
    view.update(engine.apply([upsert(service({ name: 'late', namespace: SHOP }))]));
    expect(backend()).toMatchObject({ state: 'unresolved', reason: 'PortNotFound' });
  });

  it('removes the node of a deleted Ingress', () => {
    const engine = new TopologyEngine();
    engine.apply([...platform, webIngress].map(upsert));
    const view = new TopologyView(engine);
    const delta = view.update(engine.apply([{ type: 'delete', key: 'Ingress/shop/web' as ObjectKey }]));
    expect(delta.removeNodes).toContain('Ingress/shop/web');
    expect(view.node('Ingress/shop/web')).toBeUndefined();
  });

  it('judges again only the Ingresses of the hosts a changed Route serves', () => {
    const engine = new TopologyEngine();
    const blog = ingress({
      name: 'blog',
      namespace: SHOP,
      rules: [{ host: 'blog.example.com', paths: [{ path: '/', backend: 'storefront:80' }] }],
    });
    engine.apply([...platform, webIngress, blog].map(upsert));
    const view = new TopologyView(engine);
    const blogRoute = httpRoute({
      name: 'blog',
      namespace: SHOP,
      parentRefs: [{ name: 'web' }],
      hostnames: ['blog.example.com'],
      rules: [{ backendRefs: [{ name: 'storefront', port: 80 }] }],
    });
    const changes = engine.apply([upsert(blogRoute)]);
    expect(view.ingressCoverage.affected(changes)).toEqual(['Ingress/shop/blog']);
    const delta = view.update(changes);
    expect(coverageOf(delta.upsertNodes.find((node) => node.id === 'Ingress/shop/blog'))?.state).toBe(
      'covered',
    );
    expect(coverageOf(view.node('Ingress/shop/web'))?.state).toBe('not-started');
  });

  it('covers an Ingress live through a Route that names no hostname, on a wildcard listener', () => {
    const engine = new TopologyEngine();
    engine.apply(
      [
        ...platform,
        ingress({
          name: 'web',
          namespace: SHOP,
          rules: [{ host: 'shop.example.com', paths: [{ path: '/', backend: 'storefront:80' }] }],
        }),
      ].map(upsert),
    );
    const view = new TopologyView(engine);
    const delta = view.update(
      engine.apply([
        upsert(
          httpRoute({
            name: 'everything',
            namespace: SHOP,
            parentRefs: [{ name: 'web' }],
            rules: [{ backendRefs: [{ name: 'storefront', port: 80 }] }],
          }),
        ),
      ]),
    );
    expect(coverageOf(delta.upsertNodes.find((node) => node.id === 'Ingress/shop/web'))?.state).toBe(
      'covered',
    );
    // Removing the Route takes its entries out of the index.
    const removed = view.update(
      engine.apply([{ type: 'delete', key: 'HTTPRoute/shop/everything' as ObjectKey }]),
    );
    expect(coverageOf(removed.upsertNodes.find((node) => node.id === 'Ingress/shop/web'))?.state).toBe(
      'not-started',
    );
  });

  it('judges a TLS host again when the HTTPS listener that covers it appears', () => {
    const engine = new TopologyEngine();
    const tlsIngress = ingress({
      name: 'web',
      namespace: SHOP,
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [{ host: 'shop.example.com', paths: [{ path: '/', backend: 'storefront:80' }] }],
    });
    engine.apply([...platform, tlsIngress, storefrontRoute].map(upsert));
    const view = new TopologyView(engine);
    expect(coverageOf(view.node('Ingress/shop/web'))?.unserved.map((key) => key.reason)).toContain(
      'no-https-listener',
    );
    view.update(
      engine.apply([
        upsert(
          gateway({
            name: 'web',
            namespace: SHOP,
            listeners: [
              { hostname: '*.example.com' },
              {
                protocol: 'HTTPS',
                hostname: '*.example.com',
                tls: { certificateRefs: [{ name: 'shop-tls' }] },
              },
            ],
          }),
        ),
      ]),
    );
    // The TLS host is served now; what remains is ingress-nginx's redirect of HTTP to HTTPS.
    expect(coverageOf(view.node('Ingress/shop/web'))?.unserved.map((key) => key.reason)).not.toContain(
      'no-https-listener',
    );
    expect(coverageOf(view.node('Ingress/shop/web'))?.served).toBeGreaterThan(1);
  });

  it('judges an Ingress again when a Route for its host takes a sub-path of its path (C3)', () => {
    const engine = new TopologyEngine();
    const storefront = ingress({
      name: 'web',
      namespace: SHOP,
      rules: [{ host: 'shop.example.com', paths: [{ path: '/', backend: 'storefront:80' }] }],
    });
    engine.apply([...platform, storefront, storefrontRoute].map(upsert));
    const view = new TopologyView(engine);
    expect(coverageOf(view.node('Ingress/shop/web'))?.state).toBe('covered');
    const taken = view.update(engine.apply([upsert(apiRoute)]));
    expect(
      coverageOf(taken.upsertNodes.find((node) => node.id === 'Ingress/shop/web'))?.unserved.map((key) => [
        key.reason,
        key.field,
      ]),
    ).toEqual([['captured', 'spec.rules[0].http.paths[0]']]);
    // An Ingress that routes /api itself gives the sub-path to it (I8), and judges the first again.
    const api = ingress({
      name: 'api',
      namespace: SHOP,
      rules: [{ host: 'shop.example.com', paths: [{ path: '/api', backend: 'api:8080' }] }],
    });
    const shared = view.update(engine.apply([upsert(api)]));
    expect(
      ['Ingress/shop/web', 'Ingress/shop/api'].map(
        (id) => coverageOf(shared.upsertNodes.find((node) => node.id === id))?.state,
      ),
    ).toEqual(['covered', 'covered']);
  });

  it('judges a host-less Ingress again when a listener hostname narrows a catch-all Route (E15)', () => {
    const engine = new TopologyEngine();
    const catchAll = ingress({
      name: 'web',
      namespace: SHOP,
      rules: [{ paths: [{ path: '/', backend: 'storefront:80' }] }],
    });
    engine.apply([...platform, catchAll].map(upsert));
    const view = new TopologyView(engine);
    const narrowed = httpRoute({
      name: 'everything',
      namespace: SHOP,
      parentRefs: [{ name: 'web' }],
      rules: [{ backendRefs: [{ name: 'storefront', port: 80 }] }],
    });
    const changes = engine.apply([upsert(narrowed)]);
    expect(view.ingressCoverage.affected(changes)).toEqual(['Ingress/shop/web']);
    const delta = view.update(changes);
    expect(
      coverageOf(delta.upsertNodes.find((node) => node.id === 'Ingress/shop/web'))?.unserved.map(
        (key) => key.reason,
      ),
    ).toEqual(['narrowed-host']);
  });

  it('I11: lists resource backends on the node, draws no edge to them, and judges them not comparable, saying why', () => {
    const engine = new TopologyEngine();
    const bucket = {
      resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static-assets' },
    };
    engine.apply(
      [
        ...platform,
        ingress({
          name: 'web',
          namespace: SHOP,
          rules: [{ host: 'shop.example.com', paths: [{ path: '/static', backend: bucket }] }],
        }),
      ].map(upsert),
    );
    const view = new TopologyView(engine);
    const node = view.node('Ingress/shop/web');
    expect(node?.summary.type === 'ingress' && node.summary.resourceBackends).toEqual([
      {
        field: 'spec.rules[0].http.paths[0].backend',
        apiGroup: 'k8s.example.com',
        kind: 'StorageBucket',
        name: 'static-assets',
      },
    ]);
    expect(view.edgesOf('Ingress/shop/web').filter((edge) => edge.type === 'backend')).toEqual([]);
    expect(coverageOf(node)?.unserved).toEqual([
      {
        key: 'shop.example.com/static (Prefix)',
        field: 'spec.rules[0].http.paths[0]',
        reason: 'not-comparable',
        message:
          'shop.example.com/static (Prefix): the backend is a StorageBucket, which the Gateway API leaves implementation-specific',
      },
    ]);
    // An Ingress with Service backends only carries no such list.
    engine.apply([upsert(webIngress)]);
    const plain = new TopologyView(engine).node('Ingress/shop/web');
    expect(plain?.summary.type === 'ingress' && 'resourceBackends' in plain.summary).toBe(false);
  });
});
