/**
 * Pipeline step 1: keeps the nodes that match the view's filters. With `context`, it also keeps
 * what explains a match: everything upstream of it (the Routes that send to a Service, the
 * Gateways a Route attaches to, their classes) and a matching Route's backends; those are marked
 * as context and drawn dimmed. Returns the same graph when no filter is set.
 */
import {
  columnOf,
  isProblemEdge,
  isProblemNode,
  matchLabelSelector,
  type TopologyEdge,
  type TopologyNode,
} from '@gatemap/topology';
import { incidentEdges, inducedSubgraph, otherEnd, type MapGraph } from './map-graph.ts';
import { parseLabelSelector } from './parse-label-selector.ts';

export interface GraphFilter {
  readonly cluster?: string | undefined;
  readonly namespaces: readonly string[];
  readonly kinds: readonly string[];
  /**
   * Policy kinds: a node matches when it is a policy of one of them, or a policy of one of them
   * targets it (a `policy-target` edge). Absent or empty: every node.
   */
  readonly policyKinds?: readonly string[];
  /** Label selector text, as kubectl -l takes it. */
  readonly labels: string;
  /** Case-insensitive substring of `namespace/name`. */
  readonly name: string;
  readonly problemsOnly: boolean;
  /** Also keep the upstream path and backends of each match. */
  readonly context: boolean;
  /** Only these nodes can match (the objects of a summary figure); undefined: any. */
  readonly only?: ReadonlySet<string> | undefined;
}

export interface FilterResult {
  readonly graph: MapGraph;
  /** Why the label selector was ignored, when it could not be read. */
  readonly labelError?: string;
}

/** A node that needs attention: a warning or error finding, a ghost, stale status, or a failed reference. */
function isProblem(node: TopologyNode, edges: readonly TopologyEdge[] = []): boolean {
  return isProblemNode(node, edges.some(isProblemEdge));
}

/** Whether the filter keeps anything out (a figure's objects count as a filter). */
export function isFiltering(filter: GraphFilter): boolean {
  return (
    filter.cluster !== undefined ||
    filter.namespaces.length > 0 ||
    filter.kinds.length > 0 ||
    (filter.policyKinds?.length ?? 0) > 0 ||
    filter.labels.trim() !== '' ||
    filter.name.trim() !== '' ||
    filter.problemsOnly ||
    filter.only !== undefined
  );
}

export function filterGraph(graph: MapGraph, filter: GraphFilter): FilterResult {
  if (!isFiltering(filter)) return { graph };
  const parsed = parseLabelSelector(filter.labels);
  const selector = parsed.valid ? parsed.selector : undefined;
  const namespaces = new Set(filter.namespaces);
  const kinds = new Set(filter.kinds);
  const policyKinds = new Set(filter.policyKinds);
  const needle = filter.name.trim().toLowerCase();
  const incident = incidentEdges(graph.edges);

  const inCluster = (node: TopologyNode): boolean =>
    filter.cluster === undefined || node.cluster === undefined || node.cluster === filter.cluster;
  const only = filter.only;
  const matches = (node: TopologyNode): boolean =>
    (only === undefined || only.has(node.id)) &&
    inCluster(node) &&
    (namespaces.size === 0 || (node.namespace !== undefined && namespaces.has(node.namespace))) &&
    (kinds.size === 0 || kinds.has(node.kind)) &&
    (policed === undefined || policed.has(node.id)) &&
    (selector === undefined || isSelected(selector, node)) &&
    (needle === '' || `${node.namespace ?? ''}/${node.name}`.toLowerCase().includes(needle)) &&
    (!filter.problemsOnly || isProblem(node, incident.get(node.id)));

  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const policed = policyKinds.size === 0 ? undefined : policedNodes(graph, byId, policyKinds);
  const matched = new Set(graph.nodes.filter(matches).map((node) => node.id));
  const keep = new Set(matched);
  if (filter.context) {
    const column = (id: string): number => columnOf(byId.get(id)?.kind ?? '');
    // Upstream: walk towards lower columns (Service ← Route ← Gateway ← GatewayClass).
    const stack = [...matched];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      for (const edge of incident.get(id) ?? []) {
        const other = otherEnd(edge, id);
        if (keep.has(other) || !byId.has(other) || !inCluster(byId.get(other) as TopologyNode)) continue;
        if (column(other) < column(id)) {
          keep.add(other);
          stack.push(other);
        }
      }
    }
    // Downstream, one hop: a matching Route's backends.
    for (const id of matched) {
      for (const edge of incident.get(id) ?? []) {
        if (edge.from === id && (edge.type === 'backend' || edge.type === 'mirror') && byId.has(edge.to))
          keep.add(edge.to);
      }
    }
  }
  const subgraph = inducedSubgraph(graph, keep);
  const context = new Set([...subgraph.context, ...[...keep].filter((id) => !matched.has(id))]);
  return {
    graph: { ...subgraph, context },
    ...(parsed.valid ? {} : { labelError: parsed.error }),
  };
}

/** Policies of the given kinds, and the nodes they target. */
function policedNodes(
  graph: MapGraph,
  byId: ReadonlyMap<string, TopologyNode>,
  kinds: ReadonlySet<string>,
): ReadonlySet<string> {
  const out = new Set<string>();
  const isChosen = (id: string): boolean => {
    const node = byId.get(id);
    return node !== undefined && node.summary.type === 'policy' && kinds.has(node.kind);
  };
  for (const node of graph.nodes) if (isChosen(node.id)) out.add(node.id);
  for (const edge of graph.edges) if (edge.type === 'policy-target' && isChosen(edge.from)) out.add(edge.to);
  return out;
}

function isSelected(selector: Parameters<typeof matchLabelSelector>[0], node: TopologyNode): boolean {
  const result = matchLabelSelector(selector, node.labels ?? {});
  return result.valid && result.matches;
}
