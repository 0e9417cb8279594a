/**
 * Policy CRD discovery, one row per case of the policy attachment digest's rules (P4–P17). The
 * CRDs are minimal excerpts of real ones: the Gateway API's BackendTLSPolicy and
 * XBackendTrafficPolicy (sigs.k8s.io/gateway-api v1.6.1 `config/crd/`), and Envoy Gateway v1.9,
 * Kuadrant v1.5 and Istio kinds as the digest's implementation table describes them.
 */
import { describe, expect, it } from 'vitest';
import { definesPolicyKind, discoverPolicyKinds, policyKindsFromNames, type PolicyKind } from './index.ts';

const str = { type: 'string' };
const localRef = {
  type: 'object',
  properties: { group: str, kind: str, name: str },
  required: ['group', 'kind', 'name'],
};
const sectionRef = {
  ...localRef,
  properties: { ...localRef.properties, sectionName: str },
};
const conditions = { type: 'array', items: { type: 'object', properties: { type: str, status: str } } };
const ancestorsStatus = {
  type: 'object',
  properties: {
    ancestors: {
      type: 'array',
      maxItems: 16,
      items: {
        type: 'object',
        properties: { ancestorRef: { type: 'object' }, controllerName: str, conditions },
        required: ['ancestorRef', 'conditions', 'controllerName'],
      },
    },
  },
  required: ['ancestors'],
};
const flatStatus = { type: 'object', properties: { conditions } };

interface CrdInput {
  readonly group: string;
  readonly kind: string;
  readonly label?: string;
  readonly scope?: 'Namespaced' | 'Cluster';
  readonly spec: Record<string, unknown>;
  readonly status?: unknown;
  readonly versions?: readonly { name: string; served: boolean; storage: boolean }[];
}

/** A CRD as `kubectl get crd -o yaml` lists it, with only the fields discovery reads. */
function crd(input: CrdInput): unknown {
  const lower = input.kind.toLowerCase();
  const plural = lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}s`;
  const schema = {
    openAPIV3Schema: {
      type: 'object',
      properties: {
        apiVersion: str,
        kind: str,
        metadata: { type: 'object' },
        spec: { type: 'object', properties: input.spec },
        ...(input.status === undefined ? {} : { status: input.status }),
      },
    },
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${plural}.${input.group}`,
      ...(input.label === undefined ? {} : { labels: { 'gateway.networking.k8s.io/policy': input.label } }),
    },
    spec: {
      group: input.group,
      names: { kind: input.kind, listKind: `${input.kind}List`, plural, singular: input.kind.toLowerCase() },
      scope: input.scope ?? 'Namespaced',
      versions: (input.versions ?? [{ name: 'v1alpha1', served: true, storage: true }]).map((version) => ({
        ...version,
        schema,
      })),
    },
  };
}

const backendTLSPolicy = crd({
  group: 'gateway.networking.k8s.io',
  kind: 'BackendTLSPolicy',
  label: 'Direct',
  spec: {
    targetRefs: { type: 'array', items: sectionRef, maxItems: 16, minItems: 1 },
    validation: { type: 'object' },
  },
  status: ancestorsStatus,
  versions: [
    { name: 'v1', served: true, storage: true },
    { name: 'v1alpha3', served: false, storage: false },
  ],
});
const xBackendTrafficPolicy = crd({
  group: 'gateway.networking.x-k8s.io',
  kind: 'XBackendTrafficPolicy',
  label: 'Direct',
  spec: { targetRefs: { type: 'array', items: localRef }, retryConstraint: { type: 'object' } },
  status: ancestorsStatus,
});
const envoyGateway = (kind: string, spec: Record<string, unknown>) =>
  crd({ group: 'gateway.envoyproxy.io', kind, spec, status: ancestorsStatus });
const clientTrafficPolicy = envoyGateway('ClientTrafficPolicy', {
  targetRef: sectionRef,
  targetRefs: { type: 'array', items: sectionRef },
  targetSelectors: { type: 'array', items: { type: 'object' } },
});
const envoyPatchPolicy = envoyGateway('EnvoyPatchPolicy', {
  targetRef: localRef,
  jsonPatches: { type: 'array' },
});
const kuadrant = (kind: string, label: string | undefined, extra: Record<string, unknown> = {}) =>
  crd({
    group: 'kuadrant.io',
    kind,
    ...(label === undefined ? {} : { label }),
    spec: { targetRef: sectionRef, ...extra },
    status: flatStatus,
  });
