/**
 * The map's pipeline, step 3: assigns each node to a lane (its cluster or namespace, when grouping) and
 * collapses namespaces with more Routes than the threshold into one aggregate node that shows
 * counts and the worst severity, unless the user expanded it. A collapsed namespace keeps its
 * Gateways and certificates; its Routes, backends, grants and policies fold into the aggregate,
 * and edges to them are merged into aggregate edges that count states.
 */
import type { Severity } from './findings.ts';
import { columnOf, ROUTE_COLUMN } from './map-columns.ts';
import { isProblemNode, problemEdgeEnds } from './problem-nodes.ts';
import type { EdgeType, TopologyEdge, TopologyNode } from './protocol.ts';

/** The graph to group: the map's, after its filters. */
export interface GroupableGraph {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
  /** Ids of nodes shown only as context for the ones that matched the filters (drawn dimmed). */
  readonly context: ReadonlySet<string>;
}

export type GroupBy = 'none' | 'namespace' | 'cluster';

export interface GroupOptions {
  readonly groupBy: GroupBy;
  readonly collapseThreshold: number;
  /** Expand keys (`aggregateKey`) of aggregates the user opened. */
  readonly expanded: readonly string[];
  /**
   * When more nodes than this would remain, the largest namespaces collapse too (never an
   * expanded one), until the view fits or nothing is left to fold. Unlimited when absent.
   */
  readonly nodeBudget?: number;
  /** Every namespace folds (the big picture's tiles), whatever its size, unless expanded. */
  readonly foldAll?: boolean;
  /**
   * What a node folds into instead of its namespace (with `foldAll`): the key of its group, or
   * undefined to keep it whole. "Problems only" groups rejected Routes by reason and listener.
   */
  readonly foldKey?: (node: TopologyNode) => string | undefined;
}

export interface Lane {
  readonly id: string;
  readonly label: string;
}

interface ObjectItem {
  readonly type: 'object';
  readonly id: string;
  readonly node: TopologyNode;
  readonly lane: string | undefined;
  readonly dimmed: boolean;
  /** Needs attention (`isProblem`): drawn with a problem marker. */
  readonly problem: boolean;
}

export interface AggregateItem {
  readonly type: 'aggregate';
  readonly id: string;
  /** What `expanded` lists to open this aggregate. */
  readonly expandKey: string;
  readonly cluster: string | undefined;
  readonly namespace: string;
  readonly lane: string | undefined;
  readonly counts: readonly { readonly kind: string; readonly count: number }[];
  readonly total: number;
  readonly routes: number;
  readonly severity: Severity | undefined;
  readonly findings: number;
  /** Members that need attention (`isProblem`). */
  readonly problems: number;
  /** The folded objects, in the order of the graph. */
  readonly members: readonly TopologyNode[];
}

export type GraphItem = ObjectItem | AggregateItem;

interface EdgeItem {
  readonly type: 'edge';
  readonly id: string;
  readonly edge: TopologyEdge;
}

export interface AggregateEdgeItem {
  readonly type: 'aggregate-edge';
  readonly id: string;
  readonly edgeType: EdgeType;
  readonly from: string;
  readonly to: string;
  readonly listeners: readonly string[];
  readonly count: number;
  readonly states: Readonly<Partial<Record<TopologyEdge['state'], number>>>;
  /** The worst state among the merged edges, and the reason most of those give. */
  readonly state: TopologyEdge['state'];
  readonly reason: string;
  readonly missingGrant: boolean;
}

type GraphEdgeItem = EdgeItem | AggregateEdgeItem;

