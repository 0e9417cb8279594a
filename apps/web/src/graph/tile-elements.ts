/**
 * Pipeline steps 4 and 5 for a big estate (the big picture): the flow elements of the grouped graph
 * with every namespace as a tile (an aggregate node of the tile's size), laid out by `layoutTiles`,
 * and the edges between tiles and the objects left of them bundled: one stroke per source handle
 * (a Gateway's listener) and state, carrying the count, from the handle to the grid's left side,
 * instead of one curve per tile. Edges between two tiles are left out: they would cross the whole
 * grid; the tile's open view and the drill-down say them.
 */
import { Position, type NodeHandle } from '@xyflow/react';
import { STATE_RANK, type TopologyEdge } from '@gatemap/topology';
import {
  HANDLE_SIZE,
  type LaneFlowNode,
  type MapEdgeData,
  type MapFlowEdge,
  type MapFlowNode,
} from './flow-types.ts';
import type { LayoutNode } from './layout-layers.ts';
import { extendTileLayout, layoutTiles, type TileGrid, type TileLayout } from './tile-layout.ts';
import type { FlowElements } from './to-flow-elements.ts';

/** The frame around the grid, which bundles end on. */
const GRID_ID = 'lane:namespaces';
/** Room above the grid for the frame's title, and around the grid, in tile fonts. */
const GRID_HEADER = 2;
const GRID_PADDING = 0.6;
/** Size of a bundle's label against a tile's name: a little smaller, as legible at "fit view". */
const BUNDLE_LABEL = 0.7;
/** The size of the text of an edge label at scale 1 (`.gm-edge-tag`). */
const EDGE_LABEL_FONT = 11;

export interface TileElements extends FlowElements {
  readonly layout: TileLayout;
}

interface Bundle {
  readonly key: string;
  readonly source: MapFlowNode;
  readonly sourceHandle: string;
  readonly state: TopologyEdge['state'];
  readonly template: MapEdgeData;
  count: number;
  readonly tiles: Set<string>;
  readonly reasons: Map<string, number>;
  missingGrant: boolean;
}

function handleY(node: MapFlowNode, handleId: string): number {
  const handle =
    node.handles?.find((item) => item.id === handleId) ??
    node.handles?.find((item) => item.type === 'source');
  return handle ? handle.y + (handle.height ?? 0) / 2 : (node.height ?? 0) / 2;
}

function toLayoutNode(node: MapFlowNode): LayoutNode {
  return {
    id: node.id,
    column: node.data.column,
    lane: undefined,
    width: node.width ?? 0,
    height: node.height ?? 0,
    sortKey:
      node.type === 'object' || node.type === 'gateway'
        ? `${node.data.node.namespace ?? ''}/${node.data.node.name}`
        : node.id,
  };
}

function count(value: number): string {
  return value.toLocaleString('en');
}

function bundleLabel(bundle: Bundle): string {
  const broken = bundle.state === 'rejected' || bundle.state === 'unresolved';
  const reason = [...bundle.reasons].sort(
    (left, right) => right[1] - left[1] || left[0].localeCompare(right[0]),
  )[0]?.[0];
  return `${count(bundle.count)} ${bundle.state}${broken && reason ? ` · ${reason}` : ''}`;
}

function gridNode(grid: TileGrid, bundles: readonly Bundle[], title: string): LaneFlowNode {
  const padding = GRID_PADDING * grid.font;
  const header = GRID_HEADER * grid.font;
  const x = grid.left - padding;
  const y = grid.top - header;
  const width = grid.right - grid.left + 2 * padding;
  const height = grid.bottom - grid.top + header + padding;
  const handles: NodeHandle[] = bundles.map((_, index) => ({
    id: `b:${index}`,
    type: 'target',
    position: Position.Left,
    x: -HANDLE_SIZE / 2,
    y: header + ((index + 1) * (height - header)) / (bundles.length + 1) - HANDLE_SIZE / 2,
    width: HANDLE_SIZE,
    height: HANDLE_SIZE,
  }));
  return {
    id: GRID_ID,
    type: 'lane',
    position: { x, y },
    width,
    height,
    measured: { width, height },
    handles,
    data: { label: title, column: -1, lane: GRID_ID },
    draggable: false,
    selectable: false,
    focusable: false,
    zIndex: -1,
    ariaRole: 'none',
  };
}

export interface TileElementsOptions {
  /** The tiles are groups of problems (problem-groups.ts) rather than namespaces. */
  readonly problems?: boolean;
  /** The picture of the same view before this update: kept, and extended (`extendTileLayout`). */
  readonly previous?: TileLayout | undefined;
}

/**
 * Tiles, anchors, bundles and the grid, placed: what the map draws of a big estate. The tiles are
 * namespaces, or with `problems` groups of problems (problem-groups.ts).
 */
