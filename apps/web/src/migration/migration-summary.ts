/**
 * The migration summary the map shows: Ingresses counted by coverage state, per cluster and per
 * namespace, and the list of what remains (every Ingress not yet covered, with its unserved keys).
 * Reads the Ingress nodes as the server sent them; the coverage of each is judged by the core.
 */
import type { IngressCoverageState, IngressCoverageSummary, TopologyNode } from '@gatemap/topology';

export type CoverageCounts = Readonly<Record<IngressCoverageState, number>> & { readonly total: number };

interface RemainingIngress {
  readonly id: string;
  readonly cluster: string | undefined;
  readonly namespace: string;
  readonly name: string;
  readonly state: Exclude<IngressCoverageState, 'covered'>;
  readonly coverage: IngressCoverageSummary;
}

interface NamespaceSummary {
  readonly cluster: string | undefined;
  readonly namespace: string;
  readonly counts: CoverageCounts;
}

interface ClusterSummary {
  readonly cluster: string | undefined;
  readonly counts: CoverageCounts;
  readonly namespaces: readonly NamespaceSummary[];
}

export interface MigrationSummary {
  readonly counts: CoverageCounts;
  readonly clusters: readonly ClusterSummary[];
  /** Not started first, then partial; by cluster, namespace and name within each. */
  readonly remaining: readonly RemainingIngress[];
}

const EMPTY: CoverageCounts = { covered: 0, partial: 0, 'not-started': 0, total: 0 };

function add(counts: CoverageCounts, state: IngressCoverageState): CoverageCounts {
  return { ...counts, [state]: counts[state] + 1, total: counts.total + 1 };
}

const byText = (left: string, right: string) => (left < right ? -1 : left > right ? 1 : 0);

/** The summary of every Ingress among the nodes (other nodes are ignored). */
export function migrationSummary(nodes: Iterable<TopologyNode>): MigrationSummary {
  let counts = EMPTY;
  const clusters = new Map<string, { counts: CoverageCounts; namespaces: Map<string, CoverageCounts> }>();
  const remaining: RemainingIngress[] = [];
  for (const node of nodes) {
    if (node.summary.type !== 'ingress' || node.ghost) continue;
    const coverage = node.summary.coverage;
    const state = coverage.state;
    const namespace = node.namespace ?? '';
    counts = add(counts, state);
    const clusterKey = node.cluster ?? '';
    let cluster = clusters.get(clusterKey);
    if (!cluster) clusters.set(clusterKey, (cluster = { counts: EMPTY, namespaces: new Map() }));
    cluster.counts = add(cluster.counts, state);
    cluster.namespaces.set(namespace, add(cluster.namespaces.get(namespace) ?? EMPTY, state));
    if (state !== 'covered')
      remaining.push({ id: node.id, cluster: node.cluster, namespace, name: node.name, state, coverage });
  }
  remaining.sort(
    (left, right) =>
      (left.state === right.state ? 0 : left.state === 'not-started' ? -1 : 1) ||
      byText(left.cluster ?? '', right.cluster ?? '') ||
      byText(left.namespace, right.namespace) ||
      byText(left.name, right.name),
  );
  return {
    counts,
    clusters: [...clusters.entries()]
      .sort(([left], [right]) => byText(left, right))
      .map(([cluster, entry]) => ({
        cluster: cluster === '' ? undefined : cluster,
        counts: entry.counts,
        namespaces: [...entry.namespaces.entries()]
          .sort(([left], [right]) => byText(left, right))
          .map(([namespace, namespaceCounts]) => ({
            cluster: cluster === '' ? undefined : cluster,
            namespace,
            counts: namespaceCounts,
          })),
      })),
    remaining,
  };
}
