/**
 * What the policy tests share: a policy kind as discovery describes it, policies of that kind,
 * and an engine that knows the kind. Rule ids (P…) are those of the policy attachment digest
 * (../shared/policy-attachment.md beside the repository).
 */
import type { KubeObject } from '@gatemap/fixtures';
import { TopologyEngine, type PolicyKind } from './index.ts';
import { upsert } from './test-support.ts';

const POLICY_GROUP = 'example.com';

/** A policy kind as discovery describes it: `TestPolicy.example.com`, Direct unless told. */
export function policyKind(input: { kind?: string; class?: PolicyKind['class'] } = {}): PolicyKind {
  return {
    group: POLICY_GROUP,
    kind: input.kind ?? 'TestPolicy',
    plural: `${(input.kind ?? 'TestPolicy').toLowerCase()}s`,
    versions: ['v1'],
    storageVersion: 'v1',
    namespaced: true,
    class: input.class ?? 'Direct',
    basis: 'label',
    targets: { single: true, list: true, selectors: false, sectionName: true, namespace: false },
    status: 'ancestors',
    stanzas: { defaults: true, overrides: true },
  };
}

export interface PolicyInput {
  readonly name?: string;
  readonly namespace?: string;
  readonly kind?: string;
  readonly creationTimestamp?: string;
  readonly generation?: number;
  /** Target references as written; `{ kind: 'Gateway', name: 'gateway' }` unless told. */
  readonly targetRefs?: readonly Record<string, unknown>[];
  readonly targetRef?: Record<string, unknown>;
  readonly defaults?: Record<string, unknown>;
  readonly overrides?: Record<string, unknown>;
  readonly status?: unknown;
}

/** A Gateway target reference (`group` written out, as the API server requires). */
export const gatewayTarget = (name = 'gateway', sectionName?: string) => ({
  group: 'gateway.networking.k8s.io',
  kind: 'Gateway',
  name,
  ...(sectionName === undefined ? {} : { sectionName }),
});

export const routeTarget = (name = 'httproute', sectionName?: string) => ({
  group: 'gateway.networking.k8s.io',
  kind: 'HTTPRoute',
  name,
  ...(sectionName === undefined ? {} : { sectionName }),
});

export function policy(input: PolicyInput = {}): KubeObject {
  return {
    apiVersion: `${POLICY_GROUP}/v1`,
    kind: input.kind ?? 'TestPolicy',
    metadata: {
      name: input.name ?? 'policy',
      namespace: input.namespace ?? 'default',
      generation: input.generation ?? 1,
      ...(input.creationTimestamp === undefined ? {} : { creationTimestamp: input.creationTimestamp }),
    },
    spec: {
      ...(input.targetRef === undefined && input.targetRefs === undefined
        ? { targetRefs: [gatewayTarget()] }
        : {}),
      ...(input.targetRefs === undefined ? {} : { targetRefs: input.targetRefs }),
      ...(input.targetRef === undefined ? {} : { targetRef: input.targetRef }),
      ...(input.defaults === undefined ? {} : { defaults: input.defaults }),
      ...(input.overrides === undefined ? {} : { overrides: input.overrides }),
    },
    ...(input.status === undefined ? {} : { status: input.status }),
  };
}

/** An engine that reads the policy kinds given, with the objects applied. */
export function policyEngine({
  objects,
  kinds = [policyKind()],
}: {
  readonly objects: readonly unknown[];
  readonly kinds?: readonly PolicyKind[];
}): TopologyEngine {
  const engine = new TopologyEngine();
  engine.apply([{ type: 'policy-kinds', kinds }, ...objects.map(upsert)]);
  return engine;
}
