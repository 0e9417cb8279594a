/**
 * Route parents (section G): parent resolution, parentRefs across namespaces, the order of checks,
 * independent parentRefs, and what a parent entry does not hold.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import { GATEWAY_GROUP } from './index.ts';
import { allowAll, base, listenerSet, ROUTE, testRules, withSpec, type Row } from './test-support.ts';

export const rows: readonly Row[] = [
  // G. Route attachment
  {
    rule: 'R35',
    title: 'a parentRef of a kind the controller does not know gets no entry',
    objects: [...base, httpRoute({ parentRefs: [{ group: 'example.com', kind: 'Mesh', name: 'mesh' }] })],
    expect: [
      { at: 'parents', count: 0 },
      { at: 'finding', key: ROUTE, slug: 'unsupported-parent-kind', field: 'spec.parentRefs[0]' },
    ],
  },
  {
    rule: 'R35',
    title: 'a parentRef of kind ListenerSet resolves to the ListenerSet',
    objects: [
      gatewayClass(),
      withSpec(gateway(), { allowedListeners: { namespaces: { from: 'Same' } } }),
      service(),
      listenerSet(),
      httpRoute({ parentRefs: [{ group: GATEWAY_GROUP, kind: 'ListenerSet', name: 'set' }] }),
    ],
    expect: [
      {
        at: 'parent',
        conditions: ['Accepted=True/Accepted'],
        parentRef: { group: GATEWAY_GROUP, kind: 'ListenerSet', name: 'set' },
      },
      { at: 'listener', of: 'ListenerSet/default/set', name: 'extra', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R36',
    title: 'a cross-namespace parentRef needs no ReferenceGrant',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ allowedRoutes: allowAll }] }),
      service({ namespace: 'apps' }),
      httpRoute({ namespace: 'apps', parentRefs: [{ name: 'gateway', namespace: 'default' }] }),
    ],
    expect: [
      {
        at: 'parent',
        key: 'HTTPRoute/apps/httproute',
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs'],
      },
      { at: 'listener', name: 'http', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R37',
    title: 'listener selection is judged before namespaces (NoMatchingParent first)',
    objects: [
      ...base,
      service({ namespace: 'apps' }),
      httpRoute({
        namespace: 'apps',
        parentRefs: [{ name: 'gateway', namespace: 'default', sectionName: 'nope' }],
      }),
    ],
    expect: [
      { at: 'parent', key: 'HTTPRoute/apps/httproute', conditions: ['Accepted=False/NoMatchingParent'] },
    ],
  },
  {
    rule: 'R37',
    title: 'namespaces are judged before hostnames and ResolvedRefs is still reported',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ hostname: 'foo.example.com' }] }),
      service({ namespace: 'apps' }),
      httpRoute({
        namespace: 'apps',
        hostnames: ['other.example.org'],
        parentRefs: [{ name: 'gateway', namespace: 'default' }],
      }),
    ],
    expect: [
      {
        at: 'parent',
        key: 'HTTPRoute/apps/httproute',
        conditions: ['Accepted=False/NotAllowedByListeners', 'ResolvedRefs=True/ResolvedRefs'],
      },
    ],
  },
  {
    rule: 'R37',
    title: 'a namespace and a hostname fault at once leave the reason to the implementation',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ hostname: 'foo.example.com' }] }),
      service({ namespace: 'apps' }),
      httpRoute({
        namespace: 'apps',
        hostnames: ['other.example.org'],
        parentRefs: [{ name: 'gateway', namespace: 'default' }],
      }),
    ],
    expect: [
      {
        at: 'parent',
        key: 'HTTPRoute/apps/httproute',
        conditions: ['Accepted=False/NotAllowedByListeners@implementation[NoMatchingListenerHostname]'],
      },
    ],
  },
  {
    rule: 'R37',
    title: 'ResolvedRefs is reported on a parent that is not Accepted',
    objects: [...base, httpRoute({ parentRefs: [{ name: 'gateway', port: 81 }], backends: ['missing:80'] })],
    expect: [
      { at: 'parent', conditions: ['Accepted=False/NoMatchingParent', 'ResolvedRefs=False/BackendNotFound'] },
    ],
  },
  {
    rule: 'R37',
    title: 'invalid rules are judged before hostnames',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ hostname: 'foo.example.com' }] }),
      service(),
      httpRoute({
        hostnames: ['other.example.org'],
        rules: [{ matches: [{ path: { type: 'Bogus', value: '/' } }] }],
      }),
    ],
    expect: [{ at: 'parent', conditions: ['Accepted=False/UnsupportedValue'] }],
  },
  {
    rule: 'R45',
    title: 'each parentRef is judged on its own',
    objects: [
      gatewayClass(),
      gateway(),
      gateway({ name: 'other' }),
      service(),
      httpRoute({ parentRefs: [{ name: 'gateway', sectionName: 'nope' }, { name: 'other' }] }),
    ],
    expect: [
      { at: 'parents', count: 2 },
      {
        at: 'parent',
        index: 0,
        parentRef: { name: 'gateway', sectionName: 'nope' },
        conditions: ['Accepted=False/NoMatchingParent'],
      },
      { at: 'parent', index: 1, parentRef: { name: 'other' }, conditions: ['Accepted=True/Accepted'] },
      { at: 'listener', of: 'Gateway/default/other', name: 'http', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R47',
    title: 'a Route parent entry has no Programmed condition and does not wait for the Gateway',
    objects: base.concat(httpRoute()),
    expect: [{ at: 'parent', conditions: ['Accepted=True/Accepted', '!Programmed'] }],
  },
];

testRules({ title: 'status rules: Route parents (R35–R37, R45, R47)', rows, file: import.meta.filename });
