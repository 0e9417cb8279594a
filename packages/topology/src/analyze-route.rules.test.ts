/**
 * attachedRoutes (section F): which Routes a listener counts.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import { gateway, gatewayClass, httpRoute, service, tcpRoute } from '@gatemap/fixtures';
import { base, ROUTE, testRules, TS_NEW, TS_OLD, type Row } from './test-support.ts';

export const rows: readonly Row[] = [
  // F. Listener
  {
    rule: 'R34',
    title: 'attachedRoutes counts every accepted Route',
    objects: [...base, httpRoute({ name: 'one' }), httpRoute({ name: 'two' })],
    expect: [{ at: 'listener', name: 'http', attachedRoutes: 2 }],
  },
  {
    rule: 'R34',
    title: 'a Route with parentRefs to two listeners counts once on each',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ name: 'a' }, { name: 'b', port: 8080 }] }),
      service(),
      httpRoute({
        parentRefs: [
          { name: 'gateway', sectionName: 'a' },
          { name: 'gateway', sectionName: 'b' },
        ],
      }),
    ],
    expect: [
      { at: 'listener', name: 'a', attachedRoutes: 1 },
      { at: 'listener', name: 'b', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R34',
    title: 'a Route selecting one listener through two parentRefs counts once',
    objects: [
      ...base,
      httpRoute({
        parentRefs: [
          { name: 'gateway', sectionName: 'http' },
          { name: 'gateway', port: 80 },
        ],
      }),
    ],
    expect: [{ at: 'listener', name: 'http', attachedRoutes: 1 }],
  },
  {
    rule: 'R34',
    title: 'several TCPRoutes on one TCP listener are all accepted and counted',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ protocol: 'TCP', port: 9000 }] }),
      service(),
      tcpRoute({ name: 'older', creationTimestamp: TS_OLD }),
      tcpRoute({ name: 'newer', creationTimestamp: TS_NEW }),
    ],
    expect: [
      { at: 'parent', key: 'TCPRoute/default/older', conditions: ['Accepted=True/Accepted'] },
      { at: 'parent', key: 'TCPRoute/default/newer', conditions: ['Accepted=True/Accepted'] },
      { at: 'listener', name: 'tcp', attachedRoutes: 2, supportedKinds: ['TCPRoute'] },
    ],
  },
  {
    rule: 'R34',
    title: 'a Route that is not Accepted is not counted',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ hostname: 'foo.example.com' }] }),
      service(),
      httpRoute({ hostnames: ['other.example.org'] }),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=False/NoMatchingListenerHostname'] },
      { at: 'listener', name: 'http', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R34',
    title: "a Route on a conflicted listener is counted, and its Accepted is the implementation's call",
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'http', port: 80 },
          { name: 'tcp', protocol: 'TCP', port: 80 },
        ],
      }),
      service(),
      httpRoute({ parentRefs: [{ name: 'gateway', sectionName: 'http' }] }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'http',
        conditions: [
          'Accepted=False/ProtocolConflict@implementation[Accepted]',
          'Conflicted=True/ProtocolConflict',
        ],
        supportedKinds: [],
        attachedRoutes: 1,
      },
      { at: 'parent', conditions: ['Accepted=True/Accepted@implementation[NotAllowedByListeners]'] },
      { at: 'finding', key: ROUTE, slug: 'route-on-unserved-listener', field: 'spec.parentRefs[0]' },
    ],
  },
  {
    rule: 'R34',
    title: 'a Route on a conflicted and an accepted listener is Accepted by the spec',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'http', port: 80 },
          { name: 'tcp', protocol: 'TCP', port: 80 },
          { name: 'other', port: 8080 },
        ],
      }),
      service(),
      httpRoute(),
    ],
    expect: [
      { at: 'listener', name: 'http', attachedRoutes: 1 },
      { at: 'listener', name: 'other', attachedRoutes: 1 },
      { at: 'parent', conditions: ['Accepted=True/Accepted@spec'] },
      { at: 'finding', key: ROUTE, slug: 'route-on-unserved-listener', field: 'spec.parentRefs[0]' },
    ],
  },
  {
    rule: 'R34',
    title: 'a Route with unresolved backends is still counted',
    objects: [gatewayClass(), gateway(), httpRoute({ backends: ['missing:80'] })],
    expect: [
      { at: 'parent', conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False/BackendNotFound'] },
      { at: 'listener', name: 'http', attachedRoutes: 1 },
    ],
  },
];

testRules({ title: 'status rules: attachedRoutes (R34)', rows, file: import.meta.filename });