export function toTileElements(
  elements: FlowElements,
  { problems = false, previous }: TileElementsOptions = {},
): TileElements {
  const tileNodes: MapFlowNode[] = [];
  const anchors: MapFlowNode[] = [];
  for (const node of elements.nodes) {
    if (node.type === 'aggregate') tileNodes.push(node);
    else if (node.type !== 'lane') anchors.push(node);
  }
  const specs = tileNodes.map((node) => ({
    id: node.id,
    name: node.type === 'aggregate' ? node.data.aggregate.expandKey : node.id,
    problems: node.type === 'aggregate' ? node.data.aggregate.problems : 0,
  }));
  const layout = previous
    ? extendTileLayout(previous, anchors.map(toLayoutNode), specs)
    : layoutTiles(anchors.map(toLayoutNode), specs);
  const { width, height, font } = layout.grid;
  const isTile = new Set(tileNodes.map((node) => node.id));
  const byId = new Map(anchors.map((node) => [node.id, node]));

  const edges: MapFlowEdge[] = [];
  const bundles = new Map<string, Bundle>();
  for (const edge of elements.edges) {
    const sourceTile = isTile.has(edge.source);
    const targetTile = isTile.has(edge.target);
    if (!sourceTile && !targetTile) {
      edges.push(edge);
      continue;
    }
    if (sourceTile && targetTile) continue;
    const anchor = byId.get(sourceTile ? edge.target : edge.source);
    const data = edge.data;
    if (!anchor || !data) continue;
    const sourceHandle = (sourceTile ? undefined : edge.sourceHandle) ?? 'out';
    // An aggregate edge carries its merged states; each state goes to its own bundle.
    const states = data.edge ? { [data.state]: 1 } : (data.states ?? { [data.state]: data.count });
    for (const [state, number] of Object.entries(states) as [TopologyEdge['state'], number][]) {
      const key = `${anchor.id}|${sourceHandle}|${state}`;
      let bundle = bundles.get(key);
      if (!bundle) {
        bundle = {
          key,
          source: anchor,
          sourceHandle,
          state,
          template: data,
          count: 0,
          tiles: new Set(),
          reasons: new Map(),
          missingGrant: false,
        };
        bundles.set(key, bundle);
      }
      bundle.count += number;
      bundle.tiles.add(sourceTile ? edge.source : edge.target);
      if (STATE_RANK[state] === STATE_RANK[data.state])
        bundle.reasons.set(data.reason, (bundle.reasons.get(data.reason) ?? 0) + number);
      bundle.missingGrant ||= data.missingGrant && state === data.state;
    }
  }

  // Bundles end on the grid's side in the order they leave their sources, so they do not cross.
  const ordered = [...bundles.values()].sort((left, right) => {
    const leftY = (layout.positions.get(left.source.id)?.y ?? 0) + handleY(left.source, left.sourceHandle);
    const rightY =
      (layout.positions.get(right.source.id)?.y ?? 0) + handleY(right.source, right.sourceHandle);
    return (
      leftY - rightY || STATE_RANK[left.state] - STATE_RANK[right.state] || left.key.localeCompare(right.key)
    );
  });
  const title = `${count(tileNodes.length)} ${problems ? 'groups of problems' : 'namespaces'}`;
  const grid = gridNode(layout.grid, ordered, title);
  ordered.forEach((bundle, index) => {
    const label = bundleLabel(bundle);
    const data: MapEdgeData = {
      ...bundle.template,
      state: bundle.state,
      reason: [...bundle.reasons.keys()][0] ?? bundle.template.reason,
      label,
      edge: undefined,
      summary: `${label}: ${count(bundle.count)} references from ${count(bundle.tiles.size)} namespaces`,
      predicted: false,
      missingGrant: bundle.missingGrant,
      finding: undefined,
      count: bundle.count,
      dimmed: false,
      labelScale: (BUNDLE_LABEL * font) / EDGE_LABEL_FONT,
    };
    edges.push({
      id: `bundle:${bundle.key}`,
      type: 'map',
      source: bundle.source.id,
      target: GRID_ID,
      sourceHandle: bundle.sourceHandle,
      targetHandle: `b:${index}`,
      data,
      ariaLabel: data.summary,
      selectable: false,
      focusable: false,
      zIndex: STATE_RANK[bundle.state] >= 4 ? 1 : 0,
    });
  });

  const nodes: MapFlowNode[] = [
    grid,
    ...anchors,
    ...tileNodes.map((node): MapFlowNode =>
      node.type === 'aggregate'
        ? {
            ...node,
            width,
            height,
            measured: { width, height },
            handles: [],
            data: { ...node.data, tileFont: font },
          }
        : node,
    ),
  ];
  return { nodes, edges, layout };
}
