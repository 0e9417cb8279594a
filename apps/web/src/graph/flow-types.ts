/**
 * The React Flow elements the map draws: node and edge types and the data each carries.
 * Sizes are fixed per type (and listener count) so that React Flow can cull off-screen nodes
 * before measuring them, and the layout can run before anything is drawn.
 */
import type { Edge, Node } from '@xyflow/react';
import type { AggregateItem, Finding, ListenerSummary, TopologyEdge, TopologyNode } from '@gatemap/topology';
import type { PolicyBadge } from './policy-badges.ts';

type ObjectNodeData = {
  readonly node: TopologyNode;
  readonly column: number;
  readonly lane: string | undefined;
  readonly dimmed: boolean;
  readonly problem: boolean;
  /** The policies that target this object, one of its listeners or one of its rules. */
  readonly policies: readonly PolicyBadge[];
};

type GatewayNodeData = ObjectNodeData & {
  readonly listeners: readonly ListenerSummary[];
};

type AggregateNodeData = {
  readonly aggregate: AggregateItem;
  readonly column: number;
  readonly lane: string | undefined;
  /**
   * Drawn as a tile of the big picture (`tile-elements.ts`), which opens as the map zooms in: the
   * font size of its name, in flow units (the tile is in proportion).
   */
  readonly tileFont?: number;
};

type LaneNodeData = {
  readonly label: string;
  readonly column: number;
  readonly lane: string;
};

export type ObjectFlowNode = Node<ObjectNodeData, 'object'>;
export type GatewayFlowNode = Node<GatewayNodeData, 'gateway'>;
export type AggregateFlowNode = Node<AggregateNodeData, 'aggregate'>;
export type LaneFlowNode = Node<LaneNodeData, 'lane'>;
export type MapFlowNode = ObjectFlowNode | GatewayFlowNode | AggregateFlowNode | LaneFlowNode;

/** parent: a Route (or ListenerSet) attaching to its parent; backend/mirror: traffic; reference: the rest. */
export type EdgeCategory = 'parent' | 'backend' | 'mirror' | 'reference';

export type MapEdgeData = {
  readonly category: EdgeCategory;
  readonly edgeType: TopologyEdge['type'];
  readonly state: TopologyEdge['state'];
  readonly reason: string;
  readonly label: string | undefined;
  /** The server's edge; undefined for an edge that merges several (then `summary` says what). */
  readonly edge: TopologyEdge | undefined;
  readonly summary: string | undefined;
  /** gatemap derived the state; no controller reported it. */
  readonly predicted: boolean;
  readonly missingGrant: boolean;
  /** The finding that explains this edge, with its fix, when there is one. */
  readonly finding: Finding | undefined;
  /** Several edges merged into one by a collapsed namespace. */
  readonly count: number;
  /** How many of the merged edges are in each state. */
  readonly states?: Readonly<Partial<Record<TopologyEdge['state'], number>>>;
  /** The label is drawn this much bigger (a bundle of the big picture, read zoomed out). */
  readonly labelScale?: number;
  readonly dimmed: boolean;
};

export type MapFlowEdge = Edge<MapEdgeData, 'map'>;

export const OBJECT_WIDTH = 240;
export const OBJECT_HEIGHT = 72;
export const GATEWAY_WIDTH = 320;
export const GATEWAY_HEADER = 60;
export const LISTENER_ROW = 30;
export const AGGREGATE_WIDTH = 240;
export const AGGREGATE_HEIGHT = 116;
export const HANDLE_SIZE = 8;

export function gatewayHeight(listeners: number): number {
  return GATEWAY_HEADER + LISTENER_ROW * Math.max(1, listeners) + 8;
}

export function listenerHandleId(listener: string): string {
  return `l:${listener}`;
}
