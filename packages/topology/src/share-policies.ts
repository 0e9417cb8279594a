/**
 * Which policies a share link sees: those whose targets it can all see. A policy is found by its
 * target edges (`policy-target`: a BackendTLSPolicy's, and those of every discovered policy kind),
 * so this needs no list of kinds. In the link's namespaces, a policy that targets something the
 * link does not see — a Route the link leaves out, another namespace's Gateway through a
 * namespaced target reference — is hidden whole, since its spec names that target. Outside them,
 * a policy whose targets the link sees (the shared Gateway its Routes attach to, a listener of
 * it, a Service they send to) is shown as that Gateway is: it shapes the link's own traffic, and
 * is part of its Routes' effective stacks. A target the link sees only as a reference a Route
 * wrote without permission does not count as seen.
 *
 * A target that does not exist counts as seen where its name is the link's to read (its
 * namespaces, less the Routes it leaves out), so that a policy of the link's namespace whose
 * target is missing is shown with that target, drawn as a ghost.
 *
 * Cost: O(policies in the scope's namespaces and on visible objects, and their targets).
 */
import { parseObjectKey, type ObjectKey } from './object-key.ts';
import type { TopologyEdge, TopologyNode } from './protocol.ts';

/** The parts of a view and of the scoping so far that the policy step reads. */
export interface PolicyScopeInput {
  readonly source: {
    node(id: string): TopologyNode | undefined;
    edgesOf(id: string): readonly TopologyEdge[];
  };
  readonly namespaces: readonly string[];
  /** The Routes the link is restricted to, as `namespace/name`, when it is. */
  readonly routes?: readonly string[];
  /** The nodes in scope (seeds), policies among them. */
  readonly inScope: ReadonlySet<string>;
  /** Every node visible so far, policies of the link's namespaces among them. */
  readonly visible: ReadonlySet<string>;
  readonly referenceOnly: ReadonlySet<string>;
}

export interface ScopedPolicies {
  /** Policies the link sees, in its namespaces or not. */
  readonly shown: ReadonlySet<string>;
  /** Policies of the link's namespaces it does not see. */
  readonly hidden: ReadonlySet<string>;
  /** The target edges of the shown policies. */
  readonly edges: readonly TopologyEdge[];
  /** Targets that do not exist, made visible as the ghosts the shown policies point at. */
  readonly ghosts: ReadonlySet<string>;
}

const ROUTE_KINDS: ReadonlySet<string> = new Set([
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
  'TCPRoute',
  'UDPRoute',
]);

/** Sorts the candidate policies into those the link sees and those it does not (see the header). */
export function scopePolicies(input: PolicyScopeInput): ScopedPolicies {
  const { source, inScope, visible, referenceOnly } = input;
  const candidates = new Set<string>();
  for (const id of inScope) if (targetEdges(source, id).length > 0) candidates.add(id);
  for (const id of visible) {
    if (referenceOnly.has(id)) continue;
    for (const edge of source.edgesOf(id))
      if (edge.type === 'policy-target' && edge.to === id) candidates.add(edge.from);
  }
  const shown = new Set<string>();
  const hidden = new Set<string>();
  const edges: TopologyEdge[] = [];
  const ghosts = new Set<string>();
  for (const id of candidates) {
    const own = targetEdges(source, id);
    const seen = own.every((edge) => seesTarget(input, edge.to));
    if (!seen) {
      if (inScope.has(id)) hidden.add(id);
      continue;
    }
    shown.add(id);
    for (const edge of own) {
      edges.push(edge);
      if (!visible.has(edge.to) && source.node(edge.to)?.ghost === true) ghosts.add(edge.to);
    }
  }
  return { shown, hidden, edges, ghosts };
}

function targetEdges(source: PolicyScopeInput['source'], id: string): readonly TopologyEdge[] {
  return source.edgesOf(id).filter((edge) => edge.type === 'policy-target' && edge.from === id);
}

function seesTarget(input: PolicyScopeInput, target: string): boolean {
  if (input.referenceOnly.has(target)) return false;
  const node = input.source.node(target);
  if (node !== undefined && !node.ghost) return input.visible.has(target);
  // Absent: its name is the link's to read only in its namespaces, less the Routes it leaves out.
  const { kind, namespace, name } = parseObjectKey(target as ObjectKey);
  if (namespace === undefined || !input.namespaces.includes(namespace)) return false;
  return !ROUTE_KINDS.has(kind) || !input.routes || input.routes.includes(`${namespace}/${name}`);
}
