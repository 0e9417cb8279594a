/**
 * Listeners (sections C and F): what the API server rejects, protocol support, supported kinds,
 * namespace selectors, TLS mode, hostnames on TCP, overlapping TLS configuration and the final
 * conditions.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import { gateway, gatewayClass, httpRoute, secret, service, tcpRoute } from '@gatemap/fixtures';
import { allowAll, GW, https, testRules, type Row } from './test-support.ts';

export const rows: readonly Row[] = [
  // C. Admission
  {
    rule: 'R8',
    title: 'tls on an HTTP listener is rejected at admission',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ tls: { certificateRefs: [{ name: 'tls' }] } }] }),
      secret(),
    ],
    expect: [{ at: 'finding', key: GW, slug: 'admission-rejected', field: 'spec.listeners[0].tls' }],
  },
  {
    rule: 'R8',
    title: 'an HTTPS listener in Passthrough mode is rejected at admission',
    objects: [gatewayClass(), gateway({ listeners: [{ protocol: 'HTTPS', tls: { mode: 'Passthrough' } }] })],
    expect: [{ at: 'finding', key: GW, slug: 'admission-rejected', field: 'spec.listeners[0].tls.mode' }],
  },
  {
    rule: 'R8',
    title: 'a Terminate listener without certificateRefs or options is rejected at admission',
    objects: [gatewayClass(), gateway({ listeners: [{ protocol: 'HTTPS', tls: { mode: 'Terminate' } }] })],
    expect: [{ at: 'finding', key: GW, slug: 'admission-rejected', field: 'spec.listeners[0].tls' }],
  },

  // F. Listener
  {
    rule: 'R23',
    title: 'an unknown protocol is UnsupportedProtocol with no kinds and no routes',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ name: 'invalid', protocol: 'INVALID', port: 1111, allowedRoutes: allowAll }] }),
      service(),
      httpRoute(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'invalid',
        conditions: ['Accepted=False/UnsupportedProtocol'],
        supportedKinds: [],
        attachedRoutes: 0,
      },
      { at: 'parent', conditions: ['Accepted=False/NotAllowedByListeners'] },
    ],
  },
  {
    rule: 'R24',
    title: 'supported kinds default per protocol and TLS mode',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'http', port: 80 },
          { name: 'https', protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ name: 'tls' }] } },
          { name: 'passthrough', protocol: 'TLS', port: 8443, tls: { mode: 'Passthrough' } },
          { name: 'terminate', protocol: 'TLS', port: 9443, tls: { certificateRefs: [{ name: 'tls' }] } },
          { name: 'tcp', protocol: 'TCP', port: 9000 },
          { name: 'udp', protocol: 'UDP', port: 9001 },
        ],
      }),
      secret(),
    ],
    expect: [
      { at: 'listener', name: 'http', supportedKinds: ['HTTPRoute', 'GRPCRoute'] },
      { at: 'listener', name: 'https', supportedKinds: ['HTTPRoute', 'GRPCRoute'] },
      { at: 'listener', name: 'passthrough', supportedKinds: ['TLSRoute'] },
      { at: 'listener', name: 'terminate', supportedKinds: ['TLSRoute'] },
      { at: 'listener', name: 'tcp', supportedKinds: ['TCPRoute'] },
      { at: 'listener', name: 'udp', supportedKinds: ['UDPRoute'] },
    ],
  },
  {
    rule: 'R25',
    title: 'only unknown kinds leave supportedKinds empty with InvalidRouteKinds',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [{ allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ kind: 'InvalidRoute' }] } }],
      }),
      service(),
      httpRoute(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'http',
        conditions: ['ResolvedRefs=False/InvalidRouteKinds'],
        supportedKinds: [],
        attachedRoutes: 0,
      },
      {
        at: 'finding',
        key: GW,
        slug: 'listener-invalid-route-kinds',
        field: 'spec.listeners[0].allowedRoutes.kinds',
      },
    ],
  },
  {
    rule: 'R25',
    title: 'supportedKinds keeps the valid entries next to an unknown kind',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [{ allowedRoutes: { kinds: [{ kind: 'InvalidRoute' }, { kind: 'HTTPRoute' }] } }],
      }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'http',
        conditions: ['ResolvedRefs=False/InvalidRouteKinds'],
        supportedKinds: ['HTTPRoute'],
      },
    ],
  },
  {
    rule: 'R25',
    title: 'TCPRoute is an invalid kind on a TLS Passthrough listener',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          {
            protocol: 'TLS',
            tls: { mode: 'Passthrough' },
            allowedRoutes: { kinds: [{ kind: 'TCPRoute' }, { kind: 'TLSRoute' }] },
          },
        ],
      }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'tls',
        conditions: ['ResolvedRefs=False/InvalidRouteKinds@spec'],
        supportedKinds: ['TLSRoute'],
      },
    ],
  },
  {
    rule: 'R25',
    title:
      "TCPRoute on a TLS Terminate listener is the implementation's choice, for the listener and the Route",
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          {
            protocol: 'TLS',
            port: 5432,
            tls: { mode: 'Terminate', certificateRefs: [{ name: 'tls' }] },
            allowedRoutes: { kinds: [{ kind: 'TCPRoute' }] },
          },
        ],
      }),
      secret(),
      service(),
      tcpRoute(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'tls',
        conditions: [
          'ResolvedRefs=False/InvalidRouteKinds@implementation[ResolvedRefs]',
          'Programmed=False/Invalid@implementation[Programmed]',
        ],
        supportedKinds: [],
        attachedRoutes: 0,
      },
      {
        at: 'parent',
        key: 'TCPRoute/default/tcproute',
        conditions: ['Accepted=False/NotAllowedByListeners@implementation[Accepted]'],
      },
      { at: 'finding', key: GW, slug: 'listener-invalid-route-kinds' },
    ],
  },
  {
    rule: 'R25',
    title: 'an invalid route kind and a certificate without a ReferenceGrant compete for ResolvedRefs',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          {
            ...https,
            tls: { certificateRefs: [{ name: 'shared-cert', namespace: 'team-a' }] },
            allowedRoutes: { kinds: [{ kind: 'TCPRoute' }] },
          },
        ],
      }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'https',
        conditions: [
          'ResolvedRefs=False/InvalidRouteKinds@implementation[RefNotPermitted] ~Route kinds TCPRoute',
        ],
      },
      { at: 'finding', key: GW, slug: 'listener-invalid-route-kinds' },
      { at: 'finding', key: GW, slug: 'listener-reference-not-permitted' },
    ],
  },
  {
    rule: 'R25',
    title: 'a listed kind in another group is invalid',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ allowedRoutes: { kinds: [{ group: 'example.com', kind: 'HTTPRoute' }] } }] }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'http',
        conditions: ['ResolvedRefs=False/InvalidRouteKinds'],
        supportedKinds: [],
      },
    ],
  },
  {
    rule: 'R25',
    title: 'a Route kind the listener does not list cannot attach',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ allowedRoutes: { kinds: [{ kind: 'GRPCRoute' }] } }] }),
      service(),
      httpRoute(),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=False/NotAllowedByListeners'] },
      { at: 'listener', name: 'http', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R26',
    title: 'from Selector without a selector admits no namespace',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ allowedRoutes: { namespaces: { from: 'Selector' } } }] }),
      service(),
      httpRoute(),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=False/NotAllowedByListeners'] },
      {
        at: 'finding',
        key: GW,
        slug: 'listener-invalid',
        field: 'spec.listeners[0].allowedRoutes.namespaces.selector',
      },
    ],
  },
  {
    rule: 'R26',
    title: 'a selector with an unknown operator admits no namespace',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          {
            allowedRoutes: {
              namespaces: {
                from: 'Selector',
                selector: { matchExpressions: [{ key: 'a', operator: 'Near' }] },
              },
            },
          },
        ],
      }),
      service(),
      httpRoute(),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=False/NotAllowedByListeners'] },
      { at: 'finding', key: GW, slug: 'listener-invalid' },
    ],
  },
  {
    rule: 'R27',
    title: 'an HTTPS listener without tls is invalid and not programmed',
    objects: [gatewayClass(), gateway({ listeners: [{ protocol: 'HTTPS' }] })],
    expect: [
      { at: 'finding', key: GW, slug: 'admission-rejected', field: 'spec.listeners[0].tls' },
      { at: 'listener', name: 'https', conditions: ['Programmed=False/Invalid'] },
    ],
  },
  {
    rule: 'R27',
    title: 'TLS Terminate is UnsupportedValue where the implementation lacks it',
    options: { tlsTerminate: false },
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { protocol: 'TLS', port: 8443, tls: { mode: 'Terminate', certificateRefs: [{ name: 'tls' }] } },
        ],
      }),
      secret(),
    ],
    expect: [
      { at: 'listener', name: 'tls', conditions: ['Accepted=False/UnsupportedValue'], attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R27',
    title: 'a Passthrough listener with certificateRefs is invalid',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [{ protocol: 'TLS', tls: { mode: 'Passthrough', certificateRefs: [{ name: 'tls' }] } }],
      }),
      secret(),
    ],
    expect: [
      { at: 'listener', name: 'tls', conditions: ['Programmed=False/Invalid'] },
      { at: 'finding', key: GW, slug: 'listener-invalid', field: 'spec.listeners[0]' },
    ],
  },
  {
    rule: 'R30',
    title: 'a hostname on a TCP listener is rejected and the listener is not programmed',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ protocol: 'TCP', port: 9000, hostname: 'tcp.example.com' }] }),
    ],
    expect: [
      { at: 'finding', key: GW, slug: 'admission-rejected', field: 'spec.listeners[0].hostname' },
      { at: 'listener', name: 'tcp', conditions: ['Programmed=False/Invalid'] },
    ],
  },
  {
    rule: 'R32',
    title: 'an HTTPS wildcard covering another HTTPS hostname on the port overlaps on both',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { ...https, name: 'wild', hostname: '*.example.com' },
          { ...https, name: 'foo', hostname: 'foo.example.com' },
        ],
      }),
      secret(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'wild',
        conditions: [
          'OverlappingTLSConfig=True/OverlappingHostnames',
          'Conflicted=False/NoConflicts',
          'Accepted=True/Accepted',
        ],
      },
      { at: 'listener', name: 'foo', conditions: ['OverlappingTLSConfig=True/OverlappingHostnames'] },
      { at: 'finding', key: GW, slug: 'overlapping-tls-config' },
    ],
  },
  {
    rule: 'R32',
    title: 'an HTTPS listener without hostname overlaps every HTTPS listener on its port',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { ...https, name: 'any' },
          { ...https, name: 'foo', hostname: 'foo.example.com' },
        ],
      }),
      secret(),
    ],
    expect: [
      { at: 'listener', name: 'any', conditions: ['OverlappingTLSConfig=True/OverlappingHostnames'] },
      { at: 'listener', name: 'foo', conditions: ['OverlappingTLSConfig=True/OverlappingHostnames'] },
    ],
  },
  {
    rule: 'R32',
    title: 'HTTPS listeners on different ports do not overlap',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { ...https, name: 'wild', hostname: '*.example.com' },
          { ...https, name: 'foo', port: 8443, hostname: 'foo.example.com' },
        ],
      }),
      secret(),
    ],
    expect: [
      { at: 'listener', name: 'wild', conditions: ['!OverlappingTLSConfig'] },
      { at: 'listener', name: 'foo', conditions: ['!OverlappingTLSConfig'] },
    ],
  },
  {
    rule: 'R32',
    title: 'a wildcard does not overlap a hostname two labels deeper (certificate semantics, EG)',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { ...https, name: 'wild', hostname: '*.example.com' },
          { ...https, name: 'deep', hostname: 'a.b.example.com' },
        ],
      }),
      secret(),
    ],
    expect: [
      { at: 'listener', name: 'wild', conditions: ['!OverlappingTLSConfig'] },
      { at: 'listener', name: 'deep', conditions: ['!OverlappingTLSConfig'] },
    ],
  },
  {
    rule: 'R32',
    title: 'HTTP listeners never get OverlappingTLSConfig',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'wild', hostname: '*.example.com' },
          { name: 'foo', hostname: 'foo.example.com' },
        ],
      }),
    ],
    expect: [
      { at: 'listener', name: 'wild', conditions: ['!OverlappingTLSConfig'] },
      { at: 'listener', name: 'foo', conditions: ['!OverlappingTLSConfig'] },
    ],
  },
  {
    rule: 'R33',
    title: 'a listener without problems is Accepted, resolved, not conflicted and Programmed at runtime',
    objects: [gatewayClass(), gateway()],
    expect: [
      {
        at: 'listener',
        name: 'http',
        conditions: [
          'Accepted=True/Accepted@spec',
          'ResolvedRefs=True/ResolvedRefs',
          'Conflicted=False/NoConflicts',
          'Programmed=Unknown/Pending@runtime',
        ],
      },
    ],
  },
  {
    rule: 'R33',
    title: 'a listener that is not Accepted is still listed in status.listeners',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{}, { name: 'invalid', protocol: 'INVALID', port: 1111 }] }),
    ],
    expect: [
      { at: 'gateway', listeners: ['http', 'invalid'] },
      { at: 'listener', name: 'invalid', attachedRoutes: 0 },
    ],
  },
];

testRules({
  title: 'status rules: listeners (R8, R11, R23–R27, R30, R32, R33)',
  rows,
  file: import.meta.filename,
});
