/**
 * Route hostnames (section G): the intersection of a Route's hostnames with its listeners'.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import { gateway, gatewayClass, httpRoute, service, tlsRoute } from '@gatemap/fixtures';
import { testRules, type Row } from './test-support.ts';

/** A Gateway with one listener, and an HTTPRoute with hostnames attached to it (R43). */
function hostnameRow(
  title: string,
  listenerHostname: string | undefined,
  routeHostnames: string[] | undefined,
  accepted: string,
): Row {
  return {
    rule: 'R43',
    title,
    objects: [
      gatewayClass(),
      gateway({ listeners: [listenerHostname ? { hostname: listenerHostname } : {}] }),
      service(),
      httpRoute(routeHostnames ? { hostnames: routeHostnames } : {}),
    ],
    expect: [
      { at: 'parent', conditions: [accepted] },
      { at: 'listener', name: 'http', attachedRoutes: accepted.startsWith('Accepted=True') ? 1 : 0 },
    ],
  };
}

export const rows: readonly Row[] = [
  // G. Route attachment
  hostnameRow(
    'a listener wildcard matches a Route hostname several labels deeper',
    '*.example.com',
    ['foo.bar.example.com'],
    'Accepted=True/Accepted',
  ),
  hostnameRow(
    'a listener wildcard does not match its bare domain',
    '*.example.com',
    ['example.com'],
    'Accepted=False/NoMatchingListenerHostname',
  ),
  hostnameRow(
    'a listener wildcard matches only on a label boundary',
    '*.example.com',
    ['fooexample.com'],
    'Accepted=False/NoMatchingListenerHostname',
  ),
  hostnameRow(
    'a Route wildcard matches a listener hostname under it',
    'very.specific.com',
    ['*.specific.com'],
    'Accepted=True/Accepted',
  ),
  hostnameRow(
    'a wider Route wildcard intersects a listener wildcard',
    '*.example.com',
    ['*.com'],
    'Accepted=True/Accepted',
  ),
  hostnameRow(
    'a narrower Route wildcard intersects a wider listener wildcard',
    '*.com',
    ['*.example.com'],
    'Accepted=True/Accepted',
  ),
  hostnameRow(
    'disjoint wildcards do not intersect',
    '*.example.com',
    ['*.example.org'],
    'Accepted=False/NoMatchingListenerHostname',
  ),
  hostnameRow(
    'a listener without hostname matches any Route hostname',
    undefined,
    ['anything.example.io'],
    'Accepted=True/Accepted',
  ),
  hostnameRow(
    'a Route without hostnames matches any listener hostname',
    'foo.example.com',
    undefined,
    'Accepted=True/Accepted',
  ),
  hostnameRow(
    'non-intersecting Route hostnames are ignored when one intersects',
    'foo.example.com',
    ['other.example.org', 'foo.example.com'],
    'Accepted=True/Accepted',
  ),
  {
    rule: 'R43',
    title: 'only listeners whose hostname intersects count the Route',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'a', hostname: 'a.example.com' },
          { name: 'b', hostname: 'b.example.com' },
        ],
      }),
      service(),
      httpRoute({ hostnames: ['a.example.com'] }),
    ],
    expect: [
      { at: 'listener', name: 'a', attachedRoutes: 1 },
      { at: 'listener', name: 'b', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R43',
    title: 'a TLSRoute whose hostnames miss the TLS listener is NoMatchingListenerHostname',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [{ protocol: 'TLS', hostname: 'www.example.com', tls: { mode: 'Passthrough' } }],
      }),
      service({ ports: [443] }),
      tlsRoute({ hostnames: ['www.nomatch.com', '*.nomatch.com'], backends: ['backend:443'] }),
    ],
    expect: [
      {
        at: 'parent',
        key: 'TLSRoute/default/tlsroute',
        conditions: ['Accepted=False/NoMatchingListenerHostname'],
      },
      { at: 'listener', name: 'tls', attachedRoutes: 0 },
    ],
  },
];

testRules({ title: 'status rules: Route hostnames (R43)', rows, file: import.meta.filename });
