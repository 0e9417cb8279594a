/**
 * The graph the map's pipeline passes from step to step: the server's nodes and edges, unchanged,
 * plus which nodes are only shown as context for the ones that matched the filters.
 */
import type { TopologyEdge, TopologyNode } from '@gatemap/topology';
import type { TopologyState } from '../store/topology-state.ts';

export interface MapGraph {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
  /** Ids of nodes that did not match the filters but explain one that did (drawn dimmed). */
  readonly context: ReadonlySet<string>;
}

const NO_CONTEXT: ReadonlySet<string> = new Set();

export function graphFromState(state: Pick<TopologyState, 'nodes' | 'edges'>): MapGraph {
  return { nodes: [...state.nodes.values()], edges: [...state.edges.values()], context: NO_CONTEXT };
}

/** Keeps the given nodes and the edges between them. */
export function inducedSubgraph(graph: MapGraph, keep: ReadonlySet<string>): MapGraph {
  const context = new Set([...graph.context].filter((id) => keep.has(id)));
  return {
    nodes: graph.nodes.filter((node) => keep.has(node.id)),
    edges: graph.edges.filter((edge) => keep.has(edge.from) && keep.has(edge.to)),
    context,
  };
}

const incidentCache = new WeakMap<readonly TopologyEdge[], ReadonlyMap<string, readonly TopologyEdge[]>>();

/** Each node's edges, both directions; computed once per edge list (the steps share it). */
export function incidentEdges(edges: readonly TopologyEdge[]): ReadonlyMap<string, readonly TopologyEdge[]> {
  const cached = incidentCache.get(edges);
  if (cached) return cached;
  const index = new Map<string, TopologyEdge[]>();
  const add = (end: string, edge: TopologyEdge): void => {
    const list = index.get(end);
    if (list) list.push(edge);
    else index.set(end, [edge]);
  };
  for (const edge of edges) {
    add(edge.from, edge);
    if (edge.to !== edge.from) add(edge.to, edge);
  }
  incidentCache.set(edges, index);
  return index;
}

export function otherEnd(edge: TopologyEdge, id: string): string {
  return edge.from === id ? edge.to : edge.from;
}
