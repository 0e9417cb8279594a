/**
 * The policy badges drawn on the objects policies target: one entry per `policy-target` edge, on
 * its target, with the listener or rule it names and the attachment's state, so that a Gateway
 * shows its own policies in its header and each listener's on its row, and a Route those of its
 * rules beside its own. Read from the edges the map draws (after the filters), never derived anew.
 */
import type { TopologyEdge } from '@gatemap/topology';

export interface PolicyBadge {
  /** The policy's node id. */
  readonly policy: string;
  /** The policy's kind, without its group. */
  readonly kind: string;
  readonly name: string;
  readonly state: TopologyEdge['state'];
  readonly reason: string;
  /** The listener the policy names (`sectionName` of a Gateway or ListenerSet target). */
  readonly listener?: string;
  /** The index of the rule the policy names (`sectionName` of a Route target). */
  readonly rule?: number;
}

const NONE: readonly PolicyBadge[] = Object.freeze([]);

/** Badges by the id of the node they are drawn on. */
export function policyBadges(edges: Iterable<TopologyEdge>): ReadonlyMap<string, readonly PolicyBadge[]> {
  const byTarget = new Map<string, PolicyBadge[]>();
  for (const edge of edges) {
    if (edge.type !== 'policy-target') continue;
    const badge: PolicyBadge = {
      policy: edge.from,
      ...kindAndName(edge.from),
      state: edge.state,
      reason: edge.reason,
      ...(edge.listeners?.[0] === undefined ? {} : { listener: edge.listeners[0] }),
      ...(edge.rule === undefined ? {} : { rule: edge.rule }),
    };
    const list = byTarget.get(edge.to);
    if (list) list.push(badge);
    else byTarget.set(edge.to, [badge]);
  }
  return byTarget;
}

/** The badges of one node, the same empty list for every node without any. */
export function badgesOf(
  badges: ReadonlyMap<string, readonly PolicyBadge[]>,
  id: string,
): readonly PolicyBadge[] {
  return badges.get(id) ?? NONE;
}

/** The worst state among badges: what the mark's colour says. */
export function worstBadgeState(badges: readonly PolicyBadge[]): TopologyEdge['state'] {
  const rank = (state: TopologyEdge['state']) =>
    state === 'rejected' || state === 'unresolved' ? 2 : state === 'pending' ? 1 : 0;
  let worst: TopologyEdge['state'] = 'accepted';
  for (const badge of badges) if (rank(badge.state) > rank(worst)) worst = badge.state;
  return worst;
}

/** `Kind.group/namespace/name` (a cluster prefix `cluster:` allowed) → kind and name. */
function kindAndName(id: string): { readonly kind: string; readonly name: string } {
  const key = id.slice(id.indexOf(':') + 1);
  const parts = key.split('/');
  const kind = parts[0] ?? key;
  return { kind: kind.split('.')[0] ?? kind, name: parts.at(-1) ?? key };
}
