/**
 * The words the policy panels use for the core's codes: levels, attachment states, merges.
 */
import {
  parseObjectKey,
  type ObjectKey,
  type PolicyKindStack,
  type PolicyTargetLevel,
  type PolicyTargetState,
} from '@gatemap/topology';

export const LEVEL_TEXT: Readonly<Record<PolicyTargetLevel, string>> = {
  gateway: 'Gateway',
  listener: 'listener',
  listenerset: 'ListenerSet',
  'listenerset-listener': 'ListenerSet listener',
  route: 'Route',
  rule: 'rule',
  service: 'Service',
  'service-port': 'port',
  other: 'object',
};

export const STATE_TEXT: Readonly<Record<PolicyTargetState, string>> = {
  attached: 'Attached',
  conflicted: 'Conflicted',
  'target-not-found': 'TargetNotFound',
  'section-not-found': 'SectionNotFound',
  unresolvable: 'not checked',
};

/** The edge state a target's attachment reads as, for the shared pill colours. */
export function stateClass(state: PolicyTargetState): 'accepted' | 'rejected' | 'unresolved' | 'pending' {
  switch (state) {
    case 'attached':
      return 'accepted';
    case 'conflicted':
      return 'rejected';
    case 'unresolvable':
      return 'pending';
    default:
      return 'unresolved';
  }
}

/** What a kind's merge means, in a sentence. */
export function mergeNote(merge: PolicyKindStack['merge']): string {
  switch (merge) {
    case 'none':
      return 'Direct kind (strategy None): the oldest policy on a target holds it; the others are Conflicted.';
    case 'fields':
      return 'Merged field by field: the first override (highest, then oldest) wins, else the last default (most specific, then newest).';
    case 'implementation':
      return "No defaults/overrides stanzas: how these combine is the implementation's own (e.g. Envoy Gateway's mergeType); listed in order, not merged.";
  }
}

/** `Kind namespace/name` of a key (a `cluster:` prefix dropped), the kind without its group. */
export function keyLabel(id: string): string {
  const { kind, namespace, name } = parseObjectKey(id.slice(id.indexOf(':') + 1) as ObjectKey);
  const bare = kind.split('.')[0] ?? kind;
  return namespace === undefined ? `${bare} ${name}` : `${bare} ${namespace}/${name}`;
}

/** `group/Kind` → `Kind (group)`. */
export function kindName(kind: string): string {
  const slash = kind.lastIndexOf('/');
  return slash < 0 ? kind : `${kind.slice(slash + 1)} (${kind.slice(0, slash) || 'core'})`;
}

/** A merged field's value as short JSON. */
export function fieldValue(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
