/**
 * ReferenceGrants (section I): how a grant matches, which references need one, and revoking it.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import {
  gateway,
  gatewayClass,
  httpRoute,
  referenceGrant,
  secret,
  service,
  type KubeObject,
} from '@gatemap/fixtures';
import {
  allowAll,
  CA_PEM,
  caRef,
  configMap,
  frontend,
  https,
  listenerSet,
  testRules,
  type Row,
} from './test-support.ts';

/** An HTTPRoute in `apps` using Service default/backend, with a ReferenceGrant (R52). */
function grantRow(title: string, grants: readonly KubeObject[], resolvedRefs: string): Row {
  return {
    rule: 'R52',
    title,
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ allowedRoutes: allowAll }] }),
      service(),
      httpRoute({
        namespace: 'apps',
        parentRefs: [{ name: 'gateway', namespace: 'default' }],
        backends: ['default/backend:80'],
      }),
      ...grants,
    ],
    expect: [
      { at: 'parent', key: 'HTTPRoute/apps/httproute', conditions: ['Accepted=True/Accepted', resolvedRefs] },
    ],
  };
}

const routeGrant = (
  input: {
    namespace?: string;
    from?: { group?: string; kind: string; namespace: string }[];
    to?: { group?: string; kind: string; name?: string }[];
    name?: string;
  } = {},
) =>
  referenceGrant({
    namespace: input.namespace ?? 'default',
    ...(input.name ? { name: input.name } : {}),
    from: input.from ?? [{ kind: 'HTTPRoute', namespace: 'apps' }],
    to: input.to ?? [{ kind: 'Service' }],
  });

