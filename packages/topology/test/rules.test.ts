/**
 * One row per rule of the status digest (../shared/gateway-api-rules.md beside the repository, section (a), R1–R61):
 * each row builds the smallest scenario that exercises the rule and states the status a
 * conformant controller writes. Rules the analyzer cannot decide from manifests are listed in
 * `notModelled` with the reason; a test keeps rows and that list covering R1..R61 exactly.
 *
 * Conditions are written `Type=Status/Reason`, optionally `@basis` (spec, implementation,
 * runtime) with `[Reason,…]` for exactly the alternatives, and ` ~message prefix`; `!Type` means
 * the condition must be absent. A missing reason, basis or alternatives list matches any.
 */
import {
  gateway,
  gatewayClass,
  grpcRoute,
  httpRoute,
  listener,
  namespace,
  referenceGrant,
  secret,
  service,
  tcpRoute,
  tlsRoute,
  type KubeObject,
  type ListenerInput,
} from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import {
  decodeObject,
  GATEWAY_GROUP,
  predictStatus,
  TopologyEngine,
  type AnalyzerOptions,
  type Change,
  type DecodedObject,
  type FindingSlug,
  type ObjectKey,
  type ParentReference,
  type PredictedCondition,
} from '../src/index.ts';

type RuleId = `R${number}`;

/** Rules the analyzer does not model, each with why. */
const notModelled: readonly { rule: RuleId; reason: string }[] = [
  {
    rule: 'R15',
    reason:
      'Unsupported/UnsupportedVersion depend on the installed CRDs (bundle-version annotation) and on what the controller supports, neither of which is in the manifests.',
  },
  {
    rule: 'R51',
    reason:
      'Whether an implementation can meet a BackendTLSPolicy on a backendRef is implementation-specific (EG: InvalidBackendTLS).',
  },
  {
    rule: 'R60',
    reason:
      'Which ancestors a controller drops once 16 are listed is not specified; the analyzer lists every ancestor Gateway.',
  },
];

// ---- expectations --------------------------------------------------------------------------

type Expectation =
  | {
      readonly at: 'gateway';
      readonly key?: string;
      readonly conditions?: readonly string[];
      readonly attachedListenerSets?: number;
      /** Names of status.listeners, in order. */
      readonly listeners?: readonly string[];
    }
  | {
      readonly at: 'listener';
      /** The Gateway or ListenerSet; default Gateway/default/gateway. */
      readonly of?: string;
      readonly name: string;
      readonly conditions?: readonly string[];
      readonly attachedRoutes?: number;
      readonly supportedKinds?: readonly string[];
    }
  | {
      /** A route's predicted status.parents entry, by position. */
      readonly at: 'parent';
      readonly key?: string;
      readonly index?: number;
      readonly conditions?: readonly string[];
      readonly controllerName?: string;
      readonly parentRef?: ParentReference;
    }
  | { readonly at: 'parents'; readonly key?: string; readonly count: number }
  | {
      /** The analysis of the spec's parentRefs[index] (mesh parents have no predicted entry). */
      readonly at: 'analysis';
      readonly key?: string;
      readonly index: number;
      readonly written?: boolean;
      readonly conditions?: readonly string[];
    }
  | {
      readonly at: 'finding';
      readonly key: string;
      readonly slug: FindingSlug;
      readonly field?: string;
      readonly absent?: boolean;
    }
  | { readonly at: 'listenerset'; readonly key?: string; readonly conditions: readonly string[] }
  | { readonly at: 'policy'; readonly key: string; readonly conditions: readonly string[] }
  | { readonly at: 'class'; readonly key?: string; readonly conditions: readonly string[] }
  /** Every predicted condition of the object carries observedGeneration = value. */
  | { readonly at: 'generation'; readonly key: string; readonly value: number };

interface Row {
  readonly rule: RuleId;
  readonly title: string;
  readonly objects: readonly KubeObject[];
  readonly options?: AnalyzerOptions;
  /** A second batch, applied after the objects (grant revocation and the like). */
  readonly then?: { readonly delete?: readonly KubeObject[]; readonly upsert?: readonly KubeObject[] };
  readonly expect: readonly Expectation[];
}

// ---- builders the fixtures package does not have --------------------------------------------

const GW_V1 = 'gateway.networking.k8s.io/v1';
const TS_OLD = '2023-01-01T00:00:00Z';
const TS_NEW = '2024-01-01T00:00:00Z';
const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';

function listenerSet(
  input: {
    name?: string;
    namespace?: string;
    parent?: string;
    listeners?: ListenerInput[];
    creationTimestamp?: string;
    generation?: number;
  } = {},
): KubeObject {
  return {
    apiVersion: GW_V1,
    kind: 'ListenerSet',
    metadata: {
      name: input.name ?? 'set',
      namespace: input.namespace ?? 'default',
      generation: input.generation ?? 1,
      ...(input.creationTimestamp ? { creationTimestamp: input.creationTimestamp } : {}),
    },
    spec: {
      parentRef: { name: input.parent ?? 'gateway', namespace: 'default' },
      listeners: (input.listeners ?? [{ name: 'extra', port: 8080 }]).map(listener),
    },
  };
}

function configMap(
  input: { name?: string; namespace?: string; data?: Record<string, string> } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: input.name ?? 'ca', namespace: input.namespace ?? 'default' },
    ...(input.data ? { data: input.data } : {}),
  };
}

function backendTLSPolicy(
  input: {
    name?: string;
    creationTimestamp?: string;
    sectionName?: string;
    ca?: { group?: string; kind: string; name: string }[];
    wellKnown?: string;
    generation?: number;
  } = {},
): KubeObject {
  return {
    apiVersion: GW_V1,
    kind: 'BackendTLSPolicy',
    metadata: {
      name: input.name ?? 'policy',
      namespace: 'default',
      generation: input.generation ?? 1,
      ...(input.creationTimestamp ? { creationTimestamp: input.creationTimestamp } : {}),
    },
    spec: {
      targetRefs: [
        {
          group: '',
          kind: 'Service',
          name: 'backend',
          ...(input.sectionName ? { sectionName: input.sectionName } : {}),
        },
      ],
      validation: {
        hostname: 'backend.example.com',
        ...(input.wellKnown
          ? { wellKnownCACertificates: input.wellKnown }
          : {
              caCertificateRefs: (input.ca ?? [{ kind: 'ConfigMap', name: 'ca' }]).map((ref) => ({
                group: '',
                ...ref,
              })),
            }),
      },
    },
  };
}

function withSpec(object: KubeObject, patch: Record<string, unknown>): KubeObject {
  return { ...object, spec: { ...(object.spec as Record<string, unknown>), ...patch } };
}

const allowAll = { namespaces: { from: 'All' } };
const https: ListenerInput = {
  name: 'https',
  protocol: 'HTTPS',
  tls: { certificateRefs: [{ name: 'tls' }] },
};
const base = [gatewayClass(), gateway(), service()];
const validCa = configMap({ data: { 'ca.crt': CA_PEM } });
const caRef = (name: string, extra: Record<string, string> = {}) => ({
  group: '',
  kind: 'ConfigMap',
  name,
  ...extra,
});
const frontend = (validation: Record<string, unknown>, perPort?: unknown[]) => ({
  tls: { frontend: { default: { validation }, ...(perPort ? { perPort } : {}) } },
});
const clientCert = (ref: Record<string, string>) => ({ tls: { backend: { clientCertificateRef: ref } } });
const ROUTE = 'HTTPRoute/default/httproute';
const GW = 'Gateway/default/gateway';

/** A Gateway with one listener, and an HTTPRoute with hostnames attached to it (R43). */
function hostnameRow(
  title: string,
  listenerHostname: string | undefined,
  routeHostnames: string[] | undefined,
  accepted: string,
): Row {
  return {
    rule: 'R43',
    title,
    objects: [
      gatewayClass(),
      gateway({ listeners: [listenerHostname ? { hostname: listenerHostname } : {}] }),
      service(),
      httpRoute(routeHostnames ? { hostnames: routeHostnames } : {}),
    ],
    expect: [
      { at: 'parent', conditions: [accepted] },
      { at: 'listener', name: 'http', attachedRoutes: accepted.startsWith('Accepted=True') ? 1 : 0 },
    ],
  };
}

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

/** A BackendTLSPolicy on Service backend, reached through an accepted HTTPRoute (R58/R59). */
const policyScene = (...policies: KubeObject[]) => [...base, httpRoute(), validCa, ...policies];
const POLICY = 'BackendTLSPolicy/default/policy';

// ---- the rows --------------------------------------------------------------------------------

