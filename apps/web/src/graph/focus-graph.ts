/**
 * Pipeline step 2: the neighbourhood of one object, `hops` edges away in either direction.
 */
import { incidentEdges, inducedSubgraph, otherEnd, type MapGraph } from './map-graph.ts';

export interface FocusResult {
  readonly graph: MapGraph;
  /** False when the focused object is not in the graph (gone, or hidden by the filters). */
  readonly found: boolean;
}

export function focusGraph(graph: MapGraph, focus: string | undefined, hops: number): FocusResult {
  if (focus === undefined) return { graph, found: true };
  if (!graph.nodes.some((node) => node.id === focus)) return { graph, found: false };
  const incident = incidentEdges(graph.edges);
  const reached = new Set([focus]);
  let frontier = [focus];
  for (let hop = 0; hop < hops && frontier.length > 0; hop += 1) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const edge of incident.get(id) ?? []) {
        const other = otherEnd(edge, id);
        if (!reached.has(other)) {
          reached.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return { graph: inducedSubgraph(graph, reached), found: true };
}
