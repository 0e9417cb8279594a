/**
 * Ingress coverage (§D of ../shared/ingress-migration.md): one row per rule, each citing it.
 * Every row builds a topology, lets the engine analyze it, and judges the Ingresses against the
 * index of what its Routes serve.
 */
import {
  gateway,
  gatewayClass,
  httpRoute,
  ingress,
  service,
  type IngressInput,
  type KubeObject,
} from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { migrationCoverage, type IngressCoverage } from './ingress-coverage.ts';
import { TopologyEngine } from './index.ts';
import { listenerSet, TS_NEW, TS_OLD, upsert, withSpec } from './test-support.ts';

const HOST = 'shop.example.com';

function coverage(...objects: KubeObject[]): readonly IngressCoverage[] {
  const engine = new TopologyEngine();
  engine.apply([gatewayClass(), ...objects].map(upsert));
  return migrationCoverage(engine).coverages;
}

/** The Ingress of a row: one host, one Prefix `/cart` path to `cart:80` unless told otherwise. */
function shopIngress(input: IngressInput = {}): KubeObject {
  return ingress({
    name: 'web',
    rules: [{ host: HOST, paths: [{ path: '/cart', backend: 'cart:80' }] }],
    ...input,
  });
}

function cartRoute(input: Parameters<typeof httpRoute>[0] = {}): KubeObject {
  return httpRoute({
    name: 'cart',
    hostnames: [HOST],
    rules: [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/cart' } }],
        backendRefs: [{ name: 'cart', port: 80 }],
      },
    ],
    ...input,
  });
}

const cart = service({ name: 'cart', ports: [80, 8080] });

function verdicts(result: readonly IngressCoverage[]) {
  return result.flatMap((item) => [
    ...item.paths.map((path) => (path.verdict.served ? 'served' : path.verdict.reason)),
    ...item.tls.map((tls) => (tls.verdict.served ? 'served' : tls.verdict.reason)),
  ]);
}

