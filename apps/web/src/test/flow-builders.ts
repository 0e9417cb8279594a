/** The map's React Flow elements for tests that draw or measure them without the whole pipeline. */
import type { MapFlowEdge, MapFlowNode } from '../graph/flow-types.ts';
import { groupGraph } from '@gatemap/topology';
import { graphFromState } from '../graph/map-graph.ts';
import { toFlowElements } from '../graph/to-flow-elements.ts';
import { indexFindings } from '../store/finding-index.ts';
import { smallEstate } from './topology-builders.ts';

/** The small estate's elements, placed column by column as a layout would. */
export function placedSmallEstate(): { nodes: MapFlowNode[]; edges: readonly MapFlowEdge[] } {
  const { nodes, edges } = smallEstate();
  const elements = toFlowElements(
    groupGraph(
      graphFromState({
        nodes: new Map(nodes.map((node) => [node.id, node])),
        edges: new Map(edges.map((edge) => [edge.id, edge])),
      }),
      { groupBy: 'none', collapseThreshold: 25, expanded: [] },
    ),
    indexFindings([]),
  );
  const placed = elements.nodes.map(
    (node, index) => ({ ...node, position: { x: node.data.column * 400, y: index * 150 } }) as MapFlowNode,
  );
  return { nodes: placed, edges: elements.edges };
}
