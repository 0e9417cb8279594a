/**
 * Bookkeeping (section N): every predicted condition carries its object's generation.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import {
  backendTLSPolicy,
  base,
  GW,
  listenerSet,
  POLICY,
  ROUTE,
  testRules,
  validCa,
  withSpec,
  type Row,
} from './test-support.ts';

export const rows: readonly Row[] = [
  // N. Bookkeeping
  {
    rule: 'R61',
    title: "every Gateway and listener condition carries the Gateway's generation",
    objects: [
      gatewayClass(),
      gateway({ generation: 7, listeners: [{}, { name: 'invalid', protocol: 'INVALID', port: 1111 }] }),
    ],
    expect: [
      { at: 'generation', key: GW, value: 7 },
      { at: 'gateway', listeners: ['http', 'invalid'] },
    ],
  },
  {
    rule: 'R61',
    title: "every Route parent condition carries the Route's generation and echoes the parentRef as written",
    objects: [...base, httpRoute({ generation: 3, parentRefs: [{ name: 'gateway', sectionName: 'http' }] })],
    expect: [
      { at: 'generation', key: ROUTE, value: 3 },
      { at: 'parent', parentRef: { name: 'gateway', sectionName: 'http' } },
    ],
  },
  {
    rule: 'R61',
    title: 'GatewayClass, ListenerSet and BackendTLSPolicy conditions carry their generation',
    objects: [
      gatewayClass({ generation: 2 }),
      withSpec(gateway(), { allowedListeners: { namespaces: { from: 'Same' } } }),
      listenerSet({ generation: 4 }),
      service(),
      httpRoute(),
      validCa,
      backendTLSPolicy({ generation: 5 }),
    ],
    expect: [
      { at: 'generation', key: 'GatewayClass/example', value: 2 },
      { at: 'generation', key: 'ListenerSet/default/set', value: 4 },
      { at: 'generation', key: POLICY, value: 5 },
    ],
  },
];

testRules({ title: 'status rules: bookkeeping (R61)', rows, file: import.meta.filename });