const rows: Row[] = [
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

  // C. Admission
  {
    rule: 'R8',
    title: 'duplicate listener names are rejected at admission',
    objects: [gatewayClass(), gateway({ listeners: [{ name: 'a' }, { name: 'a', port: 8080 }] })],
    expect: [{ at: 'finding', key: GW, slug: 'admission-rejected', field: 'spec.listeners[1].name' }],
  },
  {
    rule: 'R8',
    title: 'listeners repeating port, protocol and hostname are rejected at admission',
    objects: [gatewayClass(), gateway({ listeners: [{ name: 'a' }, { name: 'b' }] })],
    expect: [{ at: 'finding', key: GW, slug: 'admission-rejected' }],
  },
  {
    rule: 'R8',
    title: 'a Gateway without listeners is rejected at admission',
    objects: [gatewayClass(), gateway({ listeners: [] })],
    expect: [{ at: 'finding', key: GW, slug: 'admission-rejected' }],
  },
  {
    rule: 'R8',
    title: 'tls on an HTTP listener is rejected at admission',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ tls: { certificateRefs: [{ name: 'tls' }] } }] }),
      secret(),
    ],
    expect: [{ at: 'finding', key: GW, slug: 'admission-rejected', field: 'spec.listeners[0].tls' }],
  },
  {
    rule: 'R8',
    title: 'an HTTPS listener in Passthrough mode is rejected at admission',
    objects: [gatewayClass(), gateway({ listeners: [{ protocol: 'HTTPS', tls: { mode: 'Passthrough' } }] })],
    expect: [{ at: 'finding', key: GW, slug: 'admission-rejected', field: 'spec.listeners[0].tls.mode' }],
  },
  {
    rule: 'R8',
    title: 'a Terminate listener without certificateRefs or options is rejected at admission',
    objects: [gatewayClass(), gateway({ listeners: [{ protocol: 'HTTPS', tls: { mode: 'Terminate' } }] })],
    expect: [{ at: 'finding', key: GW, slug: 'admission-rejected', field: 'spec.listeners[0].tls' }],
  },
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

  // E. Gateway
  {
    rule: 'R16',
    title: 'a Route to a Gateway no controller owns gets no parent entry',
    objects: [gateway({ className: 'missing' }), service(), httpRoute()],
    expect: [
      { at: 'parents', count: 0 },
      { at: 'finding', key: ROUTE, slug: 'parent-not-processed', field: 'spec.parentRefs[0]' },
    ],
  },
  {
    rule: 'R17',
    title: 'an infrastructure parametersRef to nothing is InvalidParameters',
    objects: [
      gatewayClass(),
      gateway({
        spec: {
          infrastructure: {
            parametersRef: { group: 'invalid.io', kind: 'InvalidParameters', name: 'invalid' },
          },
        },
      }),
    ],
    expect: [
      { at: 'gateway', conditions: ['Accepted=False/InvalidParameters', 'Programmed=False'] },
      { at: 'finding', key: GW, slug: 'invalid-parameters', field: 'spec.infrastructure.parametersRef' },
    ],
  },
  {
    rule: 'R17',
    title: 'an infrastructure parametersRef to an existing ConfigMap is Accepted',
    objects: [
      gatewayClass(),
      gateway({ spec: { infrastructure: { parametersRef: { group: '', kind: 'ConfigMap', name: 'ca' } } } }),
      configMap(),
    ],
    expect: [{ at: 'gateway', conditions: ['Accepted=True/Accepted'] }],
  },
  {
    rule: 'R18',
    title: 'an unsupported address type is UnsupportedAddress',
    objects: [
      gatewayClass(),
      gateway({ spec: { addresses: [{ type: 'test/fake-invalid-type', value: 'x' }] } }),
    ],
    expect: [
      { at: 'gateway', conditions: ['Accepted=False/UnsupportedAddress'] },
      { at: 'finding', key: GW, slug: 'unsupported-address', field: 'spec.addresses[0].type' },
    ],
  },
  {
    rule: 'R18',
    title: 'an IPAddress is accepted and whether it is assigned is left to runtime',
    objects: [gatewayClass(), gateway({ spec: { addresses: [{ type: 'IPAddress', value: '10.0.0.1' }] } })],
    expect: [{ at: 'gateway', conditions: ['Accepted=True/Accepted', 'Programmed=Unknown/Pending@runtime'] }],
  },
  {
    rule: 'R19',
    title: 'a Gateway whose only listener is invalid is not Accepted',
    objects: [gatewayClass(), gateway({ listeners: [{ name: 'invalid', protocol: 'INVALID', port: 1111 }] })],
    expect: [{ at: 'gateway', conditions: ['Accepted=False/ListenersNotValid'] }],
  },
  {
    rule: 'R19',
    title: 'a Gateway with some invalid listeners is Accepted with ListenersNotValid',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{}, { name: 'invalid', protocol: 'INVALID', port: 1111 }] }),
    ],
    expect: [
      { at: 'gateway', conditions: ['Accepted=True/ListenersNotValid'] },
      {
        at: 'listener',
        name: 'http',
        conditions: ['Accepted=True/Accepted'],
        supportedKinds: ['HTTPRoute', 'GRPCRoute'],
      },
    ],
  },
  {
    rule: 'R19',
    title: 'reasons to reject a Gateway that coincide are alternatives, none before the other',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [{ name: 'invalid', protocol: 'INVALID', port: 1111 }],
        spec: {
          addresses: [{ type: 'test/fake-invalid-type', value: 'x' }],
          infrastructure: { parametersRef: { group: 'example.com', kind: 'Params', name: 'missing' } },
        },
      }),
    ],
    expect: [
      {
        at: 'gateway',
        conditions: [
          'Accepted=False/InvalidParameters@implementation[UnsupportedAddress,ListenersNotValid] ~infrastructure.parametersRef',
        ],
      },
      { at: 'finding', key: GW, slug: 'unsupported-address', field: 'spec.addresses[0].type' },
      { at: 'finding', key: GW, slug: 'invalid-parameters' },
    ],
  },
  {
    rule: 'R19',
    title: 'any conflicted listener makes the Gateway ListenersNotValid',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [{ name: 'a' }, { name: 'b', protocol: 'TCP', port: 80 }, { name: 'c', port: 8080 }],
      }),
    ],
    expect: [{ at: 'gateway', conditions: ['Accepted=True/ListenersNotValid'] }],
  },
  {
    rule: 'R20',
    title: 'a backend client certificate that does not exist is InvalidClientCertificateRef',
    objects: [gatewayClass(), gateway({ spec: clientCert({ name: 'client' }) })],
    expect: [
      {
        at: 'gateway',
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False/InvalidClientCertificateRef'],
      },
      { at: 'finding', key: GW, slug: 'gateway-client-certificate-invalid' },
    ],
  },
  {
    rule: 'R20',
    title: 'a backend client certificate of the wrong group is InvalidClientCertificateRef',
    objects: [
      gatewayClass(),
      gateway({ spec: clientCert({ group: 'wrong.group.company.io', kind: 'Secret', name: 'client' }) }),
      secret({ name: 'client' }),
    ],
    expect: [
      {
        at: 'gateway',
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False/InvalidClientCertificateRef'],
      },
    ],
  },
  {
    rule: 'R20',
    title: 'a backend client certificate of the wrong kind is InvalidClientCertificateRef',
    objects: [
      gatewayClass(),
      gateway({ spec: clientCert({ group: '', kind: 'WrongKind', name: 'client' }) }),
      secret({ name: 'client' }),
    ],
    expect: [{ at: 'gateway', conditions: ['ResolvedRefs=False/InvalidClientCertificateRef'] }],
  },
  {
    rule: 'R20',
    title: 'an empty Opaque backend client certificate is InvalidClientCertificateRef',
    objects: [
      gatewayClass(),
      gateway({ spec: clientCert({ name: 'client' }) }),
      secret({ name: 'client', type: 'Opaque' }),
    ],
    expect: [{ at: 'gateway', conditions: ['ResolvedRefs=False/InvalidClientCertificateRef'] }],
  },
  {
    rule: 'R20',
    title: 'a backend client certificate in another namespace without a grant is RefNotPermitted',
    objects: [
      gatewayClass(),
      gateway({ spec: clientCert({ name: 'client', namespace: 'certs' }) }),
      secret({ name: 'client', namespace: 'certs' }),
    ],
    expect: [{ at: 'gateway', conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False/RefNotPermitted'] }],
  },
  {
    rule: 'R20',
    title: 'a backend client certificate in another namespace with a grant resolves',
    objects: [
      gatewayClass(),
      gateway({ spec: clientCert({ name: 'client', namespace: 'certs' }) }),
      secret({ name: 'client', namespace: 'certs' }),
      referenceGrant({
        namespace: 'certs',
        from: [{ kind: 'Gateway', namespace: 'default' }],
        to: [{ kind: 'Secret' }],
      }),
    ],
    expect: [{ at: 'gateway', conditions: ['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs'] }],
  },
  {
    rule: 'R21',
    title: 'AllowInsecureFallback in the default validation sets InsecureFrontendValidationMode',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [https],
        spec: frontend({ caCertificateRefs: [caRef('ca')], mode: 'AllowInsecureFallback' }),
      }),
      secret(),
      validCa,
    ],
    expect: [
      {
        at: 'gateway',
        conditions: ['Accepted=True/Accepted', 'InsecureFrontendValidationMode=True/ConfigurationChanged'],
      },
    ],
  },
  {
    rule: 'R21',
    title: 'AllowInsecureFallback in a per-port validation sets InsecureFrontendValidationMode',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [https],
        spec: frontend({ caCertificateRefs: [caRef('ca')] }, [
          {
            port: 8443,
            tls: { validation: { caCertificateRefs: [caRef('ca')], mode: 'AllowInsecureFallback' } },
          },
        ]),
      }),
      secret(),
      validCa,
    ],
    expect: [{ at: 'gateway', conditions: ['InsecureFrontendValidationMode=True/ConfigurationChanged'] }],
  },
  {
    rule: 'R21',
    title: 'AllowValidOnly does not set InsecureFrontendValidationMode',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [https],
        spec: frontend({ caCertificateRefs: [caRef('ca')], mode: 'AllowValidOnly' }),
      }),
      secret(),
      validCa,
    ],
    expect: [{ at: 'gateway', conditions: ['!InsecureFrontendValidationMode'] }],
  },
  {
    rule: 'R22',
    title: 'an accepted Gateway is Programmed only at runtime (Unknown)',
    objects: [gatewayClass(), gateway()],
    expect: [{ at: 'gateway', conditions: ['Accepted=True/Accepted', 'Programmed=Unknown/Pending@runtime'] }],
  },
  {
    rule: 'R22',
    title: 'a Gateway that is not Accepted is not Programmed',
    objects: [gatewayClass(), gateway({ listeners: [{ name: 'invalid', protocol: 'INVALID', port: 1111 }] })],
    expect: [{ at: 'gateway', conditions: ['Accepted=False', 'Programmed=False'] }],
  },

  // F. Listener
  {
    rule: 'R23',
    title: 'an unknown protocol is UnsupportedProtocol with no kinds and no routes',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ name: 'invalid', protocol: 'INVALID', port: 1111, allowedRoutes: allowAll }] }),
      service(),
      httpRoute(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'invalid',
        conditions: ['Accepted=False/UnsupportedProtocol'],
        supportedKinds: [],
        attachedRoutes: 0,
      },
      { at: 'parent', conditions: ['Accepted=False/NotAllowedByListeners'] },
    ],
  },
  {
    rule: 'R24',
    title: 'supported kinds default per protocol and TLS mode',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'http', port: 80 },
          { name: 'https', protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ name: 'tls' }] } },
          { name: 'passthrough', protocol: 'TLS', port: 8443, tls: { mode: 'Passthrough' } },
          { name: 'terminate', protocol: 'TLS', port: 9443, tls: { certificateRefs: [{ name: 'tls' }] } },
          { name: 'tcp', protocol: 'TCP', port: 9000 },
          { name: 'udp', protocol: 'UDP', port: 9001 },
        ],
      }),
      secret(),
    ],
    expect: [
      { at: 'listener', name: 'http', supportedKinds: ['HTTPRoute', 'GRPCRoute'] },
      { at: 'listener', name: 'https', supportedKinds: ['HTTPRoute', 'GRPCRoute'] },
      { at: 'listener', name: 'passthrough', supportedKinds: ['TLSRoute'] },
      { at: 'listener', name: 'terminate', supportedKinds: ['TLSRoute'] },
      { at: 'listener', name: 'tcp', supportedKinds: ['TCPRoute'] },
      { at: 'listener', name: 'udp', supportedKinds: ['UDPRoute'] },
    ],
  },
  {
    rule: 'R25',
    title: 'only unknown kinds leave supportedKinds empty with InvalidRouteKinds',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [{ allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ kind: 'InvalidRoute' }] } }],
      }),
      service(),
      httpRoute(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'http',
        conditions: ['ResolvedRefs=False/InvalidRouteKinds'],
        supportedKinds: [],
        attachedRoutes: 0,
      },
      {
        at: 'finding',
        key: GW,
        slug: 'listener-invalid-route-kinds',
        field: 'spec.listeners[0].allowedRoutes.kinds',
      },
    ],
  },
  {
    rule: 'R25',
    title: 'supportedKinds keeps the valid entries next to an unknown kind',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [{ allowedRoutes: { kinds: [{ kind: 'InvalidRoute' }, { kind: 'HTTPRoute' }] } }],
      }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'http',
        conditions: ['ResolvedRefs=False/InvalidRouteKinds'],
        supportedKinds: ['HTTPRoute'],
      },
    ],
  },
  {
    rule: 'R25',
    title: 'TCPRoute is an invalid kind on a TLS Passthrough listener',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          {
            protocol: 'TLS',
            tls: { mode: 'Passthrough' },
            allowedRoutes: { kinds: [{ kind: 'TCPRoute' }, { kind: 'TLSRoute' }] },
          },
        ],
      }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'tls',
        conditions: ['ResolvedRefs=False/InvalidRouteKinds@spec'],
        supportedKinds: ['TLSRoute'],
      },
    ],
  },
  {
    rule: 'R25',
    title:
      "TCPRoute on a TLS Terminate listener is the implementation's choice, for the listener and the Route",
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          {
            protocol: 'TLS',
            port: 5432,
            tls: { mode: 'Terminate', certificateRefs: [{ name: 'tls' }] },
            allowedRoutes: { kinds: [{ kind: 'TCPRoute' }] },
          },
        ],
      }),
      secret(),
      service(),
      tcpRoute(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'tls',
        conditions: [
          'ResolvedRefs=False/InvalidRouteKinds@implementation[ResolvedRefs]',
          'Programmed=False/Invalid@implementation[Programmed]',
        ],
        supportedKinds: [],
        attachedRoutes: 0,
      },
      {
        at: 'parent',
        key: 'TCPRoute/default/tcproute',
        conditions: ['Accepted=False/NotAllowedByListeners@implementation[Accepted]'],
      },
      { at: 'finding', key: GW, slug: 'listener-invalid-route-kinds' },
    ],
  },
  {
    rule: 'R25',
    title: 'an invalid route kind and a certificate without a ReferenceGrant compete for ResolvedRefs',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          {
            ...https,
            tls: { certificateRefs: [{ name: 'shared-cert', namespace: 'team-a' }] },
            allowedRoutes: { kinds: [{ kind: 'TCPRoute' }] },
          },
        ],
      }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'https',
        conditions: [
          'ResolvedRefs=False/InvalidRouteKinds@implementation[RefNotPermitted] ~Route kinds TCPRoute',
        ],
      },
      { at: 'finding', key: GW, slug: 'listener-invalid-route-kinds' },
      { at: 'finding', key: GW, slug: 'listener-reference-not-permitted' },
    ],
  },
  {
    rule: 'R25',
    title: 'a listed kind in another group is invalid',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ allowedRoutes: { kinds: [{ group: 'example.com', kind: 'HTTPRoute' }] } }] }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'http',
        conditions: ['ResolvedRefs=False/InvalidRouteKinds'],
        supportedKinds: [],
      },
    ],
  },
  {
    rule: 'R25',
    title: 'a Route kind the listener does not list cannot attach',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ allowedRoutes: { kinds: [{ kind: 'GRPCRoute' }] } }] }),
      service(),
      httpRoute(),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=False/NotAllowedByListeners'] },
      { at: 'listener', name: 'http', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R26',
    title: 'from Selector without a selector admits no namespace',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ allowedRoutes: { namespaces: { from: 'Selector' } } }] }),
      service(),
      httpRoute(),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=False/NotAllowedByListeners'] },
      {
        at: 'finding',
        key: GW,
        slug: 'listener-invalid',
        field: 'spec.listeners[0].allowedRoutes.namespaces.selector',
      },
    ],
  },
  {
    rule: 'R26',
    title: 'a selector with an unknown operator admits no namespace',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          {
            allowedRoutes: {
              namespaces: {
                from: 'Selector',
                selector: { matchExpressions: [{ key: 'a', operator: 'Near' }] },
              },
            },
          },
        ],
      }),
      service(),
      httpRoute(),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=False/NotAllowedByListeners'] },
      { at: 'finding', key: GW, slug: 'listener-invalid' },
    ],
  },
  {
    rule: 'R27',
    title: 'an HTTPS listener without tls is invalid and not programmed',
    objects: [gatewayClass(), gateway({ listeners: [{ protocol: 'HTTPS' }] })],
    expect: [
      { at: 'finding', key: GW, slug: 'admission-rejected', field: 'spec.listeners[0].tls' },
      { at: 'listener', name: 'https', conditions: ['Programmed=False/Invalid'] },
    ],
  },
  {
    rule: 'R27',
    title: 'TLS Terminate is UnsupportedValue where the implementation lacks it',
    options: { tlsTerminate: false },
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { protocol: 'TLS', port: 8443, tls: { mode: 'Terminate', certificateRefs: [{ name: 'tls' }] } },
        ],
      }),
      secret(),
    ],
    expect: [
      { at: 'listener', name: 'tls', conditions: ['Accepted=False/UnsupportedValue'], attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R27',
    title: 'a Passthrough listener with certificateRefs is invalid',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [{ protocol: 'TLS', tls: { mode: 'Passthrough', certificateRefs: [{ name: 'tls' }] } }],
      }),
      secret(),
    ],
    expect: [
      { at: 'listener', name: 'tls', conditions: ['Programmed=False/Invalid'] },
      { at: 'finding', key: GW, slug: 'listener-invalid', field: 'spec.listeners[0]' },
    ],
  },
  {
    rule: 'R28',
    title: 'a certificateRef of the wrong group is InvalidCertificateRef',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          {
            ...https,
            tls: { certificateRefs: [{ group: 'wrong.group.company.io', kind: 'Secret', name: 'tls' }] },
          },
        ],
      }),
      secret(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'https',
        conditions: ['ResolvedRefs=False/InvalidCertificateRef'],
        supportedKinds: ['HTTPRoute', 'GRPCRoute'],
        attachedRoutes: 0,
      },
    ],
  },
  {
    rule: 'R28',
    title: 'a certificateRef of the wrong kind is InvalidCertificateRef, not InvalidKind',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [{ ...https, tls: { certificateRefs: [{ group: '', kind: 'WrongKind', name: 'tls' }] } }],
      }),
    ],
    expect: [{ at: 'listener', name: 'https', conditions: ['ResolvedRefs=False/InvalidCertificateRef'] }],
  },
  {
    rule: 'R28',
    title: 'a missing certificate keeps the listener Accepted and its routes counted',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ ...https, name: 'tls' }] }),
      httpRoute({ parentRefs: [{ name: 'gateway', sectionName: 'tls' }], backends: ['does-not-exist:80'] }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'tls',
        conditions: [
          'Accepted=True/Accepted',
          'ResolvedRefs=False/InvalidCertificateRef',
          'Programmed=False',
        ],
        attachedRoutes: 1,
      },
      { at: 'parent', conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False'] },
      {
        at: 'finding',
        key: GW,
        slug: 'listener-certificate-invalid',
        field: 'spec.listeners[0].tls.certificateRefs[0]',
      },
    ],
  },
  {
    rule: 'R28',
    title: 'a certificate in another namespace without a grant is RefNotPermitted',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ ...https, tls: { certificateRefs: [{ name: 'tls', namespace: 'certs' }] } }] }),
      secret({ namespace: 'certs' }),
    ],
    expect: [
      { at: 'listener', name: 'https', conditions: ['ResolvedRefs=False/RefNotPermitted'] },
      {
        at: 'finding',
        key: GW,
        slug: 'listener-reference-not-permitted',
        field: 'spec.listeners[0].tls.certificateRefs[0]',
      },
    ],
  },
  {
    rule: 'R28',
    title: 'a certificate in another namespace with a grant for every Secret resolves',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ ...https, tls: { certificateRefs: [{ name: 'tls', namespace: 'certs' }] } }] }),
      secret({ namespace: 'certs' }),
      referenceGrant({
        namespace: 'certs',
        from: [{ kind: 'Gateway', namespace: 'default' }],
        to: [{ kind: 'Secret' }],
      }),
    ],
    expect: [{ at: 'listener', name: 'https', conditions: ['ResolvedRefs=True/ResolvedRefs'] }],
  },
  {
    rule: 'R28',
    title: 'a Secret whose data is not PEM is InvalidCertificateRef',
    objects: [
      gatewayClass(),
      gateway({ listeners: [https] }),
      secret({ data: { 'tls.crt': 'Z2FyYmFnZQ==', 'tls.key': 'Z2FyYmFnZQ==' } }),
    ],
    expect: [{ at: 'listener', name: 'https', conditions: ['ResolvedRefs=False/InvalidCertificateRef'] }],
  },
  {
    rule: 'R29',
    title: 'a missing CA ConfigMap makes HTTPS listeners NoValidCACertificate and leaves HTTP alone',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [https, { name: 'http' }],
        spec: frontend({ caCertificateRefs: [caRef('does-not-exist')] }),
      }),
      secret(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'https',
        conditions: [
          'ResolvedRefs=False/InvalidCACertificateRef',
          'Accepted=False/NoValidCACertificate',
          'Programmed=False',
        ],
      },
      {
        at: 'listener',
        name: 'http',
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs'],
      },
    ],
  },
  {
    rule: 'R29',
    title: 'a CA reference of an unsupported kind is InvalidCACertificateKind',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [https],
        spec: frontend({ caCertificateRefs: [{ group: '', kind: 'Service', name: 'backend' }] }),
      }),
      secret(),
      service(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'https',
        conditions: ['ResolvedRefs=False/InvalidCACertificateKind', 'Accepted=False/NoValidCACertificate'],
      },
    ],
  },
  {
    rule: 'R29',
    title: 'a CA ConfigMap in another namespace without a grant is RefNotPermitted',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [https],
        spec: frontend({ caCertificateRefs: [caRef('ca', { namespace: 'certs' })] }),
      }),
      secret(),
      configMap({ namespace: 'certs', data: { 'ca.crt': CA_PEM } }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'https',
        conditions: ['ResolvedRefs=False/RefNotPermitted', 'Accepted=False/NoValidCACertificate'],
      },
    ],
  },
  {
    rule: 'R29',
    title: 'a CA ConfigMap without ca.crt is InvalidCACertificateRef',
    objects: [
      gatewayClass(),
      gateway({ listeners: [https], spec: frontend({ caCertificateRefs: [caRef('ca')] }) }),
      secret(),
      configMap({ data: { other: 'x' } }),
    ],
    expect: [{ at: 'listener', name: 'https', conditions: ['ResolvedRefs=False/InvalidCACertificateRef'] }],
  },
  {
    rule: 'R29',
    title: "the per-port entry for the listener's port overrides the default",
    objects: [
      gatewayClass(),
      gateway({
        listeners: [https],
        spec: frontend({ caCertificateRefs: [caRef('does-not-exist')] }, [
          { port: 443, tls: { validation: { caCertificateRefs: [caRef('ca')] } } },
        ]),
      }),
      secret(),
      validCa,
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
    rule: 'R30',
    title: 'a hostname on a TCP listener is rejected and the listener is not programmed',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ protocol: 'TCP', port: 9000, hostname: 'tcp.example.com' }] }),
    ],
    expect: [
      { at: 'finding', key: GW, slug: 'admission-rejected', field: 'spec.listeners[0].hostname' },
      { at: 'listener', name: 'tcp', conditions: ['Programmed=False/Invalid'] },
    ],
  },
  {
    rule: 'R31',
    title: 'HTTP and TCP on one port are both ProtocolConflict',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ name: 'http' }, { name: 'tcp', protocol: 'TCP', port: 80 }] }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'http',
        conditions: [
          'Conflicted=True/ProtocolConflict',
          'Accepted=False/ProtocolConflict',
          'Programmed=False',
        ],
      },
      {
        at: 'listener',
        name: 'tcp',
        conditions: [
          'Conflicted=True/ProtocolConflict',
          'Accepted=False/ProtocolConflict',
          'Programmed=False',
        ],
      },
      { at: 'gateway', conditions: ['Accepted=False/ListenersNotValid'] },
      { at: 'finding', key: GW, slug: 'listener-conflicted' },
    ],
  },
  {
    rule: 'R31',
    title: 'HTTPS and TLS with the same hostname on one port are HostnameConflict',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { ...https, hostname: 'a.example.com' },
          {
            name: 'tls',
            protocol: 'TLS',
            port: 443,
            hostname: 'a.example.com',
            tls: { mode: 'Passthrough' },
          },
        ],
      }),
      secret(),
    ],
    expect: [
      { at: 'listener', name: 'https', conditions: ['Conflicted=True/HostnameConflict'] },
      { at: 'listener', name: 'tls', conditions: ['Conflicted=True/HostnameConflict'] },
    ],
  },
  {
    rule: 'R31',
    title: 'a listener in a HostnameConflict and a ProtocolConflict at once has either reason',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { ...https, hostname: 'a.example.com' },
          {
            name: 'tls',
            protocol: 'TLS',
            port: 443,
            hostname: 'a.example.com',
            tls: { mode: 'Passthrough' },
          },
          { name: 'tcp', protocol: 'TCP', port: 443 },
        ],
      }),
      secret(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'https',
        conditions: [
          'Conflicted=True/HostnameConflict@implementation[ProtocolConflict]',
          'Accepted=False/HostnameConflict@implementation[ProtocolConflict,Accepted]',
        ],
      },
    ],
  },
  {
    rule: 'R31',
    title: 'listeners on one port with distinct hostnames do not conflict',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'a', hostname: 'a.example.com' },
          { name: 'b', hostname: 'b.example.com' },
        ],
      }),
    ],
    expect: [
      { at: 'listener', name: 'a', conditions: ['Conflicted=False/NoConflicts', 'Accepted=True/Accepted'] },
      { at: 'listener', name: 'b', conditions: ['Conflicted=False/NoConflicts', 'Accepted=True/Accepted'] },
      { at: 'gateway', conditions: ['Accepted=True/Accepted'] },
    ],
  },
  {
    rule: 'R31',
    title: 'Terminate and Passthrough TLS on one port are ProtocolConflict when mixing is unsupported',
    options: { mixedTlsModesOnPort: false },
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          {
            name: 'terminate',
            protocol: 'TLS',
            port: 8443,
            hostname: 'terminate.example.com',
            tls: { mode: 'Terminate', certificateRefs: [{ name: 'tls' }] },
          },
          {
            name: 'passthrough',
            protocol: 'TLS',
            port: 8443,
            hostname: 'passthrough.example.com',
            tls: { mode: 'Passthrough' },
          },
        ],
      }),
      secret(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'terminate',
        conditions: ['Accepted=False/ProtocolConflict'],
        attachedRoutes: 0,
      },
      {
        at: 'listener',
        name: 'passthrough',
        conditions: ['Accepted=False/ProtocolConflict'],
        attachedRoutes: 0,
      },
    ],
  },
  {
    rule: 'R32',
    title: 'an HTTPS wildcard covering another HTTPS hostname on the port overlaps on both',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { ...https, name: 'wild', hostname: '*.example.com' },
          { ...https, name: 'foo', hostname: 'foo.example.com' },
        ],
      }),
      secret(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'wild',
        conditions: [
          'OverlappingTLSConfig=True/OverlappingHostnames',
          'Conflicted=False/NoConflicts',
          'Accepted=True/Accepted',
        ],
      },
      { at: 'listener', name: 'foo', conditions: ['OverlappingTLSConfig=True/OverlappingHostnames'] },
      { at: 'finding', key: GW, slug: 'overlapping-tls-config' },
    ],
  },
  {
    rule: 'R32',
    title: 'an HTTPS listener without hostname overlaps every HTTPS listener on its port',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { ...https, name: 'any' },
          { ...https, name: 'foo', hostname: 'foo.example.com' },
        ],
      }),
      secret(),
    ],
    expect: [
      { at: 'listener', name: 'any', conditions: ['OverlappingTLSConfig=True/OverlappingHostnames'] },
      { at: 'listener', name: 'foo', conditions: ['OverlappingTLSConfig=True/OverlappingHostnames'] },
    ],
  },
  {
    rule: 'R32',
    title: 'HTTPS listeners on different ports do not overlap',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { ...https, name: 'wild', hostname: '*.example.com' },
          { ...https, name: 'foo', port: 8443, hostname: 'foo.example.com' },
        ],
      }),
      secret(),
    ],
    expect: [
      { at: 'listener', name: 'wild', conditions: ['!OverlappingTLSConfig'] },
      { at: 'listener', name: 'foo', conditions: ['!OverlappingTLSConfig'] },
    ],
  },
  {
    rule: 'R32',
    title: 'a wildcard does not overlap a hostname two labels deeper (certificate semantics, EG)',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { ...https, name: 'wild', hostname: '*.example.com' },
          { ...https, name: 'deep', hostname: 'a.b.example.com' },
        ],
      }),
      secret(),
    ],
    expect: [
      { at: 'listener', name: 'wild', conditions: ['!OverlappingTLSConfig'] },
      { at: 'listener', name: 'deep', conditions: ['!OverlappingTLSConfig'] },
    ],
  },
  {
    rule: 'R32',
    title: 'HTTP listeners never get OverlappingTLSConfig',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'wild', hostname: '*.example.com' },
          { name: 'foo', hostname: 'foo.example.com' },
        ],
      }),
    ],
    expect: [
      { at: 'listener', name: 'wild', conditions: ['!OverlappingTLSConfig'] },
      { at: 'listener', name: 'foo', conditions: ['!OverlappingTLSConfig'] },
    ],
  },
  {
    rule: 'R33',
    title: 'a listener without problems is Accepted, resolved, not conflicted and Programmed at runtime',
    objects: [gatewayClass(), gateway()],
    expect: [
      {
        at: 'listener',
        name: 'http',
        conditions: [
          'Accepted=True/Accepted@spec',
          'ResolvedRefs=True/ResolvedRefs',
          'Conflicted=False/NoConflicts',
          'Programmed=Unknown/Pending@runtime',
        ],
      },
    ],
  },
  {
    rule: 'R33',
    title: 'a listener that is not Accepted is still listed in status.listeners',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{}, { name: 'invalid', protocol: 'INVALID', port: 1111 }] }),
    ],
    expect: [
      { at: 'gateway', listeners: ['http', 'invalid'] },
      { at: 'listener', name: 'invalid', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R34',
    title: 'attachedRoutes counts every accepted Route',
    objects: [...base, httpRoute({ name: 'one' }), httpRoute({ name: 'two' })],
    expect: [{ at: 'listener', name: 'http', attachedRoutes: 2 }],
  },
  {
    rule: 'R34',
    title: 'a Route with parentRefs to two listeners counts once on each',
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
      { at: 'listener', name: 'a', attachedRoutes: 1 },
      { at: 'listener', name: 'b', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R34',
    title: 'a Route selecting one listener through two parentRefs counts once',
    objects: [
      ...base,
      httpRoute({
        parentRefs: [
          { name: 'gateway', sectionName: 'http' },
          { name: 'gateway', port: 80 },
        ],
      }),
    ],
    expect: [{ at: 'listener', name: 'http', attachedRoutes: 1 }],
  },
  {
    rule: 'R34',
    title: 'several TCPRoutes on one TCP listener are all accepted and counted',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ protocol: 'TCP', port: 9000 }] }),
      service(),
      tcpRoute({ name: 'older', creationTimestamp: TS_OLD }),
      tcpRoute({ name: 'newer', creationTimestamp: TS_NEW }),
    ],
    expect: [
      { at: 'parent', key: 'TCPRoute/default/older', conditions: ['Accepted=True/Accepted'] },
      { at: 'parent', key: 'TCPRoute/default/newer', conditions: ['Accepted=True/Accepted'] },
      { at: 'listener', name: 'tcp', attachedRoutes: 2, supportedKinds: ['TCPRoute'] },
    ],
  },
  {
    rule: 'R34',
    title: 'a Route that is not Accepted is not counted',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ hostname: 'foo.example.com' }] }),
      service(),
      httpRoute({ hostnames: ['other.example.org'] }),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=False/NoMatchingListenerHostname'] },
      { at: 'listener', name: 'http', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R34',
    title: "a Route on a conflicted listener is counted, and its Accepted is the implementation's call",
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'http', port: 80 },
          { name: 'tcp', protocol: 'TCP', port: 80 },
        ],
      }),
      service(),
      httpRoute({ parentRefs: [{ name: 'gateway', sectionName: 'http' }] }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'http',
        conditions: [
          'Accepted=False/ProtocolConflict@implementation[Accepted]',
          'Conflicted=True/ProtocolConflict',
        ],
        supportedKinds: [],
        attachedRoutes: 1,
      },
      { at: 'parent', conditions: ['Accepted=True/Accepted@implementation[NotAllowedByListeners]'] },
      { at: 'finding', key: ROUTE, slug: 'route-on-unserved-listener', field: 'spec.parentRefs[0]' },
    ],
  },
  {
    rule: 'R34',
    title: 'a Route on a conflicted and an accepted listener is Accepted by the spec',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'http', port: 80 },
          { name: 'tcp', protocol: 'TCP', port: 80 },
          { name: 'other', port: 8080 },
        ],
      }),
      service(),
      httpRoute(),
    ],
    expect: [
      { at: 'listener', name: 'http', attachedRoutes: 1 },
      { at: 'listener', name: 'other', attachedRoutes: 1 },
      { at: 'parent', conditions: ['Accepted=True/Accepted@spec'] },
      { at: 'finding', key: ROUTE, slug: 'route-on-unserved-listener', field: 'spec.parentRefs[0]' },
    ],
  },
  {
    rule: 'R34',
    title: 'a Route with unresolved backends is still counted',
    objects: [gatewayClass(), gateway(), httpRoute({ backends: ['missing:80'] })],
    expect: [
      { at: 'parent', conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False/BackendNotFound'] },
      { at: 'listener', name: 'http', attachedRoutes: 1 },
    ],
  },

  // G. Route attachment
  {
    rule: 'R35',
    title: 'a parentRef of a kind the controller does not know gets no entry',
    objects: [...base, httpRoute({ parentRefs: [{ group: 'example.com', kind: 'Mesh', name: 'mesh' }] })],
    expect: [
      { at: 'parents', count: 0 },
      { at: 'finding', key: ROUTE, slug: 'unsupported-parent-kind', field: 'spec.parentRefs[0]' },
    ],
  },
  {
    rule: 'R35',
    title: 'a parentRef of kind ListenerSet resolves to the ListenerSet',
    objects: [
      gatewayClass(),
      withSpec(gateway(), { allowedListeners: { namespaces: { from: 'Same' } } }),
      service(),
      listenerSet(),
      httpRoute({ parentRefs: [{ group: GATEWAY_GROUP, kind: 'ListenerSet', name: 'set' }] }),
    ],
    expect: [
      {
        at: 'parent',
        conditions: ['Accepted=True/Accepted'],
        parentRef: { group: GATEWAY_GROUP, kind: 'ListenerSet', name: 'set' },
      },
      { at: 'listener', of: 'ListenerSet/default/set', name: 'extra', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R36',
    title: 'a cross-namespace parentRef needs no ReferenceGrant',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ allowedRoutes: allowAll }] }),
      service({ namespace: 'apps' }),
      httpRoute({ namespace: 'apps', parentRefs: [{ name: 'gateway', namespace: 'default' }] }),
    ],
    expect: [
      {
        at: 'parent',
        key: 'HTTPRoute/apps/httproute',
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs'],
      },
      { at: 'listener', name: 'http', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R37',
    title: 'listener selection is judged before namespaces (NoMatchingParent first)',
    objects: [
      ...base,
      service({ namespace: 'apps' }),
      httpRoute({
        namespace: 'apps',
        parentRefs: [{ name: 'gateway', namespace: 'default', sectionName: 'nope' }],
      }),
    ],
    expect: [
      { at: 'parent', key: 'HTTPRoute/apps/httproute', conditions: ['Accepted=False/NoMatchingParent'] },
    ],
  },
  {
    rule: 'R37',
    title: 'namespaces are judged before hostnames and ResolvedRefs is still reported',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ hostname: 'foo.example.com' }] }),
      service({ namespace: 'apps' }),
      httpRoute({
        namespace: 'apps',
        hostnames: ['other.example.org'],
        parentRefs: [{ name: 'gateway', namespace: 'default' }],
      }),
    ],
    expect: [
      {
        at: 'parent',
        key: 'HTTPRoute/apps/httproute',
        conditions: ['Accepted=False/NotAllowedByListeners', 'ResolvedRefs=True/ResolvedRefs'],
      },
    ],
  },
  {
    rule: 'R37',
    title: 'a namespace and a hostname fault at once leave the reason to the implementation',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ hostname: 'foo.example.com' }] }),
      service({ namespace: 'apps' }),
      httpRoute({
        namespace: 'apps',
        hostnames: ['other.example.org'],
        parentRefs: [{ name: 'gateway', namespace: 'default' }],
      }),
    ],
    expect: [
      {
        at: 'parent',
        key: 'HTTPRoute/apps/httproute',
        conditions: ['Accepted=False/NotAllowedByListeners@implementation[NoMatchingListenerHostname]'],
      },
    ],
  },
  {
    rule: 'R37',
    title: 'ResolvedRefs is reported on a parent that is not Accepted',
    objects: [...base, httpRoute({ parentRefs: [{ name: 'gateway', port: 81 }], backends: ['missing:80'] })],
    expect: [
      { at: 'parent', conditions: ['Accepted=False/NoMatchingParent', 'ResolvedRefs=False/BackendNotFound'] },
    ],
  },
  {
    rule: 'R37',
    title: 'invalid rules are judged before hostnames',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ hostname: 'foo.example.com' }] }),
      service(),
      httpRoute({
        hostnames: ['other.example.org'],
        rules: [{ matches: [{ path: { type: 'Bogus', value: '/' } }] }],
      }),
    ],
    expect: [{ at: 'parent', conditions: ['Accepted=False/UnsupportedValue'] }],
  },
  {
    rule: 'R38',
    title: 'a sectionName naming no listener is NoMatchingParent',
    objects: [...base, httpRoute({ parentRefs: [{ name: 'gateway', sectionName: 'nope' }] })],
    expect: [
      { at: 'parent', conditions: ['Accepted=False/NoMatchingParent', 'ResolvedRefs=True/ResolvedRefs'] },
      { at: 'listener', name: 'http', attachedRoutes: 0 },
      { at: 'finding', key: ROUTE, slug: 'route-not-accepted', field: 'spec.parentRefs[0]' },
    ],
  },
  {
    rule: 'R38',
    title: "a ListenerSet's listener is not reachable through a Gateway parentRef",
    objects: [
      gatewayClass(),
      gateway({ spec: { allowedListeners: { namespaces: { from: 'Same' } } } }),
      listenerSet(),
      service(),
      httpRoute({ parentRefs: [{ name: 'gateway', sectionName: 'extra' }] }),
    ],
    expect: [{ at: 'parent', conditions: ['Accepted=False/NoMatchingParent'] }],
  },
  {
    rule: 'R38',
    title: 'a sectionName attaches to that listener only',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ name: 'a' }, { name: 'b', port: 8080 }] }),
      service(),
      httpRoute({ parentRefs: [{ name: 'gateway', sectionName: 'b' }] }),
    ],
    expect: [
      { at: 'listener', name: 'a', attachedRoutes: 0 },
      { at: 'listener', name: 'b', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R39',
    title: 'a port with no listener is NoMatchingParent',
    objects: [...base, httpRoute({ parentRefs: [{ name: 'gateway', port: 81 }] })],
    expect: [
      { at: 'parent', conditions: ['Accepted=False/NoMatchingParent', 'ResolvedRefs=True/ResolvedRefs'] },
      { at: 'listener', name: 'http', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R39',
    title: 'a sectionName and a port that name different listeners are NoMatchingParent',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ allowedRoutes: allowAll }] }),
      service(),
      httpRoute({ parentRefs: [{ name: 'gateway', sectionName: 'http', port: 81 }] }),
    ],
    expect: [{ at: 'parent', conditions: ['Accepted=False/NoMatchingParent'] }],
  },
  {
    rule: 'R39',
    title: 'a port attaches to every allowing listener on it',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'a', hostname: 'a.example.com' },
          { name: 'b', hostname: 'b.example.com' },
          { name: 'c', port: 8080 },
        ],
      }),
      service(),
      httpRoute({ parentRefs: [{ name: 'gateway', port: 80 }] }),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=True/Accepted'] },
      { at: 'listener', name: 'a', attachedRoutes: 1 },
      { at: 'listener', name: 'b', attachedRoutes: 1 },
      { at: 'listener', name: 'c', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R40',
    title: 'without sectionName or port one allowing listener suffices',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ name: 'http' }, { name: 'tcp', protocol: 'TCP', port: 9000 }] }),
      service(),
      httpRoute(),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=True/Accepted'] },
      { at: 'listener', name: 'http', attachedRoutes: 1 },
      { at: 'listener', name: 'tcp', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R40',
    title: 'a TCPRoute without sectionName attaches to every TCP listener',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'tcp-1', protocol: 'TCP', port: 9000 },
          { name: 'tcp-2', protocol: 'TCP', port: 9001 },
        ],
      }),
      service(),
      tcpRoute(),
    ],
    expect: [
      { at: 'parent', key: 'TCPRoute/default/tcproute', conditions: ['Accepted=True/Accepted'] },
      { at: 'listener', name: 'tcp-1', attachedRoutes: 1 },
      { at: 'listener', name: 'tcp-2', attachedRoutes: 1 },
    ],
  },
  ...(
    [
      ['from All admits any namespace', { from: 'All' }, [], 'Accepted=True/Accepted'],
      [
        'a matchLabels selector matches Namespace labels',
        { from: 'Selector', selector: { matchLabels: { team: 'a' } } },
        [namespace({ name: 'apps', labels: { team: 'a' } })],
        'Accepted=True/Accepted',
      ],
      [
        'a matchLabels selector rejects other labels',
        { from: 'Selector', selector: { matchLabels: { team: 'a' } } },
        [namespace({ name: 'apps', labels: { team: 'b' } })],
        'Accepted=False/NotAllowedByListeners',
      ],
      [
        'kubernetes.io/metadata.name is synthesized for an absent Namespace',
        { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } } },
        [],
        'Accepted=True/Accepted',
      ],
      [
        'matchExpressions In matches',
        {
          from: 'Selector',
          selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'stage'] }] },
        },
        [namespace({ name: 'apps', labels: { env: 'prod' } })],
        'Accepted=True/Accepted',
      ],
      [
        'matchExpressions NotIn rejects a listed value',
        {
          from: 'Selector',
          selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
        },
        [namespace({ name: 'apps', labels: { env: 'prod' } })],
        'Accepted=False/NotAllowedByListeners',
      ],
      [
        'matchExpressions NotIn admits a namespace without the label',
        {
          from: 'Selector',
          selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
        },
        [],
        'Accepted=True/Accepted',
      ],
      [
        'matchExpressions Exists requires the label',
        { from: 'Selector', selector: { matchExpressions: [{ key: 'env', operator: 'Exists' }] } },
        [],
        'Accepted=False/NotAllowedByListeners',
      ],
      [
        'matchExpressions DoesNotExist rejects a labelled namespace',
        { from: 'Selector', selector: { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] } },
        [namespace({ name: 'apps', labels: { env: 'dev' } })],
        'Accepted=False/NotAllowedByListeners',
      ],
      [
        'matchLabels and matchExpressions must both hold',
        {
          from: 'Selector',
          selector: {
            matchLabels: { team: 'a' },
            matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }],
          },
        },
        [namespace({ name: 'apps', labels: { team: 'a', env: 'dev' } })],
        'Accepted=False/NotAllowedByListeners',
      ],
    ] as const
  ).map(([title, namespaces, extra, accepted]): Row => ({
    rule: 'R41',
    title,
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ allowedRoutes: { namespaces } }] }),
      service({ namespace: 'apps' }),
      ...extra,
      httpRoute({ namespace: 'apps', parentRefs: [{ name: 'gateway', namespace: 'default' }] }),
    ],
    expect: [{ at: 'parent', key: 'HTTPRoute/apps/httproute', conditions: [accepted] }],
  })),
  {
    rule: 'R41',
    title: "from Same on a ListenerSet listener means the ListenerSet's namespace",
    objects: [
      gatewayClass(),
      gateway({ spec: { allowedListeners: { namespaces: { from: 'All' } } } }),
      listenerSet({ namespace: 'apps' }),
      service(),
      service({ namespace: 'apps' }),
      httpRoute({ name: 'same', namespace: 'apps', parentRefs: [{ kind: 'ListenerSet', name: 'set' }] }),
      httpRoute({ name: 'other', parentRefs: [{ kind: 'ListenerSet', name: 'set', namespace: 'apps' }] }),
    ],
    expect: [
      { at: 'parent', key: 'HTTPRoute/apps/same', conditions: ['Accepted=True/Accepted'] },
      { at: 'parent', key: 'HTTPRoute/default/other', conditions: ['Accepted=False/NotAllowedByListeners'] },
      { at: 'listener', of: 'ListenerSet/apps/set', name: 'extra', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R42',
    title: 'a TLSRoute on an HTTP listener is NotAllowedByListeners',
    objects: [...base, tlsRoute({ hostnames: ['tls.example.com'] })],
    expect: [
      {
        at: 'parent',
        key: 'TLSRoute/default/tlsroute',
        conditions: ['Accepted=False/NotAllowedByListeners'],
      },
    ],
  },
  {
    rule: 'R42',
    title: 'a TLSRoute on an HTTPS listener is NotAllowedByListeners',
    objects: [
      gatewayClass(),
      gateway({ listeners: [https] }),
      secret(),
      service(),
      tlsRoute({ hostnames: ['tls.example.com'] }),
    ],
    expect: [
      {
        at: 'parent',
        key: 'TLSRoute/default/tlsroute',
        conditions: ['Accepted=False/NotAllowedByListeners'],
      },
      { at: 'listener', name: 'https', attachedRoutes: 0 },
    ],
  },
  hostnameRow(
    'a listener wildcard matches a Route hostname several labels deeper',
    '*.example.com',
    ['foo.bar.example.com'],
    'Accepted=True/Accepted',
  ),
  hostnameRow(
    'a listener wildcard does not match its bare domain',
    '*.example.com',
    ['example.com'],
    'Accepted=False/NoMatchingListenerHostname',
  ),
  hostnameRow(
    'a listener wildcard matches only on a label boundary',
    '*.example.com',
    ['fooexample.com'],
    'Accepted=False/NoMatchingListenerHostname',
  ),
  hostnameRow(
    'a Route wildcard matches a listener hostname under it',
    'very.specific.com',
    ['*.specific.com'],
    'Accepted=True/Accepted',
  ),
  hostnameRow(
    'a wider Route wildcard intersects a listener wildcard',
    '*.example.com',
    ['*.com'],
    'Accepted=True/Accepted',
  ),
  hostnameRow(
    'a narrower Route wildcard intersects a wider listener wildcard',
    '*.com',
    ['*.example.com'],
    'Accepted=True/Accepted',
  ),
  hostnameRow(
    'disjoint wildcards do not intersect',
    '*.example.com',
    ['*.example.org'],
    'Accepted=False/NoMatchingListenerHostname',
  ),
  hostnameRow(
    'a listener without hostname matches any Route hostname',
    undefined,
    ['anything.example.io'],
    'Accepted=True/Accepted',
  ),
  hostnameRow(
    'a Route without hostnames matches any listener hostname',
    'foo.example.com',
    undefined,
    'Accepted=True/Accepted',
  ),
  hostnameRow(
    'non-intersecting Route hostnames are ignored when one intersects',
    'foo.example.com',
    ['other.example.org', 'foo.example.com'],
    'Accepted=True/Accepted',
  ),
  {
    rule: 'R43',
    title: 'only listeners whose hostname intersects count the Route',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'a', hostname: 'a.example.com' },
          { name: 'b', hostname: 'b.example.com' },
        ],
      }),
      service(),
      httpRoute({ hostnames: ['a.example.com'] }),
    ],
    expect: [
      { at: 'listener', name: 'a', attachedRoutes: 1 },
      { at: 'listener', name: 'b', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R43',
    title: 'a TLSRoute whose hostnames miss the TLS listener is NoMatchingListenerHostname',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [{ protocol: 'TLS', hostname: 'www.example.com', tls: { mode: 'Passthrough' } }],
      }),
      service({ ports: [443] }),
      tlsRoute({ hostnames: ['www.nomatch.com', '*.nomatch.com'], backends: ['backend:443'] }),
    ],
    expect: [
      {
        at: 'parent',
        key: 'TLSRoute/default/tlsroute',
        conditions: ['Accepted=False/NoMatchingListenerHostname'],
      },
      { at: 'listener', name: 'tls', attachedRoutes: 0 },
    ],
  },
  {
    rule: 'R44',
    title: 'an older HTTPRoute wins over a GRPCRoute with an intersecting hostname on one listener',
    objects: [
      ...base,
      httpRoute({ hostnames: ['api.example.com'], creationTimestamp: TS_OLD }),
      grpcRoute({ hostnames: ['api.example.com'], creationTimestamp: TS_NEW }),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=True/Accepted'] },
      { at: 'parent', key: 'GRPCRoute/default/grpcroute', conditions: ['Accepted=False'] },
      { at: 'listener', name: 'http', attachedRoutes: 1 },
    ],
  },
  {
    rule: 'R44',
    title: 'with equal age the HTTPRoute/GRPCRoute clash goes to namespace/name order',
    objects: [
      ...base,
      grpcRoute({ name: 'a', hostnames: ['api.example.com'] }),
      httpRoute({ name: 'b', hostnames: ['api.example.com'] }),
    ],
    expect: [
      { at: 'parent', key: 'GRPCRoute/default/a', conditions: ['Accepted=True/Accepted'] },
      { at: 'parent', key: 'HTTPRoute/default/b', conditions: ['Accepted=False'] },
    ],
  },
  {
    rule: 'R44',
    title: 'an HTTPRoute and a GRPCRoute with disjoint hostnames are both accepted',
    objects: [
      ...base,
      httpRoute({ hostnames: ['web.example.com'] }),
      grpcRoute({ hostnames: ['api.example.com'] }),
    ],
    expect: [
      { at: 'parent', conditions: ['Accepted=True/Accepted'] },
      { at: 'parent', key: 'GRPCRoute/default/grpcroute', conditions: ['Accepted=True/Accepted'] },
      { at: 'listener', name: 'http', attachedRoutes: 2 },
    ],
  },
  {
    rule: 'R45',
    title: 'each parentRef is judged on its own',
    objects: [
      gatewayClass(),
      gateway(),
      gateway({ name: 'other' }),
      service(),
      httpRoute({ parentRefs: [{ name: 'gateway', sectionName: 'nope' }, { name: 'other' }] }),
    ],
    expect: [
      { at: 'parents', count: 2 },
      {
        at: 'parent',
        index: 0,
        parentRef: { name: 'gateway', sectionName: 'nope' },
        conditions: ['Accepted=False/NoMatchingParent'],
      },
      { at: 'parent', index: 1, parentRef: { name: 'other' }, conditions: ['Accepted=True/Accepted'] },
      { at: 'listener', of: 'Gateway/default/other', name: 'http', attachedRoutes: 1 },
    ],
  },
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
  {
    rule: 'R47',
    title: 'a Route parent entry has no Programmed condition and does not wait for the Gateway',
    objects: base.concat(httpRoute()),
    expect: [{ at: 'parent', conditions: ['Accepted=True/Accepted', '!Programmed'] }],
  },

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