const istioAuthorizationPolicy = crd({
  group: 'security.istio.io',
  kind: 'AuthorizationPolicy',
  spec: {
    targetRef: {
      type: 'object',
      properties: { group: str, kind: str, name: str, namespace: str },
      required: ['kind', 'name'],
    },
  },
  status: flatStatus,
});

function found(objects: readonly unknown[]): Readonly<Record<string, Partial<PolicyKind>>> {
  return Object.fromEntries(discoverPolicyKinds(objects).kinds.map((kind) => [kind.kind, kind]));
}

describe('discoverPolicyKinds', () => {
  it('finds the Gateway API policies by their Direct label (P4) with their served versions, storage first', () => {
    const kinds = found([backendTLSPolicy, xBackendTrafficPolicy]);
    expect(kinds['BackendTLSPolicy']).toMatchObject({
      group: 'gateway.networking.k8s.io',
      plural: 'backendtlspolicies',
      versions: ['v1'],
      storageVersion: 'v1',
      namespaced: true,
      class: 'Direct',
      basis: 'label',
      targets: { single: false, list: true, selectors: false, sectionName: true, namespace: false },
      status: 'ancestors',
      stanzas: { defaults: false, overrides: false },
    });
    expect(kinds['XBackendTrafficPolicy']).toMatchObject({
      class: 'Direct',
      targets: { list: true, sectionName: false },
      status: 'ancestors',
    });
  });

  const labels: readonly [rule: string, label: string, expected: PolicyKind['class']][] = [
    ['P5', 'direct', 'Direct'],
    ['P6', 'DIRECT', 'Direct'],
    ['P6', 'inherited', 'Inherited'],
    ['P6', 'Inherited', 'Inherited'],
    ['P43', 'true', 'Direct'],
    ['P4', 'Something', 'unknown'],
  ];
  for (const [rule, label, expected] of labels) {
    it(`reads the label "${label}" as class ${expected} (${rule})`, () => {
      expect(found([kuadrant('AuthPolicy', label)])['AuthPolicy']).toMatchObject({
        class: expected,
        basis: 'label',
        status: 'conditions',
      });
    });
  }

  it('takes a labelled kind for a policy whatever its schema (P4: the label identifies it)', () => {
    const odd = crd({ group: 'example.com', kind: 'OddPolicy', label: 'Inherited', spec: {} });
    expect(found([odd])['OddPolicy']).toMatchObject({
      class: 'Inherited',
      targets: { single: false, list: false },
      status: 'none',
    });
  });

  it('finds unlabelled Envoy Gateway kinds by their targetRef(s) and status.ancestors (P7, P14, P17)', () => {
    const kinds = found([clientTrafficPolicy, envoyPatchPolicy]);
    expect(kinds['ClientTrafficPolicy']).toMatchObject({
      group: 'gateway.envoyproxy.io',
      class: 'unknown',
      basis: 'schema',
      targets: { single: true, list: true, selectors: true, sectionName: true, namespace: false },
      status: 'ancestors',
    });
    expect(kinds['EnvoyPatchPolicy']).toMatchObject({
      basis: 'schema',
      targets: { single: true, list: false, selectors: false, sectionName: false },
    });
  });

  it('skips an unlabelled kind with a target reference but flat status, saying why (P7, P21)', () => {
    const discovery = discoverPolicyKinds([kuadrant('OIDCPolicy', undefined), istioAuthorizationPolicy]);
    expect(discovery.kinds).toEqual([]);
    expect(discovery.skipped).toEqual([
      { group: 'kuadrant.io', kind: 'OIDCPolicy', reason: 'no-ancestors-status' },
      { group: 'security.istio.io', kind: 'AuthorizationPolicy', reason: 'no-ancestors-status' },
    ]);
  });

  it('reads a labelled flat-status kind as a policy, with its defaults/overrides stanzas (P21, P32)', () => {
    const auth = kuadrant('AuthPolicy', 'inherited', {
      defaults: { type: 'object' },
      overrides: { type: 'object' },
    });
    expect(found([auth])['AuthPolicy']).toMatchObject({
      class: 'Inherited',
      status: 'conditions',
      stanzas: { defaults: true, overrides: true },
      targets: { single: true, list: false, sectionName: true },
    });
  });

  it('does not take a targetRef of another shape for a policy target reference (P9)', () => {
    const notPolicy = crd({
      group: 'example.com',
      kind: 'Binding',
      spec: {
        targetRef: {
          type: 'object',
          properties: { apiVersion: str, kind: str, name: str, group: str },
          required: ['apiVersion', 'kind', 'name'],
        },
      },
      status: ancestorsStatus,
    });
    const noGroup = crd({
      group: 'example.com',
      kind: 'Loose',
      spec: { targetRef: { type: 'object', properties: { kind: str, name: str } } },
      status: ancestorsStatus,
    });
    expect(discoverPolicyKinds([notPolicy, noGroup])).toEqual({ kinds: [], skipped: [] });
  });

  it('reads a namespace field in target references (P12) and cluster scope', () => {
    const namespaced = crd({
      group: 'example.com',
      kind: 'ClusterPolicy',
      scope: 'Cluster',
      spec: {
        targetRefs: {
          type: 'array',
          items: { ...localRef, properties: { ...localRef.properties, namespace: str } },
        },
      },
      status: ancestorsStatus,
    });
    expect(found([namespaced])['ClusterPolicy']).toMatchObject({
      namespaced: false,
      targets: { namespace: true },
    });
  });

  it('passes over objects that are not CRDs and malformed CRDs, and sorts by group then kind', () => {
    const discovery = discoverPolicyKinds([
      { kind: 'Service', metadata: { name: 'x' } },
      { kind: 'CustomResourceDefinition', spec: 'nonsense' },
      null,
      xBackendTrafficPolicy,
      clientTrafficPolicy,
      backendTLSPolicy,
    ]);
    expect(discovery.kinds.map((kind) => `${kind.group}/${kind.kind}`)).toEqual([
      'gateway.envoyproxy.io/ClientTrafficPolicy',
      'gateway.networking.k8s.io/BackendTLSPolicy',
      'gateway.networking.x-k8s.io/XBackendTrafficPolicy',
    ]);
  });
});

