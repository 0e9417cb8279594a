/**
 * BackendTLSPolicy (section M): conflicts between policies and CA certificate references.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import {} from '@gatemap/fixtures';
import {
  backendTLSPolicy,
  configMap,
  POLICY,
  policyScene,
  testRules,
  TS_NEW,
  TS_OLD,
  type Row,
} from './test-support.ts';

export const rows: readonly Row[] = [
  // M. BackendTLSPolicy
  {
    rule: 'R58',
    title: 'the older of two policies on one Service is Accepted, the other Conflicted',
    objects: policyScene(
      backendTLSPolicy({ name: 'a', creationTimestamp: TS_NEW }),
      backendTLSPolicy({ name: 'b', creationTimestamp: TS_OLD }),
    ),
    expect: [
      {
        at: 'policy',
        key: 'BackendTLSPolicy/default/b',
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs'],
      },
      { at: 'policy', key: 'BackendTLSPolicy/default/a', conditions: ['Accepted=False/Conflicted'] },
      { at: 'finding', key: 'BackendTLSPolicy/default/a', slug: 'policy-conflicted' },
    ],
  },
  {
    rule: 'R58',
    title: 'a Conflicted policy whose CA is unusable has either reason',
    objects: policyScene(
      backendTLSPolicy({
        name: 'a',
        creationTimestamp: TS_NEW,
        ca: [{ kind: 'ConfigMap', name: 'does-not-exist' }],
      }),
      backendTLSPolicy({ name: 'b', creationTimestamp: TS_OLD }),
    ),
    expect: [
      {
        at: 'policy',
        key: 'BackendTLSPolicy/default/a',
        conditions: [
          'Accepted=False/Conflicted@implementation[NoValidCACertificate]',
          'ResolvedRefs=False/InvalidCACertificateRef@spec',
        ],
      },
    ],
  },
  {
    rule: 'R59',
    title: 'CA references failing for different reasons leave ResolvedRefs to the implementation',
    objects: policyScene(
      backendTLSPolicy({
        ca: [
          { kind: 'Service', name: 'backend' },
          { kind: 'ConfigMap', name: 'does-not-exist' },
        ],
      }),
    ),
    expect: [
      {
        at: 'policy',
        key: POLICY,
        conditions: [
          'Accepted=False/NoValidCACertificate@spec',
          'ResolvedRefs=False/InvalidKind@implementation[InvalidCACertificateRef]',
        ],
      },
    ],
  },
  {
    rule: 'R58',
    title: 'policies with and without sectionName on one Service do not conflict',
    objects: policyScene(
      backendTLSPolicy({ name: 'a', sectionName: 'https' }),
      backendTLSPolicy({ name: 'b' }),
    ),
    expect: [
      { at: 'policy', key: 'BackendTLSPolicy/default/a', conditions: ['Accepted=True/Accepted'] },
      { at: 'policy', key: 'BackendTLSPolicy/default/b', conditions: ['Accepted=True/Accepted'] },
    ],
  },
  {
    rule: 'R59',
    title: 'a missing CA ConfigMap is InvalidCACertificateRef and NoValidCACertificate',
    objects: policyScene(backendTLSPolicy({ ca: [{ kind: 'ConfigMap', name: 'does-not-exist' }] })),
    expect: [
      {
        at: 'policy',
        key: POLICY,
        conditions: ['Accepted=False/NoValidCACertificate', 'ResolvedRefs=False/InvalidCACertificateRef'],
      },
      { at: 'parent', conditions: ['Accepted=True/Accepted'] },
    ],
  },
  {
    rule: 'R59',
    title: 'a CA reference of the wrong kind is InvalidKind',
    objects: policyScene(backendTLSPolicy({ ca: [{ kind: 'Service', name: 'backend' }] })),
    expect: [
      {
        at: 'policy',
        key: POLICY,
        conditions: ['Accepted=False/NoValidCACertificate', 'ResolvedRefs=False/InvalidKind'],
      },
    ],
  },
  {
    rule: 'R59',
    title: 'a CA ConfigMap without a PEM certificate is InvalidCACertificateRef',
    objects: [
      ...policyScene(backendTLSPolicy({ ca: [{ kind: 'ConfigMap', name: 'bad' }] })),
      configMap({ name: 'bad', data: { 'ca.crt': 'garbage' } }),
    ],
    expect: [
      {
        at: 'policy',
        key: POLICY,
        conditions: ['Accepted=False/NoValidCACertificate', 'ResolvedRefs=False/InvalidCACertificateRef'],
      },
    ],
  },
  {
    rule: 'R59',
    title: 'one valid CA keeps the policy Accepted',
    objects: policyScene(
      backendTLSPolicy({
        ca: [
          { kind: 'ConfigMap', name: 'ca' },
          { kind: 'ConfigMap', name: 'does-not-exist' },
        ],
      }),
    ),
    expect: [
      {
        at: 'policy',
        key: POLICY,
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False/InvalidCACertificateRef'],
      },
    ],
  },
  {
    rule: 'R59',
    title: 'an unsupported wellKnownCACertificates is Invalid',
    objects: policyScene(backendTLSPolicy({ wellKnown: 'Bogus' })),
    expect: [{ at: 'policy', key: POLICY, conditions: ['Accepted=False/Invalid'] }],
  },
];

testRules({ title: 'status rules: BackendTLSPolicy (R58–R59)', rows, file: import.meta.filename });
