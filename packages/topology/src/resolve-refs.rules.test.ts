/**
 * Normalization (section B): the defaults the spec gives references, listeners and Routes before
 * any rule applies, and which objects get a status at all.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import { gateway, gatewayClass, httpRoute, secret, service } from '@gatemap/fixtures';
import { base, GW, https, listenerSet, ROUTE, testRules, type Row } from './test-support.ts';

export const rows: readonly Row[] = [
  // B. Normalization
  {
    rule: 'R1',
    title: 'a parentRef with only a name means a Gateway in the Route namespace',
    objects: [
      gatewayClass(),
      gateway({ namespace: 'apps' }),
      service({ namespace: 'apps' }),
      httpRoute({ namespace: 'apps' }),
    ],
    expect: [
      { at: 'parent', key: 'HTTPRoute/apps/httproute', conditions: ['Accepted=True/Accepted'] },
      { at: 'listener', of: 'Gateway/apps/gateway', name: 'http', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R1',
    title: 'a parentRef without namespace does not reach a same-named Gateway elsewhere',
    objects: [...base, httpRoute({ namespace: 'apps' })],
    expect: [
      { at: 'parents', key: 'HTTPRoute/apps/httproute', count: 0 },
      {
        at: 'finding',
        key: 'HTTPRoute/apps/httproute',
        slug: 'parent-not-found',
        field: 'spec.parentRefs[0]',
      },
      { at: 'listener', name: 'http', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R1',
    title: 'a mesh parentRef with group "core" is not the core group',
    objects: [...base, httpRoute({ parentRefs: [{ group: 'core', kind: 'Service', name: 'backend' }] })],
    expect: [
      { at: 'analysis', index: 0, written: false },
      { at: 'finding', key: ROUTE, slug: 'unsupported-parent-kind', field: 'spec.parentRefs[0]' },
    ],
  },
  {
    rule: 'R2',
    title: 'a backendRef with only name and port is a core Service in the Route namespace',
    objects: base.concat(httpRoute()),
    expect: [{ at: 'parent', conditions: ['ResolvedRefs=True/ResolvedRefs'] }],
  },
  {
    rule: 'R2',
    title: 'a backendRef without namespace ignores a same-named Service elsewhere',
    objects: [gatewayClass(), gateway(), service({ namespace: 'other' }), httpRoute()],
    expect: [{ at: 'parent', conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False/BackendNotFound'] }],
  },
  {
    rule: 'R2',
    title: 'a Service backendRef without port is rejected at admission',
    objects: base.concat(httpRoute({ backends: ['backend'] })),
    expect: [
      { at: 'finding', key: ROUTE, slug: 'admission-rejected', field: 'spec.rules[0].backendRefs[0].port' },
    ],
  },
  {
    rule: 'R3',
    title: 'a certificateRef with only a name is a Secret in the Gateway namespace',
    objects: [
      gatewayClass(),
      gateway({ namespace: 'infra', listeners: [https] }),
      secret({ namespace: 'infra' }),
    ],
    expect: [
      {
        at: 'listener',
        of: 'Gateway/infra/gateway',
        name: 'https',
        conditions: ['ResolvedRefs=True/ResolvedRefs'],
      },
    ],
  },
  {
    rule: 'R3',
    title: 'a certificateRef without namespace ignores a same-named Secret elsewhere',
    objects: [gatewayClass(), gateway({ namespace: 'infra', listeners: [https] }), secret()],
    expect: [
      {
        at: 'listener',
        of: 'Gateway/infra/gateway',
        name: 'https',
        conditions: ['ResolvedRefs=False/InvalidCertificateRef'],
      },
    ],
  },
  {
    rule: 'R4',
    title: 'allowedRoutes defaults to namespaces from Same',
    objects: [
      ...base,
      service({ namespace: 'apps' }),
      httpRoute({ namespace: 'apps', parentRefs: [{ name: 'gateway', namespace: 'default' }] }),
    ],
    expect: [
      { at: 'parent', key: 'HTTPRoute/apps/httproute', conditions: ['Accepted=False/NotAllowedByListeners'] },
    ],
  },
  {
    rule: 'R4',
    title: 'tls.mode defaults to Terminate',
    objects: [gatewayClass(), gateway({ listeners: [https] }), secret()],
    expect: [
      {
        at: 'listener',
        name: 'https',
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs'],
        supportedKinds: ['HTTPRoute', 'GRPCRoute'],
      },
      { at: 'finding', key: GW, slug: 'admission-rejected', absent: true },
    ],
  },
  {
    rule: 'R4',
    title: 'an allowedRoutes kind without group is in gateway.networking.k8s.io',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ allowedRoutes: { kinds: [{ kind: 'HTTPRoute' }] } }] }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'http',
        conditions: ['ResolvedRefs=True/ResolvedRefs'],
        supportedKinds: ['HTTPRoute'],
      },
    ],
  },
  {
    rule: 'R5',
    title: 'an HTTPRoute without rules matches everything and is accepted',
    objects: [...base, { ...httpRoute(), spec: { parentRefs: [{ name: 'gateway' }] } }],
    expect: [
      {
        at: 'parent',
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs', '!PartiallyInvalid'],
      },
      { at: 'listener', name: 'http', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R6',
    title: 'a Gateway whose GatewayClass does not exist stays Pending',
    objects: [gateway({ className: 'missing' })],
    expect: [
      {
        at: 'gateway',
        conditions: ['Accepted=Unknown/Pending', 'Programmed=Unknown/Pending'],
        listeners: [],
      },
      { at: 'finding', key: GW, slug: 'gatewayclass-missing', field: 'spec.gatewayClassName' },
    ],
  },
  {
    rule: 'R6',
    title: 'a ListenerSet of an unowned Gateway stays Pending',
    objects: [
      gateway({ className: 'missing', spec: { allowedListeners: { namespaces: { from: 'Same' } } } }),
      listenerSet(),
    ],
    expect: [{ at: 'listenerset', conditions: ['Accepted=Unknown/Pending', 'Programmed=Unknown/Pending'] }],
  },
  {
    rule: 'R7',
    title: 'no status entry for a parent Gateway that does not exist',
    objects: [gatewayClass(), service(), httpRoute({ parentRefs: [{ name: 'nope' }] })],
    expect: [
      { at: 'parents', count: 0 },
      { at: 'finding', key: ROUTE, slug: 'parent-not-found', field: 'spec.parentRefs[0]' },
    ],
  },
  {
    rule: 'R7',
    title: 'a missing parent has no entry while the existing one does',
    objects: [...base, httpRoute({ parentRefs: [{ name: 'nope' }, { name: 'gateway' }] })],
    expect: [
      { at: 'parents', count: 1 },
      { at: 'parent', index: 0, parentRef: { name: 'gateway' }, conditions: ['Accepted=True/Accepted'] },
    ],
  },
];

testRules({ title: 'status rules: normalization (R1–R7)', rows, file: import.meta.filename });
