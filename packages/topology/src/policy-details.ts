/**
 * The policies of one object, as its details carry them (`ObjectResponse.policies`): for a Route,
 * its effective stack per parent and listener, with the stacks of the rules a policy names (P27);
 * for a Gateway or ListenerSet, the stack of each listener; for a Service, its stack and those of
 * the ports a policy names; for a policy of a discovered kind, its kind as discovered, its targets
 * with their attachment, and the ancestors a controller would write. The server sends it as
 * computed here, through a share link's scoping step (`scopeObjectPolicies`).
 * @see https://gateway-api.sigs.k8s.io/reference/policy-attachment/
 */
import type { ObjectKey } from './object-key.ts';
import type { PolicyKind } from './policy-discovery.ts';
import type { PolicyAncestorPrediction, PolicyTargetAnalysis } from './policy-attachment.ts';
import {
  listenerPolicyStack,
  routePolicyStacks,
  servicePolicyStack,
  type PolicyKindStack,
  type PolicyStackSource,
  type RoutePolicyStack,
  type ServicePolicyStack,
} from './policy-stack.ts';
import type { GenericPolicy } from './generic-policy.ts';
import type { DecodedObject } from './decode-object.ts';

export interface ListenerPolicyStack {
  readonly listener: string;
  readonly kinds: readonly PolicyKindStack[];
}

export type ObjectPolicies =
  | { readonly type: 'route'; readonly stacks: readonly RoutePolicyStack[] }
  | { readonly type: 'listeners'; readonly listeners: readonly ListenerPolicyStack[] }
  | { readonly type: 'service'; readonly stack: ServicePolicyStack }
  | {
      readonly type: 'policy';
      /** The kind as discovered: its class (Direct, Inherited), how it was found, its status shape. */
      readonly kind: PolicyKind;
      readonly targets: readonly PolicyTargetAnalysis[];
      /** Predicted `status.ancestors` entries (which ancestors is the controller's choice: P23). */
      readonly ancestors: readonly PolicyAncestorPrediction[];
      /** `spec.targetSelectors` entries: implementation-specific (P17), counted, not resolved. */
      readonly selectors: number;
    };

/** What the details read: the stack's sources, an object, the policy kinds known. */
export interface PolicyDetailsSource extends PolicyStackSource {
  object(key: ObjectKey): DecodedObject | undefined;
  genericPolicyObject(key: ObjectKey): GenericPolicy | undefined;
  policyKinds(): readonly PolicyKind[];
}

/**
 * The policies of an object; undefined for kinds no policy stacks on, and, while no policy kind
 * is known, for every object but a policy and a Service a BackendTLSPolicy targets.
 */
export function objectPolicies(source: PolicyDetailsSource, key: ObjectKey): ObjectPolicies | undefined {
  const policy = source.genericPolicyObject(key);
  const analysis = policy && source.genericPolicy(key);
  if (policy && analysis)
    return {
      type: 'policy',
      kind: policy.kind,
      targets: analysis.targets,
      ancestors: analysis.ancestors,
      selectors: policy.selectors,
    };
  const object = source.object(key);
  // A BackendTLSPolicy, which gatemap reads itself, stacks on a Service before any kind is known.
  if (
    source.policyKinds().length === 0 &&
    (object?.role !== 'backend' || source.backendTlsPoliciesOn(key).length === 0)
  )
    return undefined;
  switch (object?.role) {
    case 'route':
      return { type: 'route', stacks: routePolicyStacks(source, key) };
    case 'gateway':
    case 'listenerset':
      return {
        type: 'listeners',
        listeners: (object.object.spec.listeners ?? []).map((listener) => ({
          listener: listener.name,
          kinds: listenerPolicyStack(source, { parent: key, listener: listener.name }).kinds,
        })),
      };
    case 'backend':
      return { type: 'service', stack: servicePolicyStack(source, key) };
    default:
      return undefined;
  }
}

/**
 * The policies as a share link may see them: stack entries, merged fields and winners of
 * policies it cannot see are left out (the names that remain pass the link's scoping step after).
 */
export function scopeObjectPolicies(
  policies: ObjectPolicies,
  visible: (key: ObjectKey) => boolean,
): ObjectPolicies {
  const kinds = (list: readonly PolicyKindStack[]): readonly PolicyKindStack[] =>
    list.flatMap((stack) => {
      const entries = stack.entries.filter((entry) => visible(entry.policy));
      if (entries.length === 0) return [];
      const fields = stack.fields?.filter((field) => visible(field.from));
      const shown = stack.effective && visible(stack.effective.from) ? stack.effective : undefined;
      const effective = shown && {
        from: shown.from,
        overridden: shown.overridden.filter(visible),
        basis: shown.basis,
        ...(shown.alternative && visible(shown.alternative) ? { alternative: shown.alternative } : {}),
      };
      return [
        {
          kind: stack.kind,
          entries,
          merge: stack.merge,
          ...(fields ? { fields: fields.map((field) => withoutHiddenAlternative(field, visible)) } : {}),
          ...(effective ? { effective } : {}),
        },
      ];
    });
  switch (policies.type) {
    case 'route':
      return {
        type: 'route',
        stacks: policies.stacks.map((stack) => ({
          ...stack,
          kinds: kinds(stack.kinds),
          rules: stack.rules.map((rule) => ({ name: rule.name, kinds: kinds(rule.kinds) })),
        })),
      };
    case 'listeners':
      return {
        type: 'listeners',
        listeners: policies.listeners.map((entry) => ({
          listener: entry.listener,
          kinds: kinds(entry.kinds),
        })),
      };
    case 'service':
      return {
        type: 'service',
        stack: {
          ...policies.stack,
          kinds: kinds(policies.stack.kinds),
          ports: policies.stack.ports.map((port) => ({ name: port.name, kinds: kinds(port.kinds) })),
        },
      };
    case 'policy':
      return policies;
  }
}

function withoutHiddenAlternative<Field extends { readonly alternative?: { readonly from: ObjectKey } }>(
  field: Field,
  visible: (key: ObjectKey) => boolean,
): Field {
  if (field.alternative === undefined || visible(field.alternative.from)) return field;
  const { alternative: _alternative, ...rest } = field;
  return rest as Field;
}
