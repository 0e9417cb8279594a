/**
 * A Route's spec (sections C and G): what the API server rejects (parentRefs naming one parent
 * twice, filters, limits, hostnames), and rules with content a controller does not support.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import { gateway, gatewayClass, grpcRoute, httpRoute, service } from '@gatemap/fixtures';
import { base, GW, ROUTE, testRules, type Row } from './test-support.ts';

export const rows: readonly Row[] = [
  // C. Admission
  {
    rule: 'R9',
    title: 'two parentRefs to one Gateway without sectionName are rejected at admission',
    objects: [...base, httpRoute({ parentRefs: [{ name: 'gateway' }, { name: 'gateway' }] })],
    expect: [{ at: 'finding', key: ROUTE, slug: 'admission-rejected', field: 'spec.parentRefs[1]' }],
  },
  {
    rule: 'R9',
    title: 'two parentRefs to one Gateway, only one with sectionName, are rejected at admission',
    objects: [
      ...base,
      httpRoute({ parentRefs: [{ name: 'gateway' }, { name: 'gateway', sectionName: 'http' }] }),
    ],
    expect: [{ at: 'finding', key: ROUTE, slug: 'admission-rejected' }],
  },
  {
    rule: 'R9',
    title: 'parentRefs to one Gateway with distinct sectionNames are admitted and each accepted',
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
      { at: 'finding', key: ROUTE, slug: 'admission-rejected', absent: true },
      { at: 'parent', index: 0, conditions: ['Accepted=True/Accepted'] },
      { at: 'parent', index: 1, conditions: ['Accepted=True/Accepted'] },
    ],
  },
  {
    rule: 'R10',
    title: 'RequestRedirect and URLRewrite in one rule are rejected at admission',
    objects: [
      ...base,
      httpRoute({
        rules: [
          {
            filters: [
              { type: 'RequestRedirect', requestRedirect: { hostname: 'example.com' } },
              { type: 'URLRewrite', urlRewrite: { hostname: 'example.org' } },
            ],
          },
        ],
      }),
    ],
    expect: [{ at: 'finding', key: ROUTE, slug: 'admission-rejected' }],
  },
  {
    rule: 'R10',
    title: 'an HTTPRoute with more than 16 rules is rejected at admission',
    objects: [
      ...base,
      httpRoute({
        rules: Array.from({ length: 17 }, (_, index) => ({
          matches: [{ path: { type: 'PathPrefix', value: `/r${index}` } }],
          backendRefs: [{ name: 'backend', port: 80 }],
        })),
      }),
    ],
    expect: [{ at: 'finding', key: ROUTE, slug: 'admission-rejected' }],
  },
  {
    rule: 'R11',
    title: 'an upper-case Route hostname is rejected at admission',
    objects: [...base, httpRoute({ hostnames: ['Foo.example.com'] })],
    expect: [{ at: 'finding', key: ROUTE, slug: 'admission-rejected', field: 'spec.hostnames[0]' }],
  },
  {
    rule: 'R11',
    title: 'a wildcard that is not the first label is rejected at admission',
    objects: [...base, httpRoute({ hostnames: ['foo.*.example.com'] })],
    expect: [{ at: 'finding', key: ROUTE, slug: 'admission-rejected', field: 'spec.hostnames[0]' }],
  },
  {
    rule: 'R11',
    title: 'a listener hostname with an underscore is rejected at admission',
    objects: [gatewayClass(), gateway({ listeners: [{ hostname: 'bad_host.example.com' }] })],
    expect: [{ at: 'finding', key: GW, slug: 'admission-rejected', field: 'spec.listeners[0].hostname' }],
  },

  // G. Route attachment
  {
    rule: 'R46',
    title: 'a Route whose every rule is invalid is UnsupportedValue',
    objects: [
      ...base,
      httpRoute({
        rules: [
          {
            matches: [{ path: { type: 'Bogus', value: '/' } }],
            backendRefs: [{ name: 'backend', port: 80 }],
          },
        ],
      }),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=False/UnsupportedValue'] },
      { at: 'finding', key: ROUTE, slug: 'route-rule-invalid', field: 'spec.rules[0]' },
      { at: 'listener', name: 'http', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R46',
    title: 'every rule invalid and no hostname in common leave the reason to the implementation',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ hostname: 'foo.example.com' }] }),
      service(),
      httpRoute({
        hostnames: ['other.example.org'],
        rules: [
          {
            matches: [{ path: { type: 'Bogus', value: '/' } }],
            backendRefs: [{ name: 'backend', port: 80 }],
          },
        ],
      }),
    ],
    expect: [
      {
        at: 'parent',
        conditions: [
          'Accepted=False/UnsupportedValue@implementation[NoMatchingListenerHostname] ~Every rule is invalid',
        ],
      },
    ],
  },
  {
    rule: 'R46',
    title: 'a Route with some invalid rules is Accepted and PartiallyInvalid',
    objects: [
      ...base,
      httpRoute({
        rules: [
          {
            matches: [{ path: { type: 'Bogus', value: '/' } }],
            backendRefs: [{ name: 'backend', port: 80 }],
          },
          { backendRefs: [{ name: 'backend', port: 80 }] },
        ],
      }),
    ],
    expect: [
      {
        at: 'parent',
        conditions: ['Accepted=True/Accepted', 'PartiallyInvalid=True/UnsupportedValue ~Dropped Rule'],
      },
      { at: 'listener', name: 'http', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R46',
    title: 'an unknown filter type makes the rule invalid',
    objects: [
      ...base,
      httpRoute({ rules: [{ filters: [{ type: 'Bogus' }], backendRefs: [{ name: 'backend', port: 80 }] }] }),
    ],
    expect: [{ at: 'parent', conditions: ['Accepted=False/UnsupportedValue'] }],
  },
  {
    rule: 'R46',
    title: 'an unknown GRPCRoute method match type makes the rule invalid',
    objects: [
      ...base,
      grpcRoute({
        rules: [
          {
            matches: [{ method: { type: 'Bogus', service: 'echo.Echo' } }],
            backendRefs: [{ name: 'backend', port: 80 }],
          },
        ],
      }),
    ],
    expect: [
      { at: 'parent', key: 'GRPCRoute/default/grpcroute', conditions: ['Accepted=False/UnsupportedValue'] },
    ],
  },
];

testRules({ title: 'status rules: Route spec (R9–R11, R46)', rows, file: import.meta.filename });
