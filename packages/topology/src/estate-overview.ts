/**
 * The big picture of a large estate ahead of its objects. The whole snapshot of 150,000 objects
 * is about 100 MB of JSON, seconds to make, send and read; the map's first view of such an estate
 * is a grid of namespace tiles that shows none of them one by one. The overview is that view's
 * input, folded by the map's own rule (`groupGraph` with every namespace folded): each namespace
 * with its counts but without its members, the objects left whole with their findings, and every
 * edge but those between two folded namespaces, which the big picture does not draw (they would
 * cross the whole grid).
 */
import { findingNodeId } from './finding-node.ts';
import type { Finding } from './findings.ts';
import { groupGraph, type GroupedGraph } from './group-graph.ts';
import type { TopologyEdge, TopologyNode } from './protocol.ts';

/** From this many objects on, the map draws the overview first: below, the snapshot comes as fast. */
export const OVERVIEW_MIN_OBJECTS = 50_000;

export interface EstateOverview {
  /** How many objects the estate holds. */
  readonly objects: number;
  /** The big picture's grouped graph; every aggregate's `members` is empty. */
  readonly grouped: GroupedGraph;
  /** The findings of the objects left whole. */
  readonly findings: readonly Finding[];
}

interface OverviewSource {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
  readonly findings: readonly Finding[];
}

const NO_CONTEXT: ReadonlySet<string> = new Set();

export function estateOverview(source: OverviewSource): EstateOverview {
  const grouped = groupGraph(
    { nodes: source.nodes, edges: source.edges, context: NO_CONTEXT },
    { groupBy: 'none', collapseThreshold: Infinity, expanded: [], foldAll: true },
  );
  const folded = new Set<string>();
  const whole = new Set<string>();
  for (const item of grouped.items) (item.type === 'aggregate' ? folded : whole).add(item.id);
  return {
    objects: source.nodes.length,
    grouped: {
      items: grouped.items.map((item) => (item.type === 'aggregate' ? { ...item, members: [] } : item)),
      edges: grouped.edges.filter((edge) => {
        const [from, to] = edge.type === 'edge' ? [edge.edge.from, edge.edge.to] : [edge.from, edge.to];
        return !folded.has(from) || !folded.has(to);
      }),
      lanes: grouped.lanes,
    },
    findings: source.findings.filter((finding) => whole.has(findingNodeId(finding))),
  };
}
