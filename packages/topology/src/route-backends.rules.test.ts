/**
 * Route `ResolvedRefs` (section H): each backendRef's checks in order, their aggregation, and
 * ExtensionRef filters.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import { gateway, gatewayClass, httpRoute, service, tcpRoute, tlsRoute } from '@gatemap/fixtures';
import { base, ROUTE, testRules, type Row } from './test-support.ts';

export const rows: readonly Row[] = [
  // H. Route ResolvedRefs
  {
    rule: 'R48',
    title: 'a backendRef of an unknown kind is InvalidKind',
    objects: [
      ...base,
      httpRoute({
        backends: [{ group: 'unknownkind.example.com', kind: 'NonExistent', name: 'backend', port: 80 }],
      }),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False/InvalidKind'] },
      { at: 'finding', key: ROUTE, slug: 'backend-invalid-kind', field: 'spec.rules[0].backendRefs[0]' },
    ],
  },
  {
    rule: 'R48',
    title: 'a backendRef to another namespace without a grant is RefNotPermitted',
    objects: [
      gatewayClass(),
      gateway(),
      service({ namespace: 'other' }),
      httpRoute({ backends: ['other/backend:80'] }),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False/RefNotPermitted'] },
      { at: 'finding', key: ROUTE, slug: 'reference-not-permitted', field: 'spec.rules[0].backendRefs[0]' },
    ],
  },
  {
    rule: 'R48',
    title: 'a backendRef to a missing Service is BackendNotFound',
    objects: [gatewayClass(), gateway(), httpRoute({ backends: ['missing:80'] })],
    expect: [
      { at: 'parent', conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False/BackendNotFound'] },
      { at: 'finding', key: ROUTE, slug: 'backend-not-found', field: 'spec.rules[0].backendRefs[0]' },
    ],
  },
  {
    rule: 'R48',
    title: 'a RequestMirror backendRef to another namespace without a grant is RefNotPermitted',
    objects: [
      ...base,
      service({ namespace: 'other' }),
      httpRoute({
        rules: [
          {
            filters: [
              {
                type: 'RequestMirror',
                requestMirror: { backendRef: { name: 'backend', namespace: 'other', port: 80 } },
              },
            ],
            backendRefs: [{ name: 'backend', port: 80 }],
          },
        ],
      }),
    ],
    expect: [{ at: 'parent', conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False/RefNotPermitted'] }],
  },
  {
    rule: 'R48',
    title: 'kind is checked before the ReferenceGrant',
    objects: [
      ...base,
      httpRoute({ backends: [{ group: 'example.com', kind: 'Bucket', name: 'b', namespace: 'other' }] }),
    ],
    expect: [{ at: 'parent', conditions: ['ResolvedRefs=False/InvalidKind'] }],
  },
  {
    rule: 'R48',
    title: 'the ReferenceGrant is checked before existence',
    objects: [gatewayClass(), gateway(), httpRoute({ backends: ['other/missing:80'] })],
    expect: [{ at: 'parent', conditions: ['ResolvedRefs=False/RefNotPermitted'] }],
  },
  {
    rule: 'R48',
    title: 'a TCPRoute backendRef to a missing Service is BackendNotFound',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ protocol: 'TCP', port: 9000 }] }),
      tcpRoute({ backends: ['missing:8080'] }),
    ],
    expect: [
      { at: 'parent', key: 'TCPRoute/default/tcproute', conditions: ['ResolvedRefs=False/BackendNotFound'] },
    ],
  },
  {
    rule: 'R49',
    title: 'a TLSRoute with a missing backend stays Accepted',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ protocol: 'TLS', tls: { mode: 'Passthrough' } }] }),
      tlsRoute({ hostnames: ['example.com'], backends: ['nonexistent:443'] }),
    ],
    expect: [
      {
        at: 'parent',
        key: 'TLSRoute/default/tlsroute',
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False/BackendNotFound'],
      },
    ],
  },
  {
    rule: 'R49',
    title: 'a Route without backendRefs is ResolvedRefs',
    objects: [...base, httpRoute({ rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }] })],
    expect: [{ at: 'parent', conditions: ['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs'] }],
  },
  {
    rule: 'R49',
    title: 'several backend failures leave the reason to the implementation',
    objects: [
      gatewayClass(),
      gateway(),
      service({ namespace: 'other' }),
      httpRoute({ backends: ['missing:80', 'other/backend:80'] }),
    ],
    expect: [
      {
        at: 'parent',
        conditions: [
          'Accepted=True/Accepted',
          'ResolvedRefs=False/BackendNotFound@implementation[RefNotPermitted]',
        ],
      },
    ],
  },
  {
    rule: 'R50',
    title: 'an ExtensionRef filter to a missing object leaves the Route Accepted but not ResolvedRefs',
    objects: [
      ...base,
      httpRoute({
        rules: [
          {
            filters: [
              {
                type: 'ExtensionRef',
                extensionRef: { group: 'example.com', kind: 'Filter', name: 'missing' },
              },
            ],
            backendRefs: [{ name: 'backend', port: 80 }],
          },
        ],
      }),
    ],
    expect: [{ at: 'parent', conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False'] }],
  },
];

testRules({ title: 'status rules: Route ResolvedRefs (R48–R50)', rows, file: import.meta.filename });
