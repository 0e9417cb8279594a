/**
 * What needs attention on the map: a node with a warning or error finding, a ghost, stale status,
 * or an edge that was rejected or could not be resolved (or that a controller reported otherwise
 * than predicted).
 */
import type { TopologyEdge, TopologyNode } from './protocol.ts';

const PROBLEM_STATES: ReadonlySet<TopologyEdge['state']> = new Set(['rejected', 'unresolved']);

export function isProblemEdge(edge: TopologyEdge): boolean {
  return PROBLEM_STATES.has(edge.state) || edge.predicted !== undefined;
}

/** Whether a node needs attention, told whether one of its edges does (see `problemEdgeEnds`). */
export function isProblemNode(node: TopologyNode, hasProblemEdge: boolean): boolean {
  return (
    node.severity === 'error' || node.severity === 'warning' || node.ghost || node.stale || hasProblemEdge
  );
}

/** The nodes at an end of an edge that needs attention: one pass, no list of edges per node. */
export function problemEdgeEnds(edges: readonly TopologyEdge[]): ReadonlySet<string> {
  const ends = new Set<string>();
  for (const edge of edges)
    if (isProblemEdge(edge)) {
      ends.add(edge.from);
      ends.add(edge.to);
    }
  return ends;
}
