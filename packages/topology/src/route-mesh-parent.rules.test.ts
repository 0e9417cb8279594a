/**
 * Mesh parents (section L): Routes whose parentRef is a Service (GAMMA).
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import { httpRoute, service } from '@gatemap/fixtures';
import { testRules, type Row } from './test-support.ts';

export const rows: readonly Row[] = [
  // L. Mesh
  {
    rule: 'R57',
    title: 'a producer route on a Service in its namespace is accepted',
    objects: [service(), httpRoute({ parentRefs: [{ group: '', kind: 'Service', name: 'backend' }] })],
    expect: [
      {
        at: 'analysis',
        index: 0,
        written: true,
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs'],
      },
    ],
  },
  {
    rule: 'R57',
    title: 'a consumer route on a Service in another namespace needs no ReferenceGrant',
    objects: [
      service(),
      service({ namespace: 'apps' }),
      httpRoute({
        namespace: 'apps',
        parentRefs: [{ group: '', kind: 'Service', name: 'backend', namespace: 'default' }],
      }),
    ],
    expect: [
      { at: 'analysis', key: 'HTTPRoute/apps/httproute', index: 0, conditions: ['Accepted=True/Accepted'] },
    ],
  },
  {
    rule: 'R57',
    title: 'a mesh parent Service that does not exist is NoMatchingParent (Istio)',
    objects: [service(), httpRoute({ parentRefs: [{ group: '', kind: 'Service', name: 'missing' }] })],
    expect: [{ at: 'analysis', index: 0, conditions: ['Accepted=False/NoMatchingParent@implementation'] }],
  },
  ...(
    [
      ['a mesh sectionName is a Service port name', { sectionName: 'http' }, 'Accepted=True/Accepted'],
      [
        'a mesh sectionName naming no port is NoMatchingParent',
        { sectionName: 'grpc' },
        'Accepted=False/NoMatchingParent',
      ],
      [
        'a mesh port the Service lacks is NoMatchingParent',
        { port: 8080 },
        'Accepted=False/NoMatchingParent',
      ],
    ] as const
  ).map(([title, selector, accepted]): Row => ({
    rule: 'R57',
    title,
    objects: [
      { ...service(), spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } },
      httpRoute({ parentRefs: [{ group: '', kind: 'Service', name: 'backend', ...selector }] }),
    ],
    expect: [{ at: 'analysis', index: 0, conditions: [accepted] }],
  })),
];

testRules({ title: 'status rules: mesh parents (R57)', rows, file: import.meta.filename });