export const rows: readonly Row[] = [
  // I. ReferenceGrant
  grantRow(
    'a grant in the target namespace matching every field permits',
    [routeGrant()],
    'ResolvedRefs=True/ResolvedRefs',
  ),
  grantRow('no grant means RefNotPermitted', [], 'ResolvedRefs=False/RefNotPermitted'),
  grantRow(
    "a grant in the referrer's namespace does nothing",
    [routeGrant({ namespace: 'apps' })],
    'ResolvedRefs=False/RefNotPermitted',
  ),
  grantRow(
    'a grant with another from.group does nothing',
    [routeGrant({ from: [{ group: 'example.com', kind: 'HTTPRoute', namespace: 'apps' }] })],
    'ResolvedRefs=False/RefNotPermitted',
  ),
  grantRow(
    'a grant with another from.kind does nothing',
    [routeGrant({ from: [{ kind: 'GRPCRoute', namespace: 'apps' }] })],
    'ResolvedRefs=False/RefNotPermitted',
  ),
  grantRow(
    'a grant with another from.namespace does nothing',
    [routeGrant({ from: [{ kind: 'HTTPRoute', namespace: 'elsewhere' }] })],
    'ResolvedRefs=False/RefNotPermitted',
  ),
  grantRow(
    'a grant with another to.group does nothing',
    [routeGrant({ to: [{ group: 'example.com', kind: 'Service' }] })],
    'ResolvedRefs=False/RefNotPermitted',
  ),
  grantRow(
    'a grant with another to.kind does nothing',
    [routeGrant({ to: [{ kind: 'Secret' }] })],
    'ResolvedRefs=False/RefNotPermitted',
  ),
  grantRow(
    'a grant naming another object does nothing',
    [routeGrant({ to: [{ kind: 'Service', name: 'other' }] })],
    'ResolvedRefs=False/RefNotPermitted',
  ),
  grantRow(
    'a grant naming the object permits it',
    [routeGrant({ to: [{ kind: 'Service', name: 'backend' }] })],
    'ResolvedRefs=True/ResolvedRefs',
  ),
  grantRow(
    'from entries are alternatives',
    [
      routeGrant({
        from: [
          { kind: 'GRPCRoute', namespace: 'apps' },
          { kind: 'HTTPRoute', namespace: 'apps' },
        ],
      }),
    ],
    'ResolvedRefs=True/ResolvedRefs',
  ),
  grantRow(
    'grants are alternatives',
    [routeGrant({ name: 'wrong', to: [{ kind: 'Secret' }] }), routeGrant({ name: 'right' })],
    'ResolvedRefs=True/ResolvedRefs',
  ),
  {
    rule: 'R52',
    title: 'a Gateway grant naming another Secret does not cover the listener certificate',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ ...https, tls: { certificateRefs: [{ name: 'tls', namespace: 'certs' }] } }] }),
      secret({ namespace: 'certs' }),
      referenceGrant({
        namespace: 'certs',
        from: [{ kind: 'Gateway', namespace: 'default' }],
        to: [{ kind: 'Secret', name: 'other' }],
      }),
    ],
    expect: [{ at: 'listener', name: 'https', conditions: ['ResolvedRefs=False/RefNotPermitted'] }],
  },
  {
    rule: 'R53',
    title: 'a ListenerSet certificate is not covered by a grant for its parent Gateway',
    objects: [
      gatewayClass(),
      gateway({ spec: { allowedListeners: { namespaces: { from: 'Same' } } } }),
      listenerSet({
        listeners: [
          {
            name: 'extra',
            protocol: 'HTTPS',
            port: 8443,
            tls: { certificateRefs: [{ name: 'tls', namespace: 'certs' }] },
          },
        ],
      }),
      secret({ namespace: 'certs' }),
      referenceGrant({
        namespace: 'certs',
        from: [{ kind: 'Gateway', namespace: 'default' }],
        to: [{ kind: 'Secret' }],
      }),
    ],
    expect: [
      {
        at: 'listener',
        of: 'ListenerSet/default/set',
        name: 'extra',
        conditions: ['ResolvedRefs=False/RefNotPermitted'],
      },
    ],
  },
  {
    rule: 'R53',
    title: 'a ListenerSet certificate is covered by a grant from ListenerSet',
    objects: [
      gatewayClass(),
      gateway({ spec: { allowedListeners: { namespaces: { from: 'Same' } } } }),
      listenerSet({
        listeners: [
          {
            name: 'extra',
            protocol: 'HTTPS',
            port: 8443,
            tls: { certificateRefs: [{ name: 'tls', namespace: 'certs' }] },
          },
        ],
      }),
      secret({ namespace: 'certs' }),
      referenceGrant({
        namespace: 'certs',
        from: [{ kind: 'ListenerSet', namespace: 'default' }],
        to: [{ kind: 'Secret' }],
      }),
    ],
    expect: [
      {
        at: 'listener',
        of: 'ListenerSet/default/set',
        name: 'extra',
        conditions: ['ResolvedRefs=True/ResolvedRefs'],
      },
    ],
  },
  {
    rule: 'R53',
    title: 'a frontend CA ConfigMap in another namespace is covered by a Gateway grant to ConfigMap',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [https],
        spec: frontend({ caCertificateRefs: [caRef('ca', { namespace: 'certs' })] }),
      }),
      secret(),
      configMap({ namespace: 'certs', data: { 'ca.crt': CA_PEM } }),
      referenceGrant({
        namespace: 'certs',
        from: [{ kind: 'Gateway', namespace: 'default' }],
        to: [{ kind: 'ConfigMap' }],
      }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'https',
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs'],
      },
    ],
  },
  {
    ...grantRow(
      'removing the grant revokes the reference',
      [routeGrant()],
      'ResolvedRefs=False/RefNotPermitted',
    ),
    rule: 'R54',
    then: { delete: [routeGrant()] },
  },
  {
    ...grantRow('adding a grant later permits the reference', [], 'ResolvedRefs=True/ResolvedRefs'),
    rule: 'R54',
    then: { upsert: [routeGrant()] },
  },
];

testRules({ title: 'status rules: ReferenceGrants (R52–R54)', rows, file: import.meta.filename });
