/**
 * The map's normalized copy of the server's topology: nodes, edges and findings keyed by id,
 * plus the clusters' sync state. Immutable: every change makes a new state, and a collection
 * that did not change keeps its identity (and so does every entry that did not change), which is
 * what lets the pipeline and React Flow skip untouched work.
 */
import type {
  ClusterStatus,
  EstateOverview,
  Finding,
  SummaryResponse,
  TopologyEdge,
  TopologyNode,
  TopologyResponse,
} from '@gatemap/topology';

export interface TopologyState {
  /** Revision of the last snapshot or delta applied; -1 before the first snapshot. */
  readonly revision: number;
  readonly loaded: boolean;
  readonly nodes: ReadonlyMap<string, TopologyNode>;
  readonly edges: ReadonlyMap<string, TopologyEdge>;
  readonly findings: ReadonlyMap<string, Finding>;
  readonly clusters: readonly ClusterStatus[];
  /** The big picture the server sent ahead of the topology (estate-overview.ts), until it is loaded. */
  readonly preview?: EstateOverview | undefined;
  /** The estate summary that came with it. */
  readonly previewSummary?: SummaryResponse | undefined;
}

export const EMPTY_STATE: TopologyState = {
  revision: -1,
  loaded: false,
  nodes: new Map(),
  edges: new Map(),
  findings: new Map(),
  clusters: [],
};

/** Replaces everything with a snapshot (the first one, or one sent after a stream reset). */
export function stateFromSnapshot(snapshot: TopologyResponse): TopologyState {
  return {
    revision: snapshot.revision,
    loaded: true,
    nodes: new Map(snapshot.nodes.map((node) => [node.id, node])),
    edges: new Map(snapshot.edges.map((edge) => [edge.id, edge])),
    findings: new Map(snapshot.findings.map((item) => [item.id, item])),
    clusters: snapshot.clusters,
  };
}
