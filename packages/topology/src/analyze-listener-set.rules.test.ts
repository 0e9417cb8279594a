/**
 * ListenerSet (section K): a Gateway's allowedListeners, merging listeners, and the ListenerSet's
 * conditions.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import { gateway, gatewayClass, httpRoute, namespace, service } from '@gatemap/fixtures';
import { listenerSet, testRules, withSpec, type Row } from './test-support.ts';

export const rows: readonly Row[] = [
  // K. ListenerSet
  {
    rule: 'R56',
    title: 'a Gateway without allowedListeners admits no ListenerSet',
    objects: [gatewayClass(), gateway(), listenerSet()],
    expect: [
      { at: 'listenerset', conditions: ['Accepted=False/NotAllowed', 'Programmed=False'] },
      { at: 'gateway', attachedListenerSets: 0 },
      { at: 'finding', key: 'ListenerSet/default/set', slug: 'listenerset-not-accepted' },
    ],
  },
  {
    rule: 'R56',
    title: 'a ListenerSet not allowed by a Gateway that is not accepted has either reason',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ name: 'invalid', protocol: 'INVALID', port: 1111 }] }),
      listenerSet(),
    ],
    expect: [
      {
        at: 'listenerset',
        conditions: [
          'Accepted=False/NotAllowed@implementation[ParentNotAccepted]',
          'Programmed=False/NotAllowed@implementation[ParentNotAccepted]',
        ],
      },
    ],
  },
  {
    rule: 'R56',
    title: 'from Same admits a ListenerSet in the Gateway namespace and its Routes attach',
    objects: [
      gatewayClass(),
      withSpec(gateway(), { allowedListeners: { namespaces: { from: 'Same' } } }),
      service(),
      listenerSet(),
      httpRoute({ parentRefs: [{ kind: 'ListenerSet', name: 'set' }] }),
    ],
    expect: [
      { at: 'listenerset', conditions: ['Accepted=True/Accepted', 'Programmed=Unknown/Pending@runtime'] },
      { at: 'gateway', attachedListenerSets: 1 },
      {
        at: 'listener',
        of: 'ListenerSet/default/set',
        name: 'extra',
        conditions: ['Accepted=True/Accepted'],
        attachedRoutes: 1,
      },
      { at: 'listener', name: 'http', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R56',
    title: 'from Same does not admit a ListenerSet from another namespace',
    objects: [
      gatewayClass(),
      gateway({ spec: { allowedListeners: { namespaces: { from: 'Same' } } } }),
      listenerSet({ namespace: 'apps' }),
    ],
    expect: [
      { at: 'listenerset', key: 'ListenerSet/apps/set', conditions: ['Accepted=False/NotAllowed'] },
      { at: 'gateway', attachedListenerSets: 0 },
    ],
  },
  {
    rule: 'R56',
    title: 'from Selector admits ListenerSets by namespace labels, with matchExpressions',
    objects: [
      gatewayClass(),
      gateway({
        spec: {
          allowedListeners: {
            namespaces: {
              from: 'Selector',
              selector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['edge'] }] },
            },
          },
        },
      }),
      namespace({ name: 'edge', labels: { team: 'edge' } }),
      listenerSet({ namespace: 'edge', name: 'in' }),
      listenerSet({ namespace: 'apps', name: 'out', listeners: [{ name: 'extra', port: 9090 }] }),
    ],
    expect: [
      { at: 'listenerset', key: 'ListenerSet/edge/in', conditions: ['Accepted=True/Accepted'] },
      { at: 'listenerset', key: 'ListenerSet/apps/out', conditions: ['Accepted=False/NotAllowed'] },
      { at: 'gateway', attachedListenerSets: 1 },
    ],
  },
  {
    rule: 'R56',
    title: 'from All admits a ListenerSet from any namespace',
    objects: [
      gatewayClass(),
      gateway({ spec: { allowedListeners: { namespaces: { from: 'All' } } } }),
      listenerSet({ namespace: 'apps' }),
    ],
    expect: [{ at: 'listenerset', key: 'ListenerSet/apps/set', conditions: ['Accepted=True/Accepted'] }],
  },
  {
    rule: 'R56',
    title: "a ListenerSet listener clashing with the Gateway's loses with HostnameConflict",
    objects: [
      gatewayClass(),
      gateway({ spec: { allowedListeners: { namespaces: { from: 'Same' } } } }),
      listenerSet({ listeners: [{ name: 'extra', port: 80 }] }),
    ],
    expect: [
      {
        at: 'listener',
        of: 'ListenerSet/default/set',
        name: 'extra',
        conditions: [
          'Conflicted=True/HostnameConflict',
          'Accepted=False/HostnameConflict',
          'Programmed=False/HostnameConflict',
        ],
      },
      {
        at: 'listenerset',
        conditions: ['Accepted=False/ListenersNotValid', 'Programmed=False/ListenersNotValid'],
      },
      {
        at: 'listener',
        name: 'http',
        conditions: ['Conflicted=False/NoConflicts', 'Accepted=True/Accepted'],
      },
      { at: 'gateway', attachedListenerSets: 0 },
    ],
  },
  {
    rule: 'R56',
    title: "a ListenerSet TCP listener on the Gateway's HTTP port is ProtocolConflict",
    objects: [
      gatewayClass(),
      gateway({ spec: { allowedListeners: { namespaces: { from: 'Same' } } } }),
      listenerSet({ listeners: [{ name: 'extra', protocol: 'TCP', port: 80 }] }),
    ],
    expect: [
      {
        at: 'listener',
        of: 'ListenerSet/default/set',
        name: 'extra',
        conditions: ['Conflicted=True/ProtocolConflict', 'Accepted=False/ProtocolConflict'],
      },
    ],
  },
  {
    rule: 'R56',
    title: 'a ListenerSet with some valid listeners is Accepted with ListenersNotValid',
    objects: [
      gatewayClass(),
      gateway({ spec: { allowedListeners: { namespaces: { from: 'Same' } } } }),
      listenerSet({
        listeners: [
          { name: 'clash', port: 80 },
          { name: 'extra', port: 8080 },
        ],
      }),
    ],
    expect: [
      { at: 'listenerset', conditions: ['Accepted=True/ListenersNotValid'] },
      { at: 'gateway', attachedListenerSets: 1 },
    ],
  },
  {
    rule: 'R56',
    title: 'a ListenerSet of a Gateway that is not Accepted is ParentNotAccepted',
    objects: [
      gatewayClass(),
      gateway({
        spec: {
          allowedListeners: { namespaces: { from: 'Same' } },
          infrastructure: { parametersRef: { group: 'invalid.io', kind: 'Params', name: 'p' } },
        },
      }),
      listenerSet(),
    ],
    expect: [{ at: 'listenerset', conditions: ['Accepted=False/ParentNotAccepted'] }],
  },
];

testRules({ title: 'status rules: ListenerSet (R56)', rows, file: import.meta.filename });