describe('Ingress coverage (ingress-migration.md §D)', () => {
  it('C2: a host and Prefix path served by an accepted PathPrefix rule to the same Service and port is covered', () => {
    const [result] = coverage(gateway(), cart, shopIngress(), cartRoute());
    expect(result?.state).toBe('covered');
    expect(result?.paths[0]?.verdict).toEqual({
      served: true,
      by: {
        route: 'HTTPRoute/default/cart',
        rule: 0,
        listener: { parent: 'Gateway/default/gateway', name: 'http', protocol: 'HTTP', port: 80 },
      },
    });
  });

  it('C2 (I6, G2): Prefix /cart/ and PathPrefix /cart are equal after dropping the trailing slash', () => {
    const ing = shopIngress({ rules: [{ host: HOST, paths: [{ path: '/cart/', backend: 'cart:80' }] }] });
    expect(verdicts(coverage(gateway(), cart, ing, cartRoute()))).toEqual(['served']);
  });

  it('C2 (I5, G3): an Exact path is not served by a PathPrefix rule, and is by an Exact one', () => {
    const exact = shopIngress({
      rules: [{ host: HOST, paths: [{ path: '/cart', pathType: 'Exact', backend: 'cart:80' }] }],
    });
    expect(verdicts(coverage(gateway(), cart, exact, cartRoute()))).toEqual(['no-route']);
    const exactRoute = cartRoute({
      rules: [
        { matches: [{ path: { type: 'Exact', value: '/cart' } }], backendRefs: [{ name: 'cart', port: 80 }] },
      ],
    });
    expect(verdicts(coverage(gateway(), cart, exact, exactRoute))).toEqual(['served']);
  });

  it('C1: an Ingress none of whose keys is served is not started', () => {
    const [result] = coverage(gateway(), cart, shopIngress());
    expect(result?.state).toBe('not-started');
    expect(result?.paths[0]?.verdict).toMatchObject({
      reason: 'no-route',
      message: 'shop.example.com/cart (Prefix): no HTTPRoute serves this host and path',
    });
  });

  it('C1: an Ingress with some keys served is partial, and says which are not', () => {
    const ing = shopIngress({
      rules: [
        {
          host: HOST,
          paths: [
            { path: '/cart', backend: 'cart:80' },
            { path: '/pay', backend: 'cart:80' },
          ],
        },
      ],
    });
    const [result] = coverage(gateway(), cart, ing, cartRoute());
    expect(result?.state).toBe('partial');
    expect(result?.unserved).toBe(1);
    expect(result?.paths.map((path) => [path.field, path.verdict.served])).toEqual([
      ['spec.rules[0].http.paths[0]', true],
      ['spec.rules[0].http.paths[1]', false],
    ]);
  });

  it('C2 (G1, E6): a Route the listener rejects leaves the path unserved, with the Route and its reason', () => {
    const gw = gateway({ listeners: [{ hostname: 'other.example.com' }] });
    const [result] = coverage(gw, cart, shopIngress(), cartRoute());
    expect(result?.paths[0]?.verdict).toMatchObject({
      served: false,
      reason: 'route-rejected',
      route: 'HTTPRoute/default/cart',
      routeReason: 'NoMatchingListenerHostname',
    });
    // Objects named as every message names them: kind, then namespace/name.
    const verdict = result?.paths[0]?.verdict;
    expect(verdict && 'message' in verdict ? verdict.message : undefined).toMatch(
      /: HTTPRoute default\/cart matches it but is not accepted by Gateway default\/\S+ \(NoMatchingListenerHostname\)$/,
    );
  });

  it('C2: a Route attached to a listener of a ListenerSet serves through it like a Gateway listener', () => {
    const gw = withSpec(gateway({ listeners: [{ name: 'tcp', protocol: 'TCP', port: 9000 }] }), {
      allowedListeners: { namespaces: { from: 'Same' } },
    });
    const set = listenerSet({ name: 'shop', listeners: [{ name: 'shop-http', hostname: HOST, port: 8080 }] });
    const route = cartRoute({ parentRefs: [{ kind: 'ListenerSet', name: 'shop' }] });
    const [result] = coverage(gw, set, cart, shopIngress(), route);
    expect(result?.paths[0]?.verdict).toEqual({
      served: true,
      by: {
        route: 'HTTPRoute/default/cart',
        rule: 0,
        listener: {
          parent: 'ListenerSet/default/shop',
          name: 'shop-http',
          protocol: 'HTTP',
          port: 8080,
          hostname: HOST,
        },
      },
    });
  });

  it('C2: a rule to another Service is a different backend', () => {
    const route = cartRoute({
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/cart' } }],
          backendRefs: [{ name: 'other', port: 80 }],
        },
      ],
    });
    const [result] = coverage(gateway(), cart, service({ name: 'other' }), shopIngress(), route);
    expect(result?.paths[0]?.verdict).toMatchObject({
      reason: 'different-backend',
      route: 'HTTPRoute/default/cart',
    });
  });

  it('C2: a rule to the same Service on another port is a different port', () => {
    const route = cartRoute({
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/cart' } }],
          backendRefs: [{ name: 'cart', port: 8080 }],
        },
      ],
    });
    expect(verdicts(coverage(gateway(), cart, shopIngress(), route))).toEqual(['different-port']);
  });

  it('C2: backendRefs must carry all the weight: a split with another Service is not identical', () => {
    const route = cartRoute({
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/cart' } }],
          backendRefs: [
            { name: 'cart', port: 80, weight: 90 },
            { name: 'other', port: 80, weight: 10 },
          ],
        },
      ],
    });
    const [result] = coverage(gateway(), cart, service({ name: 'other' }), shopIngress(), route);
    expect(result?.paths[0]?.verdict).toMatchObject({ reason: 'different-backend' });
    expect(result?.paths[0]?.verdict.served === false && result.paths[0].verdict.message).toContain(
      'part of',
    );
  });

  it('C2: a backendRef that does not resolve (ResolvedRefs=False) does not serve', () => {
    expect(verdicts(coverage(gateway(), shopIngress(), cartRoute()))).toEqual(['backend-unresolved']);
  });

  it('C2 (I11, X7): a port name is the Service port of that name; a name the Service lacks is reported', () => {
    const named = withSpec(cart, { ports: [{ name: 'http', port: 80 }] });
    const ing = shopIngress({ rules: [{ host: HOST, paths: [{ path: '/cart', backend: 'cart:http' }] }] });
    expect(verdicts(coverage(gateway(), named, ing, cartRoute()))).toEqual(['served']);
    const wrong = shopIngress({ rules: [{ host: HOST, paths: [{ path: '/cart', backend: 'cart:grpc' }] }] });
    const [result] = coverage(gateway(), named, wrong, cartRoute());
    expect(result?.paths[0]?.verdict).toMatchObject({
      reason: 'port-unresolved',
      message:
        'shop.example.com/cart (Prefix): the backend\'s port "grpc" is not a port of Service/default/cart',
    });
  });

  it('C2: a match with extra header conditions does not serve every request of the path', () => {
    const route = cartRoute({
      rules: [
        {
          matches: [
            { path: { type: 'PathPrefix', value: '/cart' }, headers: [{ name: 'x-beta', value: '1' }] },
          ],
          backendRefs: [{ name: 'cart', port: 80 }],
        },
      ],
    });
    expect(verdicts(coverage(gateway(), cart, shopIngress(), route))).toEqual(['extra-conditions']);
  });

  it('I7, C6: an ImplementationSpecific path is not comparable, and says why', () => {
    const ing = shopIngress({
      rules: [
        { host: HOST, paths: [{ path: '/cart', pathType: 'ImplementationSpecific', backend: 'cart:80' }] },
      ],
    });
    const [result] = coverage(gateway(), cart, ing, cartRoute());
    expect(result?.paths[0]?.verdict).toMatchObject({ reason: 'not-comparable' });
    expect(result?.paths[0]?.verdict.served === false && result.paths[0].verdict.message).toContain(
      'ImplementationSpecific',
    );
  });

  it('C2 (I2, G1): a wildcard host is served only through the identical wildcard; a precise host through a wildcard Route', () => {
    const wild = ingress({
      name: 'wild',
      rules: [{ host: '*.example.com', paths: [{ path: '/cart', backend: 'cart:80' }] }],
    });
    const precise = shopIngress();
    const wildRoute = cartRoute({ hostnames: ['*.example.com'] });
    expect(verdicts(coverage(gateway(), cart, wild, precise, wildRoute))).toEqual(['served', 'served']);
    const preciseRoute = cartRoute();
    expect(verdicts(coverage(gateway(), cart, wild, precise, preciseRoute))).toEqual(['served', 'no-route']);
  });

  it('I9, C1: the defaultBackend is served by a catch-all rule without hostnames', () => {
    const ing = ingress({ name: 'fallback', defaultBackend: 'cart:80' });
    const catchAll = httpRoute({ name: 'all', backends: ['cart:80'] });
    expect(verdicts(coverage(gateway(), cart, ing, catchAll))).toEqual(['served']);
    expect(verdicts(coverage(gateway(), cart, ing, cartRoute()))).toEqual(['no-route']);
  });

  it('C5: a TLS host needs an accepted HTTPS listener covering it that references the Secret, with a Route on it', () => {
    const tlsIngress = shopIngress({
      tls: [{ hosts: [HOST], secretName: 'shop-tls' }],
      annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' },
    });
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'shop-tls', namespace: 'default' },
      type: 'kubernetes.io/tls',
    };
    const listeners = (certificate: string) => [
      { name: 'http' },
      { name: 'https', protocol: 'HTTPS', tls: { certificateRefs: [{ name: certificate }] } },
    ];
    expect(verdicts(coverage(gateway(), cart, tlsIngress, cartRoute()))).toEqual([
      'served',
      'no-https-listener',
    ]);
    const other = { ...secret, metadata: { ...secret.metadata, name: 'other-tls' } };
    expect(
      verdicts(
        coverage(gateway({ listeners: listeners('other-tls') }), other, cart, tlsIngress, cartRoute()),
      ),
    ).toEqual(['served', 'secret-not-referenced']);
    const [covered] = coverage(
      gateway({ listeners: listeners('shop-tls') }),
      secret,
      cart,
      tlsIngress,
      cartRoute(),
    );
    expect(covered?.state).toBe('covered');
    expect(covered?.tls[0]).toMatchObject({
      host: HOST,
      secret: 'Secret/default/shop-tls',
      verdict: { served: true },
    });
  });

  it('C4: a rule that redirects serves no backend', () => {
    const route = cartRoute({
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/cart' } }],
          filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
        },
      ],
    });
    expect(verdicts(coverage(gateway(), cart, shopIngress(), route))).toEqual(['redirects']);
  });

  it('C4: a URLRewrite is equivalent only when the Ingress asked for a rewrite', () => {
    const route = cartRoute({
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/cart' } }],
          filters: [
            {
              type: 'URLRewrite',
              urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } },
            },
          ],
          backendRefs: [{ name: 'cart', port: 80 }],
        },
      ],
    });
    expect(verdicts(coverage(gateway(), cart, shopIngress(), route))).toEqual(['rewrites']);
    const asked = shopIngress({ annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/' } });
    expect(verdicts(coverage(gateway(), cart, asked, route))).toEqual(['served']);
  });

  it('C3: an older Route with the identical match on the same listener captures the requests', () => {
    const older = cartRoute({
      name: 'older',
      creationTimestamp: TS_OLD,
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/cart' } }],
          backendRefs: [{ name: 'other', port: 80 }],
        },
      ],
    });
    const newer = cartRoute({ name: 'newer', creationTimestamp: TS_NEW });
    const [result] = coverage(gateway(), cart, service({ name: 'other' }), shopIngress(), older, newer);
    expect(result?.paths[0]?.verdict).toMatchObject({
      reason: 'different-backend',
      route: 'HTTPRoute/default/older',
    });
  });

  it('sums coverage per namespace and for the cluster, listing what remains', () => {
    const shop = (name: string, namespace: string) =>
      shopIngress({
        name,
        namespace,
        rules: [{ host: HOST, paths: [{ path: '/cart', backend: 'cart:80' }] }],
      });
    const engine = new TopologyEngine();
    engine.apply(
      [
        gatewayClass(),
        gateway({ listeners: [{ allowedRoutes: { namespaces: { from: 'All' } } }] }),
        service({ name: 'cart', namespace: 'a' }),
        shop('done', 'a'),
        shop('todo', 'b'),
        httpRoute({
          name: 'cart',
          namespace: 'a',
          hostnames: [HOST],
          parentRefs: [{ name: 'gateway', namespace: 'default' }],
          rules: [
            {
              matches: [{ path: { type: 'PathPrefix', value: '/cart' } }],
              backendRefs: [{ name: 'cart', port: 80 }],
            },
          ],
        }),
      ].map(upsert),
    );
    expect(migrationCoverage(engine).summary).toEqual({
      total: 2,
      covered: 1,
      partial: 0,
      notStarted: 1,
      namespaces: [
        { namespace: 'a', total: 1, covered: 1, partial: 0, notStarted: 0, remaining: [] },
        {
          namespace: 'b',
          total: 1,
          covered: 0,
          partial: 0,
          notStarted: 1,
          remaining: [{ key: 'Ingress/b/todo', state: 'not-started', unserved: 1 }],
        },
      ],
    });
  });
});

