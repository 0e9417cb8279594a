/**
 * "Problems only" in the big picture: instead of one tile per namespace (and, before the tiles, one
 * node and one curve per Route), one tile per reason and place: Routes rejected for one reason by
 * one listener ("NotAllowedByListeners · gw-0/https"), Routes with an unresolved reference of one
 * reason, with the objects those references miss. The bundles then run from each listener to the
 * grid, one per state, with the count.
 *
 * Objects drawn only as context (a rejected Route's healthy backends) are left out of the Route
 * and backend columns: beside the groups they would be thousands of tiles of nothing wrong. The
 * Gateways and classes they hang from stay. O(nodes + edges).
 */
import {
  columnOf,
  isProblemNode,
  problemEdgeEnds,
  ROUTE_COLUMN,
  type TopologyEdge,
  type TopologyNode,
} from '@gatemap/topology';
import { inducedSubgraph, type MapGraph } from './map-graph.ts';

export interface ProblemGroups {
  readonly graph: MapGraph;
  /** The group a node folds into; undefined keeps it whole (Gateways and what is left of them). */
  readonly foldKey: (node: TopologyNode) => string | undefined;
}

const BROKEN = new Set<TopologyEdge['state']>(['rejected', 'unresolved']);

function isFolding(node: TopologyNode): boolean {
  return columnOf(node.kind) >= ROUTE_COLUMN && node.namespace !== undefined;
}

/**
 * The big picture of a filtered view: objects shown only as context (dimmed) are left out of the
 * Route and backend columns, so that a tile stands only for a namespace with objects that match;
 * the Gateways and classes they hang from stay.
 */
export function withoutFoldedContext(graph: MapGraph): MapGraph {
  if (graph.context.size === 0) return graph;
  const keep = new Set(
    graph.nodes.filter((node) => !graph.context.has(node.id) || !isFolding(node)).map((node) => node.id),
  );
  return keep.size === graph.nodes.length ? graph : inducedSubgraph(graph, keep);
}

function nameOf(id: string, nodes: ReadonlyMap<string, TopologyNode>): string {
  return nodes.get(id)?.name ?? id.split('/').at(-1) ?? id;
}

export function groupProblems(graph: MapGraph): ProblemGroups {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const keys = new Map<string, string>();
  // Rejections first: a Route rejected by a listener belongs with the others it rejects.
  for (const pass of ['parent', 'other'] as const)
    for (const edge of graph.edges) {
      if (!BROKEN.has(edge.state) || keys.has(edge.from)) continue;
      const parent = edge.type === 'parent' || edge.type === 'listenerset-parent';
      if ((pass === 'parent') !== parent) continue;
      if (parent) {
        const listener = edge.listeners?.length ? `/${edge.listeners.join(',')}` : '';
        keys.set(edge.from, `${edge.reason} · ${nameOf(edge.to, byId)}${listener}`);
      } else {
        const key = `${edge.reason} · ${edge.type} references`;
        keys.set(edge.from, key);
        // What the reference misses goes with it.
        if (byId.get(edge.to)?.ghost === true && !keys.has(edge.to)) keys.set(edge.to, key);
      }
    }
  const problemEnds = problemEdgeEnds(graph.edges);
  const keep = new Set<string>();
  for (const node of graph.nodes) {
    if (!isFolding(node)) keep.add(node.id);
    else if (keys.has(node.id)) keep.add(node.id);
    else if (isProblemNode(node, problemEnds.has(node.id))) {
      keys.set(node.id, `${node.kind} findings`);
      keep.add(node.id);
    }
  }
  return {
    graph: keep.size === graph.nodes.length ? graph : inducedSubgraph(graph, keep),
    foldKey: (node) => keys.get(node.id),
  };
}
