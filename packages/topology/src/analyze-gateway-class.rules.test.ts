/**
 * GatewayClass (section D): who writes status, and `Accepted` from the parametersRef.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import { gateway, gatewayClass, httpRoute, namespace, service } from '@gatemap/fixtures';
import { configMap, testRules, withSpec, type Row } from './test-support.ts';

export const rows: readonly Row[] = [
  // D. GatewayClass
  {
    rule: 'R12',
    title: "each parent entry is written by the controller of that parent's GatewayClass",
    objects: [
      gatewayClass({ name: 'a', controllerName: 'a.example.com/controller' }),
      gatewayClass({ name: 'b', controllerName: 'b.example.com/controller' }),
      gateway({ name: 'ga', className: 'a' }),
      gateway({ name: 'gb', className: 'b' }),
      service(),
      httpRoute({ parentRefs: [{ name: 'ga' }, { name: 'gb' }] }),
    ],
    expect: [
      { at: 'parent', index: 0, controllerName: 'a.example.com/controller', parentRef: { name: 'ga' } },
      { at: 'parent', index: 1, controllerName: 'b.example.com/controller', parentRef: { name: 'gb' } },
    ],
  },
  {
    rule: 'R13',
    title: 'a GatewayClass without parametersRef is Accepted',
    objects: [gatewayClass()],
    expect: [{ at: 'class', conditions: ['Accepted=True/Accepted'] }],
  },
  {
    rule: 'R14',
    title: 'a GatewayClass parametersRef to nothing is InvalidParameters',
    objects: [
      withSpec(gatewayClass(), { parametersRef: { group: 'example.com', kind: 'Params', name: 'p' } }),
    ],
    expect: [
      { at: 'class', conditions: ['Accepted=False/InvalidParameters'] },
      { at: 'finding', key: 'GatewayClass/example', slug: 'invalid-parameters', field: 'spec.parametersRef' },
    ],
  },
  {
    rule: 'R14',
    title: 'a parametersRef to a namespaced kind without namespace is InvalidParameters',
    objects: [
      withSpec(gatewayClass(), { parametersRef: { group: '', kind: 'ConfigMap', name: 'ca' } }),
      configMap(),
    ],
    expect: [{ at: 'class', conditions: ['Accepted=False/InvalidParameters'] }],
  },
  {
    rule: 'R14',
    title: 'a parametersRef to a cluster-scoped kind with a namespace is InvalidParameters',
    objects: [
      withSpec(gatewayClass(), {
        parametersRef: { group: '', kind: 'Namespace', name: 'default', namespace: 'default' },
      }),
      namespace(),
    ],
    expect: [{ at: 'class', conditions: ['Accepted=False/InvalidParameters'] }],
  },
  {
    rule: 'R14',
    title: 'a parametersRef to an existing ConfigMap with namespace is Accepted',
    objects: [
      withSpec(gatewayClass(), {
        parametersRef: { group: '', kind: 'ConfigMap', name: 'ca', namespace: 'default' },
      }),
      configMap(),
    ],
    expect: [{ at: 'class', conditions: ['Accepted=True/Accepted'] }],
  },
];

testRules({ title: 'status rules: GatewayClass (R12–R14)', rows, file: import.meta.filename });
