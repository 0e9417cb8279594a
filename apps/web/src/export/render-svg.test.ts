import { describe, expect, it } from 'vitest';
import { indexFindings } from '../store/finding-index.ts';
import { groupGraph } from '@gatemap/topology';
import { layoutLayers } from '../graph/layout-layers.ts';
import { graphFromState } from '../graph/map-graph.ts';
import { toFlowElements } from '../graph/to-flow-elements.ts';
import type { MapFlowNode } from '../graph/flow-types.ts';
import { smallEstate, topologyNode } from '../test/topology-builders.ts';
import { escapeXml, LIGHT_SVG_THEME, renderSvg } from './render-svg.ts';

describe('renderSvg', () => {
  it('escapes every text it writes', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });

  it('draws every node and edge of the view with its state', () => {
    const { nodes, edges } = smallEstate();
    const hostile = topologyNode({ kind: 'Service', namespace: 'x', name: '<script>alert(1)</script>' });
    const graph = graphFromState({
      nodes: new Map([...nodes, hostile].map((node) => [node.id, node])),
      edges: new Map(edges.map((edge) => [edge.id, edge])),
    });
    const elements = toFlowElements(
      groupGraph(graph, { groupBy: 'none', collapseThreshold: 25, expanded: [] }),
      indexFindings([]),
    );
    const layout = layoutLayers(
      elements.nodes.map((node) => ({
        id: node.id,
        column: node.data.column,
        lane: undefined,
        width: node.width ?? 0,
        height: node.height ?? 0,
        sortKey: node.id,
      })),
      elements.edges,
    );
    const placed = elements.nodes.map(
      (node) => ({ ...node, position: layout.positions.get(node.id) ?? node.position }) as MapFlowNode,
    );
    const svg = renderSvg(placed, elements.edges, LIGHT_SVG_THEME);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg.match(/<g data-id=/g)).toHaveLength(7);
    expect(svg).toContain('data-state="rejected" data-reason="NotAllowedByListeners"');
    const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(parsed.querySelector('parsererror')).toBeNull();
  });
});
