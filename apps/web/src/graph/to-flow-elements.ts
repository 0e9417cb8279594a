/**
 * Pipeline step 4: turns the grouped graph into React Flow nodes and edges, still without
 * positions (the layout places them). Edges run left to right, from the node in the lower column:
 * a Route's parent edge starts at the listener handle of its Gateway, so it ends at the listener
 * it attaches to (one edge per listener when it attaches to several).
 */
import { Position, type NodeHandle } from '@xyflow/react';
import {
  type AggregateEdgeItem,
  columnOf,
  type GraphItem,
  type GroupedGraph,
  type ListenerSummary,
  ROUTE_COLUMN,
  type TopologyEdge,
  type TopologyNode,
} from '@gatemap/topology';
import { findingForEdge, type FindingIndex } from '../store/finding-index.ts';
import {
  AGGREGATE_HEIGHT,
  AGGREGATE_WIDTH,
  GATEWAY_HEADER,
  GATEWAY_WIDTH,
  gatewayHeight,
  HANDLE_SIZE,
  LISTENER_ROW,
  listenerHandleId,
  OBJECT_HEIGHT,
  OBJECT_WIDTH,
  type EdgeCategory,
  type MapEdgeData,
  type MapFlowEdge,
  type MapFlowNode,
} from './flow-types.ts';
import { badgesOf, policyBadges, type PolicyBadge } from './policy-badges.ts';

export interface FlowElements {
  readonly nodes: readonly MapFlowNode[];
  readonly edges: readonly MapFlowEdge[];
}

/** `Kind namespace/name`, or `Kind name` for cluster-scoped kinds: the node's accessible name. */
export function accessibleName(node: Pick<TopologyNode, 'kind' | 'namespace' | 'name'>): string {
  return node.namespace === undefined
    ? `${node.kind} ${node.name}`
    : `${node.kind} ${node.namespace}/${node.name}`;
}

function listenersOf(node: TopologyNode): readonly ListenerSummary[] | undefined {
  return node.summary.type === 'gateway' || node.summary.type === 'listenerset'
    ? node.summary.listeners
    : undefined;
}

function handles(width: number, height: number, listeners: readonly ListenerSummary[] = []): NodeHandle[] {
  const half = HANDLE_SIZE / 2;
  const centre = listeners.length > 0 ? GATEWAY_HEADER / 2 : height / 2;
  const list: NodeHandle[] = [
    {
      id: 'in',
      type: 'target',
      position: Position.Left,
      x: -half,
      y: centre - half,
      width: HANDLE_SIZE,
      height: HANDLE_SIZE,
    },
    {
      id: 'out',
      type: 'source',
      position: Position.Right,
      x: width - half,
      y: centre - half,
      width: HANDLE_SIZE,
      height: HANDLE_SIZE,
    },
  ];
  listeners.forEach((listener, index) =>
    list.push({
      id: listenerHandleId(listener.name),
      type: 'source',
      position: Position.Right,
      x: width - half,
      y: GATEWAY_HEADER + index * LISTENER_ROW + LISTENER_ROW / 2 - half,
      width: HANDLE_SIZE,
      height: HANDLE_SIZE,
    }),
  );
  return list;
}

/*
 * Every node carries `measured` equal to its preset size: the CSS draws it at exactly that size,
 * and React Flow then counts it as initialised at once. Without it, every re-adopted node is
 * "unmeasured" until its next resize, and a queued fitView waits for that (and then fits only
 * the nodes measured since).
 */