describe('definesPolicyKind', () => {
  const kinds = discoverPolicyKinds([clientTrafficPolicy, backendTLSPolicy]).kinds;
  const named = policyKindsFromNames(['RateLimitPolicy.kuadrant.io']).kinds;
  it.each([
    ['the CRD of a discovered kind', clientTrafficPolicy, kinds, true],
    ['another discovered kind', backendTLSPolicy, kinds, true],
    ['the CRD of a kind not discovered', xBackendTrafficPolicy, kinds, false],
    ['a CRD when no kind was discovered', clientTrafficPolicy, [], false],
    [
      'the CRD of a kind known only by name (not read for discovery)',
      crd({ group: 'kuadrant.io', kind: 'RateLimitPolicy', spec: {} }),
      named,
      false,
    ],
    [
      'an object that is not a CRD',
      { kind: 'Service', spec: { group: 'gateway.envoyproxy.io' } },
      kinds,
      false,
    ],
    ['a malformed CRD', { kind: 'CustomResourceDefinition', spec: 'nonsense' }, kinds, false],
    ['no object', null, kinds, false],
  ])('%s', (_name, object, known, expected) => {
    expect(definesPolicyKind(object, known)).toBe(expected);
  });
});

describe('policyKindsFromNames', () => {
  it('reads Kind.group names as policy kinds of unknown class, any version (P7)', () => {
    const { kinds, invalid } = policyKindsFromNames([
      'OIDCPolicy.kuadrant.io',
      ' AuthorizationPolicy.security.istio.io ',
      'OIDCPolicy.kuadrant.io',
      'nogroup',
      '.example.com',
    ]);
    expect(kinds.map((kind) => [kind.group, kind.kind, kind.basis, kind.class, kind.versions])).toEqual([
      ['kuadrant.io', 'OIDCPolicy', 'named', 'unknown', []],
      ['security.istio.io', 'AuthorizationPolicy', 'named', 'unknown', []],
    ]);
    expect(invalid).toEqual(['nogroup', '.example.com']);
  });
});