describe('the HTTPS redirect of a TLS host (C5)', () => {
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'shop-tls', namespace: 'default' },
    type: 'kubernetes.io/tls',
  };
  const tlsGateway = gateway({
    listeners: [
      { name: 'http' },
      { name: 'https', protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'shop-tls' }] } },
    ],
  });
  const onHttps = cartRoute({ parentRefs: [{ name: 'gateway', sectionName: 'https' }] });
  const redirect = httpRoute({
    name: 'redirect',
    hostnames: [HOST],
    parentRefs: [{ name: 'gateway', sectionName: 'http' }],
    rules: [
      { filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } }] },
    ],
  });

  it('is a key of its own: without a redirect on HTTP the Ingress is partial', () => {
    const tlsIngress = shopIngress({ tls: [{ hosts: [HOST], secretName: 'shop-tls' }] });
    const [result] = coverage(tlsGateway, secret, cart, tlsIngress, onHttps);
    expect(result?.state).toBe('partial');
    expect(result?.tls.map((item) => [item.aspect, item.verdict.served])).toEqual([
      ['certificate', true],
      ['redirect', false],
    ]);
    const [covered] = coverage(tlsGateway, secret, cart, tlsIngress, onHttps, redirect);
    expect(covered?.state).toBe('covered');
  });

  it('is not asked for with ssl-redirect "false", and is asked for every host with force-ssl-redirect', () => {
    const optOut = shopIngress({
      tls: [{ hosts: [HOST], secretName: 'shop-tls' }],
      annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' },
    });
    // E14: opting out keeps plain HTTP, so the path must be served on an HTTP listener as well.
    expect(verdicts(coverage(tlsGateway, secret, cart, optOut, onHttps))).toEqual(['https-only', 'served']);
    expect(coverage(tlsGateway, secret, cart, optOut, cartRoute())[0]?.state).toBe('covered');
    const forced = shopIngress({ annotations: { 'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true' } });
    const [result] = coverage(tlsGateway, secret, cart, forced, onHttps);
    expect(result?.tls).toEqual([
      {
        field: 'metadata.annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"]',
        host: HOST,
        aspect: 'redirect',
        verdict: {
          served: false,
          reason: 'no-https-redirect',
          message:
            'shop.example.com/cart: plain HTTP requests are not redirected to HTTPS, as ingress-nginx does for a TLS host unless ssl-redirect is "false"',
        },
      },
    ]);
  });
});

describe('Ingresses with nothing to compare', () => {
  it('I3: a rule without http is a catch-all left to the controller, not comparable', () => {
    const [result] = coverage(gateway(), ingress({ name: 'bare', rules: [{ host: HOST }] }));
    expect(result?.paths).toEqual([
      {
        field: 'spec.rules[0]',
        host: HOST,
        pathType: 'Prefix',
        path: '/',
        verdict: {
          served: false,
          reason: 'not-comparable',
          message:
            'shop.example.com: a rule without http is a catch-all whose backend is left to the controller',
        },
      },
    ]);
    expect(result?.state).toBe('not-started');
  });

  it('I9: an Ingress with neither rules nor defaultBackend is never called covered', () => {
    const [result] = coverage(gateway(), { ...ingress({ name: 'empty' }), spec: {} });
    expect(result?.state).toBe('not-started');
    expect(result?.unserved).toBe(0);
  });
});
