/**
 * Which listeners a Route attaches to (section G): sectionName, port, allowedRoutes, TLSRoutes on
 * listeners that are not TLS, and HTTPRoutes and GRPCRoutes claiming one hostname.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import {
  gateway,
  gatewayClass,
  grpcRoute,
  httpRoute,
  namespace,
  secret,
  service,
  tcpRoute,
  tlsRoute,
} from '@gatemap/fixtures';
import {
  allowAll,
  base,
  https,
  listenerSet,
  ROUTE,
  testRules,
  TS_NEW,
  TS_OLD,
  type Row,
} from './test-support.ts';

export const rows: readonly Row[] = [
  // G. Route attachment
  {
    rule: 'R38',
    title: 'a sectionName naming no listener is NoMatchingParent',
    objects: [...base, httpRoute({ parentRefs: [{ name: 'gateway', sectionName: 'nope' }] })],
    expect: [
      { at: 'parent', conditions: ['Accepted=False/NoMatchingParent', 'ResolvedRefs=True/ResolvedRefs'] },
      { at: 'listener', name: 'http', attachedRoutes: 0 },
      { at: 'finding', key: ROUTE, slug: 'route-not-accepted', field: 'spec.parentRefs[0]' },
    ],
  },
  {
    rule: 'R38',
    title: "a ListenerSet's listener is not reachable through a Gateway parentRef",
    objects: [
      gatewayClass(),
      gateway({ spec: { allowedListeners: { namespaces: { from: 'Same' } } } }),
      listenerSet(),
      service(),
      httpRoute({ parentRefs: [{ name: 'gateway', sectionName: 'extra' }] }),
    ],
    expect: [{ at: 'parent', conditions: ['Accepted=False/NoMatchingParent'] }],
  },
  {
    rule: 'R38',
    title: 'a sectionName attaches to that listener only',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ name: 'a' }, { name: 'b', port: 8080 }] }),
      service(),
      httpRoute({ parentRefs: [{ name: 'gateway', sectionName: 'b' }] }),
    ],
    expect: [
      { at: 'listener', name: 'a', attachedRoutes: 0 },
      { at: 'listener', name: 'b', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R39',
    title: 'a port with no listener is NoMatchingParent',
    objects: [...base, httpRoute({ parentRefs: [{ name: 'gateway', port: 81 }] })],
    expect: [
      { at: 'parent', conditions: ['Accepted=False/NoMatchingParent', 'ResolvedRefs=True/ResolvedRefs'] },
      { at: 'listener', name: 'http', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R39',
    title: 'a sectionName and a port that name different listeners are NoMatchingParent',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ allowedRoutes: allowAll }] }),
      service(),
      httpRoute({ parentRefs: [{ name: 'gateway', sectionName: 'http', port: 81 }] }),
    ],
    expect: [{ at: 'parent', conditions: ['Accepted=False/NoMatchingParent'] }],
  },
  {
    rule: 'R39',
    title: 'a port attaches to every allowing listener on it',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'a', hostname: 'a.example.com' },
          { name: 'b', hostname: 'b.example.com' },
          { name: 'c', port: 8080 },
        ],
      }),
      service(),
      httpRoute({ parentRefs: [{ name: 'gateway', port: 80 }] }),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=True/Accepted'] },
      { at: 'listener', name: 'a', attachedRoutes: 1 },
      { at: 'listener', name: 'b', attachedRoutes: 1 },
      { at: 'listener', name: 'c', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R40',
    title: 'without sectionName or port one allowing listener suffices',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ name: 'http' }, { name: 'tcp', protocol: 'TCP', port: 9000 }] }),
      service(),
      httpRoute(),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=True/Accepted'] },
      { at: 'listener', name: 'http', attachedRoutes: 1 },
      { at: 'listener', name: 'tcp', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R40',
    title: 'a TCPRoute without sectionName attaches to every TCP listener',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'tcp-1', protocol: 'TCP', port: 9000 },
          { name: 'tcp-2', protocol: 'TCP', port: 9001 },
        ],
      }),
      service(),
      tcpRoute(),
    ],
    expect: [
      { at: 'parent', key: 'TCPRoute/default/tcproute', conditions: ['Accepted=True/Accepted'] },
      { at: 'listener', name: 'tcp-1', attachedRoutes: 1 },
      { at: 'listener', name: 'tcp-2', attachedRoutes: 1 },
    ],
  },
  ...(
    [
      ['from All admits any namespace', { from: 'All' }, [], 'Accepted=True/Accepted'],
      [
        'a matchLabels selector matches Namespace labels',
        { from: 'Selector', selector: { matchLabels: { team: 'a' } } },
        [namespace({ name: 'apps', labels: { team: 'a' } })],
        'Accepted=True/Accepted',
      ],
      [
        'a matchLabels selector rejects other labels',
        { from: 'Selector', selector: { matchLabels: { team: 'a' } } },
        [namespace({ name: 'apps', labels: { team: 'b' } })],
        'Accepted=False/NotAllowedByListeners',
      ],
      [
        'kubernetes.io/metadata.name is synthesized for an absent Namespace',
        { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } } },
        [],
        'Accepted=True/Accepted',
      ],
      [
        'matchExpressions In matches',
        {
          from: 'Selector',
          selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'stage'] }] },
        },
        [namespace({ name: 'apps', labels: { env: 'prod' } })],
        'Accepted=True/Accepted',
      ],
      [
        'matchExpressions NotIn rejects a listed value',
        {
          from: 'Selector',
          selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
        },
        [namespace({ name: 'apps', labels: { env: 'prod' } })],
        'Accepted=False/NotAllowedByListeners',
      ],
      [
        'matchExpressions NotIn admits a namespace without the label',
        {
          from: 'Selector',
          selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
        },
        [],
        'Accepted=True/Accepted',
      ],
      [
        'matchExpressions Exists requires the label',
        { from: 'Selector', selector: { matchExpressions: [{ key: 'env', operator: 'Exists' }] } },
        [],
        'Accepted=False/NotAllowedByListeners',
      ],
      [
        'matchExpressions DoesNotExist rejects a labelled namespace',
        { from: 'Selector', selector: { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] } },
        [namespace({ name: 'apps', labels: { env: 'dev' } })],
        'Accepted=False/NotAllowedByListeners',
      ],
      [
        'matchLabels and matchExpressions must both hold',
        {
          from: 'Selector',
          selector: {
            matchLabels: { team: 'a' },
            matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }],
          },
        },
        [namespace({ name: 'apps', labels: { team: 'a', env: 'dev' } })],
        'Accepted=False/NotAllowedByListeners',
      ],
    ] as const
  ).map(([title, namespaces, extra, accepted]): Row => ({
    rule: 'R41',
    title,
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ allowedRoutes: { namespaces } }] }),
      service({ namespace: 'apps' }),
      ...extra,
      httpRoute({ namespace: 'apps', parentRefs: [{ name: 'gateway', namespace: 'default' }] }),
    ],
    expect: [{ at: 'parent', key: 'HTTPRoute/apps/httproute', conditions: [accepted] }],
  })),
  {
    rule: 'R41',
    title: "from Same on a ListenerSet listener means the ListenerSet's namespace",
    objects: [
      gatewayClass(),
      gateway({ spec: { allowedListeners: { namespaces: { from: 'All' } } } }),
      listenerSet({ namespace: 'apps' }),
      service(),
      service({ namespace: 'apps' }),
      httpRoute({ name: 'same', namespace: 'apps', parentRefs: [{ kind: 'ListenerSet', name: 'set' }] }),
      httpRoute({ name: 'other', parentRefs: [{ kind: 'ListenerSet', name: 'set', namespace: 'apps' }] }),
    ],
    expect: [
      { at: 'parent', key: 'HTTPRoute/apps/same', conditions: ['Accepted=True/Accepted'] },
      { at: 'parent', key: 'HTTPRoute/default/other', conditions: ['Accepted=False/NotAllowedByListeners'] },
      { at: 'listener', of: 'ListenerSet/apps/set', name: 'extra', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R42',
    title: 'a TLSRoute on an HTTP listener is NotAllowedByListeners',
    objects: [...base, tlsRoute({ hostnames: ['tls.example.com'] })],
    expect: [
      {
        at: 'parent',
        key: 'TLSRoute/default/tlsroute',
        conditions: ['Accepted=False/NotAllowedByListeners'],
      },
    ],
  },
  {
    rule: 'R42',
    title: 'a TLSRoute on an HTTPS listener is NotAllowedByListeners',
    objects: [
      gatewayClass(),
      gateway({ listeners: [https] }),
      secret(),
      service(),
      tlsRoute({ hostnames: ['tls.example.com'] }),
    ],
    expect: [
      {
        at: 'parent',
        key: 'TLSRoute/default/tlsroute',
        conditions: ['Accepted=False/NotAllowedByListeners'],
      },
      { at: 'listener', name: 'https', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R44',
    title: 'an older HTTPRoute wins over a GRPCRoute with an intersecting hostname on one listener',
    objects: [
      ...base,
      httpRoute({ hostnames: ['api.example.com'], creationTimestamp: TS_OLD }),
      grpcRoute({ hostnames: ['api.example.com'], creationTimestamp: TS_NEW }),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=True/Accepted'] },
      { at: 'parent', key: 'GRPCRoute/default/grpcroute', conditions: ['Accepted=False'] },
      { at: 'listener', name: 'http', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R44',
    title: 'with equal age the HTTPRoute/GRPCRoute clash goes to namespace/name order',
    objects: [
      ...base,
      grpcRoute({ name: 'a', hostnames: ['api.example.com'] }),
      httpRoute({ name: 'b', hostnames: ['api.example.com'] }),
    ],
    expect: [
      { at: 'parent', key: 'GRPCRoute/default/a', conditions: ['Accepted=True/Accepted'] },
      { at: 'parent', key: 'HTTPRoute/default/b', conditions: ['Accepted=False'] },
    ],
  },
  {
    rule: 'R44',
    title: 'an HTTPRoute and a GRPCRoute with disjoint hostnames are both accepted',
    objects: [
      ...base,
      httpRoute({ hostnames: ['web.example.com'] }),
      grpcRoute({ hostnames: ['api.example.com'] }),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=True/Accepted'] },
      { at: 'parent', key: 'GRPCRoute/default/grpcroute', conditions: ['Accepted=True/Accepted'] },
      { at: 'listener', name: 'http', attachedRoutes: 2 },
    ],
  },
];

testRules({ title: 'status rules: Route listeners (R38–R42, R44)', rows, file: import.meta.filename });
