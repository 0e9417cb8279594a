/**
 * The ELK variant of step 5, for small views: the same columns (as ELK partitions), listener
 * ports in their drawn order, and ELK's crossing minimisation and node placement. Its y positions
 * are kept and x snaps to the map's columns, so that `extendLayout` can keep the result stable
 * under live updates exactly as it does for the own layout. The graph goes to a Web Worker
 * (`elk-worker.ts`); these functions only build and read ELK's JSON.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { columnX } from '@gatemap/topology';
import {
  resolveOverlaps,
  type LayoutEdge,
  type LayoutNode,
  type LayoutResult,
  type XY,
} from './layout-layers.ts';

/** Views up to this many nodes are laid out by ELK; bigger ones only by `layoutLayers`. */
export const ELK_MAX_NODES = 300;

export interface ElkPortSpec {
  readonly node: string;
  readonly handle: string;
  readonly side: 'EAST' | 'WEST';
  /** Offset from the node's top, so ELK orders and aligns ports as drawn. */
  readonly y: number;
}

export interface ElkEdgeSpec extends LayoutEdge {
  readonly id: string;
  readonly sourceHandle: string;
  readonly targetHandle: string;
}

const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.partitioning.activate': 'true',
  'elk.spacing.nodeNode': '24',
  'elk.layered.spacing.nodeNodeBetweenLayers': '120',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.separateConnectedComponents': 'false',
};

function portId(node: string, handle: string): string {
  return `${node}\u0000${handle}`;
}

export function toElkGraph(
  nodes: readonly LayoutNode[],
  edges: readonly ElkEdgeSpec[],
  ports: readonly ElkPortSpec[],
): ElkNode {
  const portsByNode = new Map<string, ElkPortSpec[]>();
  for (const port of ports) {
    const list = portsByNode.get(port.node);
    if (list) list.push(port);
    else portsByNode.set(port.node, [port]);
  }
  const known = new Set(ports.map((port) => portId(port.node, port.handle)));
  const endpoint = (node: string, handle: string): string =>
    known.has(portId(node, handle)) ? portId(node, handle) : node;
  const sorted = [...nodes].sort(
    (left, right) => left.column - right.column || left.sortKey.localeCompare(right.sortKey),
  );
  return {
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: sorted.map((node) => ({
      id: node.id,
      width: node.width,
      height: node.height,
      layoutOptions: {
        'elk.partitioning.partition': String(node.column),
        'elk.portConstraints': 'FIXED_POS',
      },
      ports: (portsByNode.get(node.id) ?? []).map((port) => ({
        id: portId(port.node, port.handle),
        x: port.side === 'EAST' ? node.width : 0,
        y: port.y,
        width: 1,
        height: 1,
        layoutOptions: { 'elk.port.side': port.side },
      })),
    })),
    edges: edges.map((edge): ElkExtendedEdge => ({
      id: edge.id,
      sources: [endpoint(edge.source, edge.sourceHandle)],
      targets: [endpoint(edge.target, edge.targetHandle)],
    })),
  };
}

/** ELK's y for each node, x snapped to the node's column, overlaps resolved. */
export function fromElkGraph(result: ElkNode, nodes: readonly LayoutNode[]): LayoutResult {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const positions = new Map<string, XY>();
  for (const child of result.children ?? []) {
    const node = byId.get(child.id);
    if (node) positions.set(node.id, { x: columnX(node.column), y: Math.round(child.y ?? 0) });
  }
  const bottom = nodes.reduce(
    (lowest, node) => Math.max(lowest, (positions.get(node.id)?.y ?? 0) + node.height),
    0,
  );
  return resolveOverlaps({ positions, lanes: [{ id: '', top: 0, bottom }] }, nodes);
}