// ---- running a row ---------------------------------------------------------------------------

function decoded(raw: KubeObject): DecodedObject {
  const result = decodeObject(raw);
  if (!result.ok || !('value' in result))
    throw new Error(`fixture does not decode: ${JSON.stringify(result)}`);
  return result.value;
}

function build(row: Row): TopologyEngine {
  const engine = new TopologyEngine(row.options);
  engine.apply(row.objects.map((raw): Change => ({ type: 'upsert', object: decoded(raw) })));
  if (row.then) {
    engine.apply([
      ...(row.then.delete ?? []).map((raw): Change => ({ type: 'delete', key: decoded(raw).key })),
      ...(row.then.upsert ?? []).map((raw): Change => ({ type: 'upsert', object: decoded(raw) })),
    ]);
  }
  return engine;
}

const CONDITION =
  /^(!)?([A-Za-z]+)(?:=(True|False|Unknown)(?:\/([A-Za-z]+))?)?(?:@(spec|implementation|runtime)(?:\[([A-Za-z,]*)\])?)?$/;

function sortedText(items: readonly string[]): string {
  return [...items].sort().join(',');
}

function checkConditions(
  where: string,
  actual: readonly PredictedCondition[],
  expected: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  for (const text of expected) {
    const [head = '', prefix] = text.split(' ~');
    const match = CONDITION.exec(head);
    if (!match) throw new Error(`bad condition "${text}"`);
    const [, absent, type, status, reason, basis, alternatives] = match;
    const got = actual.find((item) => item.type === type);
    const describe = got
      ? `${got.type}=${got.status}/${got.reason}@${got.basis}[${(got.alternatives ?? []).join(',')}] (${got.message})`
      : 'none';
    if (absent) {
      if (got) problems.push(`${where}: expected no ${type}, got ${describe}`);
      continue;
    }
    const ok =
      got !== undefined &&
      (status === undefined || got.status === status) &&
      (reason === undefined || got.reason === reason) &&
      (basis === undefined || got.basis === basis) &&
      (alternatives === undefined ||
        sortedText(got.alternatives ?? []) === sortedText(alternatives.split(',').filter(Boolean))) &&
      (prefix === undefined || got.message.startsWith(prefix));
    if (!ok) problems.push(`${where}: expected ${text}, got ${describe}`);
  }
  return problems;
}

