/**
 * Precedence (section J): ties between objects of equal standing.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import { gateway, gatewayClass } from '@gatemap/fixtures';
import {
  backendTLSPolicy,
  listenerSet,
  policyScene,
  testRules,
  TS_NEW,
  TS_OLD,
  type Row,
} from './test-support.ts';

export const rows: readonly Row[] = [
  // J. Precedence
  {
    rule: 'R55',
    title: 'the older ListenerSet keeps a contested listener',
    objects: [
      gatewayClass(),
      gateway({ spec: { allowedListeners: { namespaces: { from: 'Same' } } } }),
      listenerSet({ name: 'a', creationTimestamp: TS_NEW }),
      listenerSet({ name: 'b', creationTimestamp: TS_OLD }),
    ],
    expect: [
      {
        at: 'listener',
        of: 'ListenerSet/default/b',
        name: 'extra',
        conditions: ['Accepted=True/Accepted', 'Conflicted=False/NoConflicts'],
      },
      {
        at: 'listener',
        of: 'ListenerSet/default/a',
        name: 'extra',
        conditions: ['Conflicted=True/HostnameConflict', 'Accepted=False/HostnameConflict'],
      },
    ],
  },
  {
    rule: 'R55',
    title: 'ListenerSets of equal age are ordered by namespace/name',
    objects: [
      gatewayClass(),
      gateway({ spec: { allowedListeners: { namespaces: { from: 'Same' } } } }),
      listenerSet({ name: 'b' }),
      listenerSet({ name: 'a' }),
    ],
    expect: [
      { at: 'listener', of: 'ListenerSet/default/a', name: 'extra', conditions: ['Accepted=True/Accepted'] },
      {
        at: 'listener',
        of: 'ListenerSet/default/b',
        name: 'extra',
        conditions: ['Conflicted=True/HostnameConflict'],
      },
    ],
  },
  {
    rule: 'R55',
    title: 'BackendTLSPolicies of equal age are ordered by name',
    objects: policyScene(backendTLSPolicy({ name: 'b' }), backendTLSPolicy({ name: 'a' })),
    expect: [
      { at: 'policy', key: 'BackendTLSPolicy/default/a', conditions: ['Accepted=True/Accepted'] },
      { at: 'policy', key: 'BackendTLSPolicy/default/b', conditions: ['Accepted=False/Conflicted'] },
    ],
  },
];

testRules({ title: 'status rules: precedence (R55)', rows, file: import.meta.filename });