function toFlowNode(item: GraphItem, badges: ReadonlyMap<string, readonly PolicyBadge[]>): MapFlowNode {
  if (item.type === 'aggregate') {
    const counts = item.counts.map((entry) => `${entry.count} ${entry.kind}`).join(', ');
    return {
      id: item.id,
      type: 'aggregate',
      position: { x: 0, y: 0 },
      width: AGGREGATE_WIDTH,
      height: AGGREGATE_HEIGHT,
      measured: { width: AGGREGATE_WIDTH, height: AGGREGATE_HEIGHT },
      handles: handles(AGGREGATE_WIDTH, AGGREGATE_HEIGHT),
      data: { aggregate: item, column: ROUTE_COLUMN, lane: item.lane },
      ariaLabel: `Namespace ${item.namespace}, collapsed: ${counts}`,
      draggable: false,
    };
  }
  const { node } = item;
  const listeners = listenersOf(node);
  const base = {
    node,
    column: columnOf(node.kind),
    lane: item.lane,
    dimmed: item.dimmed,
    problem: item.problem,
    policies: badgesOf(badges, item.id),
  };
  if (listeners) {
    const height = gatewayHeight(listeners.length);
    return {
      id: item.id,
      type: 'gateway',
      position: { x: 0, y: 0 },
      width: GATEWAY_WIDTH,
      height,
      measured: { width: GATEWAY_WIDTH, height },
      handles: handles(GATEWAY_WIDTH, height, listeners),
      data: { ...base, listeners },
      ariaLabel: accessibleName(node),
      draggable: false,
    };
  }
  return {
    id: item.id,
    type: 'object',
    position: { x: 0, y: 0 },
    width: OBJECT_WIDTH,
    height: OBJECT_HEIGHT,
    measured: { width: OBJECT_WIDTH, height: OBJECT_HEIGHT },
    handles: handles(OBJECT_WIDTH, OBJECT_HEIGHT),
    data: base,
    ariaLabel: accessibleName(node),
    draggable: false,
  };
}

function categoryOf(type: TopologyEdge['type']): EdgeCategory {
  switch (type) {
    case 'parent':
    case 'listenerset-parent':
      return 'parent';
    case 'backend':
      return 'backend';
    case 'mirror':
      return 'mirror';
    default:
      return 'reference';
  }
}

/** The text drawn on an edge: nothing for a healthy plain reference, the spec's reason otherwise. */
export function edgeLabel(edge: TopologyEdge): string | undefined {
  const predicted = edge.source === 'predicted' ? ' · predicted' : '';
  const category = categoryOf(edge.type);
  if (category === 'parent') {
    if (edge.predicted) return `${edge.reason} (gatemap predicts ${edge.predicted.reason})`;
    return edge.state === 'accepted' ? undefined : `${edge.reason}${predicted}`;
  }
  const share = edge.share !== undefined && edge.share < 100 ? `${formatShare(edge.share)}%` : undefined;
  if (edge.state === 'unresolved') {
    const text = edge.missingGrant ? `${edge.reason}: no ReferenceGrant` : edge.reason;
    const prefix = category === 'mirror' ? 'mirror · ' : share ? `${share} · ` : '';
    return `${prefix}${text}`;
  }
  if (category === 'mirror') return 'mirror';
  return share;
}

function formatShare(share: number): string {
  return Number.isInteger(share) ? String(share) : share.toFixed(1);
}

/** What an edge's tooltip says: both ends, state and reason, who decided it, the message. */
function edgeTooltip(edge: TopologyEdge): string {
  const origin =
    edge.source === 'predicted'
      ? 'predicted by gatemap (no controller reported it)'
      : 'reported by the controller';
  const lines = [
    `${edge.from} → ${edge.to}${edge.listeners && edge.listeners.length > 0 ? ` (listener ${edge.listeners.join(', ')})` : ''}`,
    `${edge.type} ${edge.field}: ${edge.state}, ${edge.reason} — ${origin}`,
  ];
  if (edge.predicted) lines.push(`gatemap predicts ${edge.predicted.state}, ${edge.predicted.reason}`);
  if (edge.share !== undefined) lines.push(`${formatShare(edge.share)}% of rule ${edge.rule ?? 0}'s traffic`);
  if (edge.message !== '') lines.push(edge.message);
  return lines.join('\n');
}

function aggregateLabel(item: AggregateEdgeItem): string {
  const parts = Object.entries(item.states).map(([state, count]) => `${count} ${state}`);
  const problem = item.state === 'rejected' || item.state === 'unresolved' ? ` (${item.reason})` : '';
  return `${parts.join(' · ')}${problem}`;
}