function check(engine: TopologyEngine, expectation: Expectation): string[] {
  const key = (text: string | undefined, fallback: string) => (text ?? fallback) as ObjectKey;
  switch (expectation.at) {
    case 'gateway': {
      const status = predictStatus(engine, key(expectation.key, GW));
      if (status?.kind !== 'gateway') return [`${expectation.key ?? GW}: no Gateway status`];
      const problems = checkConditions('Gateway', status.status.conditions, expectation.conditions);
      if (
        expectation.attachedListenerSets !== undefined &&
        (status.status.attachedListenerSets ?? 0) !== expectation.attachedListenerSets
      ) {
        problems.push(
          `attachedListenerSets ${status.status.attachedListenerSets}, expected ${expectation.attachedListenerSets}`,
        );
      }
      const names = status.status.listeners.map((item) => item.name);
      if (expectation.listeners && JSON.stringify(names) !== JSON.stringify(expectation.listeners)) {
        problems.push(
          `status.listeners ${JSON.stringify(names)}, expected ${JSON.stringify(expectation.listeners)}`,
        );
      }
      return problems;
    }
    case 'listener': {
      const owner = key(expectation.of, GW);
      const status = predictStatus(engine, owner);
      if (status?.kind !== 'gateway' && status?.kind !== 'listenerset') return [`${owner}: no status`];
      const found = status.status.listeners.find((item) => item.name === expectation.name);
      const where = `${owner} listener ${expectation.name}`;
      if (!found) return [`${where}: missing`];
      const problems = checkConditions(where, found.conditions, expectation.conditions);
      if (expectation.attachedRoutes !== undefined && found.attachedRoutes !== expectation.attachedRoutes) {
        problems.push(
          `${where}: attachedRoutes ${found.attachedRoutes}, expected ${expectation.attachedRoutes}`,
        );
      }
      if (expectation.supportedKinds) {
        const kinds = found.supportedKinds.map((item) => item.kind);
        if (JSON.stringify(kinds) !== JSON.stringify(expectation.supportedKinds))
          problems.push(
            `${where}: supportedKinds ${JSON.stringify(kinds)}, expected ${JSON.stringify(expectation.supportedKinds)}`,
          );
        if (found.supportedKinds.some((item) => item.group !== GATEWAY_GROUP))
          problems.push(
            `${where}: supportedKinds ${JSON.stringify(found.supportedKinds)} name another group`,
          );
      }
      return problems;
    }
    case 'parent': {
      const routeKey = key(expectation.key, ROUTE);
      const status = predictStatus(engine, routeKey);
      if (status?.kind !== 'route') return [`${routeKey}: no Route status`];
      const index = expectation.index ?? 0;
      const entry = status.status.parents[index];
      const where = `${routeKey} parents[${index}]`;
      if (!entry) return [`${where}: missing (${status.status.parents.length} entries)`];
      const problems = checkConditions(where, entry.conditions, expectation.conditions);
      if (expectation.controllerName !== undefined && entry.controllerName !== expectation.controllerName)
        problems.push(
          `${where}: controllerName ${entry.controllerName}, expected ${expectation.controllerName}`,
        );
      if (expectation.parentRef && JSON.stringify(entry.parentRef) !== JSON.stringify(expectation.parentRef))
        problems.push(
          `${where}: parentRef ${JSON.stringify(entry.parentRef)}, expected ${JSON.stringify(expectation.parentRef)}`,
        );
      return problems;
    }
    case 'parents': {
      const routeKey = key(expectation.key, ROUTE);
      const status = predictStatus(engine, routeKey);
      if (status?.kind !== 'route') return [`${routeKey}: no Route status`];
      return status.status.parents.length === expectation.count
        ? []
        : [`${routeKey}: ${status.status.parents.length} parent entries, expected ${expectation.count}`];
    }
    case 'analysis': {
      const routeKey = key(expectation.key, ROUTE);
      const parent = engine.route(routeKey)?.parents[expectation.index];
      const where = `${routeKey} parentRefs[${expectation.index}]`;
      if (!parent) return [`${where}: not analyzed`];
      const problems = checkConditions(where, parent.conditions, expectation.conditions);
      if (expectation.written !== undefined && parent.written !== expectation.written)
        problems.push(`${where}: written ${parent.written}, expected ${expectation.written}`);
      return problems;
    }
    case 'finding': {
      const found = engine
        .findingsFor(expectation.key as ObjectKey)
        .filter(
          (item) =>
            item.slug === expectation.slug &&
            (expectation.field === undefined || item.field === expectation.field),
        );
      const what = `${expectation.key}: finding ${expectation.slug}${expectation.field ? ` at ${expectation.field}` : ''}`;
      if (expectation.absent) return found.length === 0 ? [] : [`${what} present: ${found[0]?.message}`];
      if (found.length > 0) return [];
      const all = engine
        .findingsFor(expectation.key as ObjectKey)
        .map((item) => `${item.slug}@${item.field ?? ''}`);
      return [`${what} missing (has ${all.join(', ') || 'none'})`];
    }
    case 'listenerset': {
      const setKey = key(expectation.key, 'ListenerSet/default/set');
      const status = predictStatus(engine, setKey);
      if (status?.kind !== 'listenerset') return [`${setKey}: no ListenerSet status`];
      return checkConditions(setKey, status.status.conditions, expectation.conditions);
    }
    case 'policy': {
      const status = predictStatus(engine, expectation.key as ObjectKey);
      if (status?.kind !== 'policy') return [`${expectation.key}: no policy status`];
      const ancestor = status.status.ancestors[0];
      if (!ancestor) return [`${expectation.key}: no ancestors`];
      const problems = checkConditions(
        `${expectation.key} ancestor`,
        ancestor.conditions,
        expectation.conditions,
      );
      if (ancestor.ancestorRef.name !== 'gateway' || ancestor.ancestorRef.kind !== 'Gateway')
        problems.push(`${expectation.key}: ancestorRef ${JSON.stringify(ancestor.ancestorRef)}`);
      return problems;
    }
    case 'class': {
      const classKey = key(expectation.key, 'GatewayClass/example');
      const status = predictStatus(engine, classKey);
      if (status?.kind !== 'gatewayclass') return [`${classKey}: no GatewayClass status`];
      return checkConditions(classKey, status.status.conditions, expectation.conditions);
    }
    case 'generation': {
      const status = predictStatus(engine, expectation.key as ObjectKey);
      const conditions: PredictedCondition[] = [];
      if (status?.kind === 'gateway' || status?.kind === 'listenerset') {
        conditions.push(
          ...status.status.conditions,
          ...status.status.listeners.flatMap((item) => item.conditions),
        );
      } else if (status?.kind === 'route') {
        conditions.push(...status.status.parents.flatMap((item) => item.conditions));
      } else if (status?.kind === 'policy') {
        conditions.push(...status.status.ancestors.flatMap((item) => item.conditions));
      } else if (status?.kind === 'gatewayclass') {
        conditions.push(...status.status.conditions);
      }
      if (conditions.length === 0) return [`${expectation.key}: no conditions`];
      return conditions
        .filter((item) => item.observedGeneration !== expectation.value)
        .map(
          (item) =>
            `${expectation.key}: ${item.type} observedGeneration ${item.observedGeneration}, expected ${expectation.value}`,
        );
    }
  }
}

describe('status rules R1–R61', () => {
  it('covers every rule exactly once, by rows or as not modelled', () => {
    const modelled = new Set(rows.map((row) => row.rule));
    const skipped = notModelled.map((entry) => entry.rule);
    expect(new Set(skipped).size).toBe(skipped.length);
    expect(skipped.filter((rule) => modelled.has(rule))).toEqual([]);
    const covered = [...modelled, ...skipped].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    expect(covered).toEqual(Array.from({ length: 61 }, (_, index) => `R${index + 1}`));
    expect(notModelled.every((entry) => entry.reason.length > 0)).toBe(true);
  });

  it.each(rows)('$rule $title', (row) => {
    const engine = build(row);
    expect(row.expect.flatMap((expectation) => check(engine, expectation))).toEqual([]);
  });
});