export interface GroupedGraph {
  readonly items: readonly GraphItem[];
  readonly edges: readonly GraphEdgeItem[];
  /** Lanes in drawing order (empty when not grouping). */
  readonly lanes: readonly Lane[];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
/** How much an edge's state asks for attention: a merged or bundled edge shows its worst. */
export const STATE_RANK: Readonly<Record<TopologyEdge['state'], number>> = {
  rejected: 4,
  unresolved: 4,
  pending: 3,
  accepted: 1,
  resolved: 1,
};
const CLUSTER_SCOPED_LANE = 'cluster-scoped';

function aggregateKey(cluster: string | undefined, namespace: string): string {
  return cluster === undefined ? namespace : `${cluster}/${namespace}`;
}

function laneOf(node: TopologyNode, groupBy: GroupBy, multiCluster: boolean): Lane | undefined {
  if (groupBy === 'none') return undefined;
  const cluster = node.cluster ?? 'default';
  if (groupBy === 'cluster') return { id: `lane:${cluster}`, label: cluster };
  const prefix = multiCluster ? `${cluster} / ` : '';
  if (node.namespace === undefined)
    return {
      id: `lane:${multiCluster ? `${cluster}/` : ''}${CLUSTER_SCOPED_LANE}`,
      label: `${prefix}cluster-scoped`,
    };
  return {
    id: `lane:${multiCluster ? `${cluster}/` : ''}${node.namespace}`,
    label: `${prefix}${node.namespace}`,
  };
}

function isFolded(node: TopologyNode): boolean {
  return node.namespace !== undefined && columnOf(node.kind) >= ROUTE_COLUMN;
}

export function groupGraph(graph: GroupableGraph, options: GroupOptions): GroupedGraph {
  const multiCluster = new Set(graph.nodes.map((node) => node.cluster)).size > 1;
  const expanded = new Set(options.expanded);
  const problemEnds = problemEdgeEnds(graph.edges);

  // Which namespaces collapse: those over the threshold, then the largest while over budget.
  const keyOf = (node: TopologyNode): string | undefined =>
    options.foldKey
      ? options.foldKey(node)
      : isFolded(node)
        ? aggregateKey(multiCluster ? node.cluster : undefined, node.namespace as string)
        : undefined;
  const routesPerNamespace = new Map<string, number>();
  const foldablePerNamespace = new Map<string, number>();
  for (const node of graph.nodes) {
    const key = keyOf(node);
    if (key === undefined) continue;
    foldablePerNamespace.set(key, (foldablePerNamespace.get(key) ?? 0) + 1);
    if (columnOf(node.kind) === ROUTE_COLUMN)
      routesPerNamespace.set(key, (routesPerNamespace.get(key) ?? 0) + 1);
  }
  const collapsed = new Set(
    options.foldAll === true
      ? [...foldablePerNamespace.keys()].filter((key) => !expanded.has(key))
      : [...routesPerNamespace]
          .filter(([key, count]) => count > options.collapseThreshold && !expanded.has(key))
          .map(([key]) => key),
  );
  const budget = options.nodeBudget ?? Infinity;
  let remaining = graph.nodes.length;
  for (const key of collapsed) remaining -= (foldablePerNamespace.get(key) ?? 0) - 1;
  if (remaining > budget) {
    const candidates = [...routesPerNamespace.keys()]
      .filter((key) => !collapsed.has(key) && !expanded.has(key) && (foldablePerNamespace.get(key) ?? 0) > 1)
      .sort(
        (left, right) =>
          (foldablePerNamespace.get(right) ?? 0) - (foldablePerNamespace.get(left) ?? 0) ||
          left.localeCompare(right),
      );
    for (const key of candidates) {
      if (remaining <= budget) break;
      collapsed.add(key);
      remaining -= (foldablePerNamespace.get(key) ?? 0) - 1;
    }
  }

  const lanes = new Map<string, Lane>();
  const items: GraphItem[] = [];
  const representative = new Map<string, string>();
  const members = new Map<string, TopologyNode[]>();
  for (const node of graph.nodes) {
    const lane = laneOf(node, options.groupBy, multiCluster);
    if (lane && !lanes.has(lane.id)) lanes.set(lane.id, lane);
    const key = keyOf(node);
    if (key !== undefined && collapsed.has(key)) {
      const id = `aggregate:${key}`;
      representative.set(node.id, id);
      const list = members.get(id);
      if (list) list.push(node);
      else members.set(id, [node]);
      continue;
    }
    representative.set(node.id, node.id);
    items.push({
      type: 'object',
      id: node.id,
      node,
      lane: lane?.id,
      dimmed: graph.context.has(node.id),
      problem: isProblemNode(node, problemEnds.has(node.id)),
    });
  }
  for (const [id, list] of members) {
    const first = list[0] as TopologyNode;
    items.push(
      summarize(
        id,
        list,
        laneOf(first, options.groupBy, multiCluster)?.id,
        multiCluster ? first.cluster : undefined,
        problemEnds,
      ),
    );
  }

  const edges: GraphEdgeItem[] = [];
  const merged = new Map<string, TopologyEdge[]>();
  for (const edge of graph.edges) {
    const from = representative.get(edge.from);
    const to = representative.get(edge.to);
    if (from === undefined || to === undefined || from === to) continue;
    if (from === edge.from && to === edge.to) {
      edges.push({ type: 'edge', id: edge.id, edge });
      continue;
    }
    const key = `${edge.type}|${from}|${to}|${(edge.listeners ?? []).join(',')}`;
    const list = merged.get(key);
    if (list) list.push(edge);
    else merged.set(key, [edge]);
  }
  for (const [key, list] of merged) {
    const [type, from = '', to = ''] = key.split('|');
    edges.push(mergeEdges(`merged:${key}`, type as EdgeType, from, to, list));
  }

  const laneList = [...lanes.values()].sort((left, right) =>
    left.id.endsWith(CLUSTER_SCOPED_LANE) !== right.id.endsWith(CLUSTER_SCOPED_LANE)
      ? left.id.endsWith(CLUSTER_SCOPED_LANE)
        ? -1
        : 1
      : left.label.localeCompare(right.label),
  );
  return { items, edges, lanes: laneList };
}

function summarize(
  id: string,
  list: readonly TopologyNode[],
  lane: string | undefined,
  cluster: string | undefined,
  problemEnds: ReadonlySet<string>,
): AggregateItem {
  const counts = new Map<string, number>();
  let severity: Severity | undefined;
  let findings = 0;
  let problems = 0;
  let routes = 0;
  for (const node of list) {
    counts.set(node.kind, (counts.get(node.kind) ?? 0) + 1);
    if (node.severity && (severity === undefined || SEVERITY_RANK[node.severity] > SEVERITY_RANK[severity]))
      severity = node.severity;
    findings += node.findings;
    if (isProblemNode(node, problemEnds.has(node.id))) problems += 1;
    if (columnOf(node.kind) === ROUTE_COLUMN) routes += 1;
  }
  const first = list[0] as TopologyNode;
  return {
    type: 'aggregate',
    id,
    expandKey: id.slice('aggregate:'.length),
    cluster,
    namespace: first.namespace ?? '',
    lane,
    counts: [...counts]
      .map(([kind, count]) => ({ kind, count }))
      .sort(
        (left, right) => columnOf(left.kind) - columnOf(right.kind) || left.kind.localeCompare(right.kind),
      ),
    total: list.length,
    routes,
    severity,
    findings,
    problems,
    members: list,
  };
}

function mergeEdges(
  id: string,
  edgeType: EdgeType,
  from: string,
  to: string,
  list: readonly TopologyEdge[],
): AggregateEdgeItem {
  const states: Partial<Record<TopologyEdge['state'], number>> = {};
  let worst: TopologyEdge['state'] = list[0]?.state ?? 'pending';
  for (const edge of list) {
    states[edge.state] = (states[edge.state] ?? 0) + 1;
    if (STATE_RANK[edge.state] > STATE_RANK[worst]) worst = edge.state;
  }
  const reasons = new Map<string, number>();
  for (const edge of list)
    if (edge.state === worst) reasons.set(edge.reason, (reasons.get(edge.reason) ?? 0) + 1);
  const reason = [...reasons].sort(
    (left, right) => right[1] - left[1] || left[0].localeCompare(right[0]),
  )[0]?.[0];
  return {
    type: 'aggregate-edge',
    id,
    edgeType,
    from,
    to,
    listeners: list[0]?.listeners ?? [],
    count: list.length,
    states,
    state: worst,
    reason: reason ?? '',
    missingGrant: list.some((edge) => edge.missingGrant === true),
  };
}
