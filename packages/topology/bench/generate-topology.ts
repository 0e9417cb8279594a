/**
 * Generates a realistic Gateway API estate of a given size: shared Gateways with several
 * listeners, one namespace per 50 Routes, Routes with canary splits, some cross-namespace
 * backends behind ReferenceGrants (and some without), a few rejected attachments.
 */
export function generateTopology(routes: number): unknown[] {
  return [...generateObjects(routes)];
}

/** The same estate, one object at a time, as a server receives them. */
export function* generateObjects(routes: number): Generator<unknown> {
  const gateways = Math.max(2, Math.round(routes / 2500));
  yield {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name: 'bench' },
    spec: { controllerName: 'example.com/bench' },
  };
  yield {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'infra', labels: { team: 'platform' } },
  };
  for (let g = 0; g < gateways; g++) {
    yield {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: `gw-${g}`, namespace: 'infra', generation: 1 },
      spec: {
        gatewayClassName: 'bench',
        listeners: [
          { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
          {
            name: 'https',
            port: 443,
            protocol: 'HTTPS',
            hostname: `*.zone${g}.example.com`,
            tls: { certificateRefs: [{ name: `cert-${g}` }] },
            allowedRoutes: {
              namespaces: { from: 'Selector', selector: { matchLabels: { 'gateway-access': 'yes' } } },
            },
          },
          {
            name: 'internal',
            port: 8080,
            protocol: 'HTTP',
            hostname: `internal${g}.example.com`,
            allowedRoutes: { namespaces: { from: 'Same' } },
          },
        ],
      },
    };
    yield {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `cert-${g}`, namespace: 'infra' },
      type: 'kubernetes.io/tls',
    };
  }
  const namespaces = Math.ceil(routes / 50);
  for (let n = 0; n < namespaces; n++) {
    yield {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `app-${n}`, labels: n % 10 === 9 ? {} : { 'gateway-access': 'yes' } },
    };
    // Every namespace exposes its services to the next one.
    yield {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'allow-neighbour', namespace: `app-${n}` },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: `app-${n + 1}` }],
        to: [{ group: '', kind: 'Service' }],
      },
    };
  }
  for (let r = 0; r < routes; r++) {
    const n = Math.floor(r / 50);
    const namespace = `app-${n}`;
    const g = r % gateways;
    yield {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `svc-${r}`, namespace },
      spec: { ports: [{ port: 8080, protocol: 'TCP' }] },
    };
    const crossNamespace = r % 7 === 0 && n > 0;
    const backends = [
      { name: `svc-${r}`, port: 8080, weight: 90 },
      crossNamespace
        ? { name: `svc-${r - 50}`, namespace: `app-${n - 1}`, port: 8080, weight: 10 }
        : { name: `svc-${r}-canary`, port: 8080, weight: 10 },
    ];
    if (!crossNamespace && r % 100 !== 0) {
      // One Route in a hundred sends its canary share to a Service that does not exist.
      yield {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `svc-${r}-canary`, namespace },
        spec: { ports: [{ port: 8080, protocol: 'TCP' }] },
      };
    }
    yield {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: `route-${r}`, namespace, generation: 1 },
      spec: {
        parentRefs: [{ name: `gw-${g}`, namespace: 'infra', sectionName: 'https' }],
        hostnames: [r % 13 === 0 ? `app${r}.elsewhere.org` : `app${r}.zone${g}.example.com`],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: `/r${r}` } }], backendRefs: backends }],
      },
    };
  }
}