export function toFlowElements(grouped: GroupedGraph, findings: FindingIndex): FlowElements {
  const badges = policyBadges(grouped.edges.flatMap((item) => (item.type === 'edge' ? [item.edge] : [])));
  const nodes = grouped.items.map((item) => toFlowNode(item, badges));
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const edges: MapFlowEdge[] = [];

  for (const item of grouped.edges) {
    const fromNode = byId.get(item.type === 'edge' ? item.edge.from : item.from);
    const toNode = byId.get(item.type === 'edge' ? item.edge.to : item.to);
    if (!fromNode || !toNode) continue;
    const forward = fromNode.data.column <= toNode.data.column;
    const source = forward ? fromNode : toNode;
    const target = forward ? toNode : fromNode;
    const listeners = (item.type === 'edge' ? item.edge.listeners : item.listeners) ?? [];
    const sourceListeners =
      source.type === 'gateway' ? new Set(source.data.listeners.map((l) => l.name)) : undefined;
    const handleIds = listeners.filter((name) => sourceListeners?.has(name)).map(listenerHandleId);
    const sourceHandles = handleIds.length > 0 ? handleIds : ['out'];
    const dimmed =
      (source.type !== 'aggregate' && source.type !== 'lane' && source.data.dimmed) ||
      (target.type !== 'aggregate' && target.type !== 'lane' && target.data.dimmed);

    let data: MapEdgeData;
    let ariaLabel: string;
    if (item.type === 'edge') {
      const { edge } = item;
      const finding = findingForEdge(findings, edge);
      data = {
        category: categoryOf(edge.type),
        edgeType: edge.type,
        state: edge.state,
        reason: edge.reason,
        label: edgeLabel(edge),
        edge,
        summary: undefined,
        predicted: edge.source === 'predicted',
        missingGrant: edge.missingGrant === true,
        finding,
        count: 1,
        dimmed,
      };
      ariaLabel = `${edge.type} reference from ${edge.from} to ${edge.to}: ${edge.state}, ${edge.reason}`;
    } else {
      data = {
        category: categoryOf(item.edgeType),
        edgeType: item.edgeType,
        state: item.state,
        reason: item.reason,
        label: aggregateLabel(item),
        edge: undefined,
        summary: `${item.count} ${item.edgeType} references between ${item.from} and ${item.to}: ${aggregateLabel(item)}`,
        predicted: false,
        missingGrant: item.missingGrant,
        finding: undefined,
        count: item.count,
        states: item.states,
        dimmed,
      };
      ariaLabel = data.summary ?? '';
    }
    sourceHandles.forEach((sourceHandle, index) => {
      const id = index === 0 ? item.id : `${item.id}@${sourceHandle}`;
      edges.push({
        id,
        type: 'map',
        source: source.id,
        target: target.id,
        sourceHandle,
        targetHandle: 'in',
        data,
        ariaLabel,
        selectable: false,
        focusable: false,
        zIndex: data.state === 'rejected' || data.state === 'unresolved' ? 1 : 0,
        domAttributes: edgeAttributes(data),
      });
    });
  }
  return { nodes, edges };
}

/** The tooltip of a drawn edge. */
export function tooltipOf(data: MapEdgeData): string {
  return data.edge ? edgeTooltip(data.edge) : (data.summary ?? '');
}

/** The test hooks on each edge element: `data-state` and `data-reason`. */
function edgeAttributes(data: MapEdgeData): MapFlowEdge['domAttributes'] {
  const attributes: Record<`data-${string}`, string> = {
    'data-state': data.state,
    'data-reason': data.reason,
    'data-edge-type': data.edgeType,
    'data-source': data.predicted ? 'predicted' : 'reported',
  };
  if (data.missingGrant) attributes['data-missing-grant'] = 'true';
  return attributes as MapFlowEdge['domAttributes'];
}
