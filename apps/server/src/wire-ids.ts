/**
 * Ids as the map sees them. With one cluster served, an id on the wire is the topology's own;
 * with several, each node, edge and finding id (and an edge's ends) is prefixed with `<cluster>:`,
 * so that the same object in two clusters stays two nodes. Every node and edge names its cluster.
 */
import type { Finding, TopologyDelta, TopologyEdge, TopologyNode, TopologySnapshot } from '@gatemap/topology';

export class WireIds {
  private readonly prefixIds: boolean;

  constructor({ prefixIds }: { readonly prefixIds: boolean }) {
    this.prefixIds = prefixIds;
  }

  /** The id a node has on the wire. */
  id(cluster: string, id: string): string {
    return this.prefixIds ? `${cluster}:${id}` : id;
  }

  node(cluster: string, node: TopologyNode): TopologyNode {
    return { ...node, id: this.id(cluster, node.id), cluster };
  }

  edge(cluster: string, edge: TopologyEdge): TopologyEdge {
    return this.prefixIds
      ? {
          ...edge,
          id: this.id(cluster, edge.id),
          from: this.id(cluster, edge.from),
          to: this.id(cluster, edge.to),
          cluster,
        }
      : { ...edge, cluster };
  }

  finding(cluster: string, item: Finding): Finding {
    return this.prefixIds ? { ...item, id: this.id(cluster, item.id) } : item;
  }

  delta(cluster: string, delta: TopologyDelta): TopologyDelta {
    return {
      upsertNodes: delta.upsertNodes.map((node) => this.node(cluster, node)),
      removeNodes: delta.removeNodes.map((id) => this.id(cluster, id)),
      upsertEdges: delta.upsertEdges.map((edge) => this.edge(cluster, edge)),
      removeEdges: delta.removeEdges.map((id) => this.id(cluster, id)),
      upsertFindings: delta.upsertFindings.map((item) => this.finding(cluster, item)),
      removeFindings: delta.removeFindings.map((id) => this.id(cluster, id)),
    };
  }

  /** A topology of one cluster (e.g. a what-if overlay), with its removed nodes. */
  topology<Topology extends TopologySnapshot & { readonly removed: readonly TopologyNode[] }>(
    cluster: string,
    topology: Topology,
  ): Topology {
    return {
      ...topology,
      nodes: topology.nodes.map((node) => this.node(cluster, node)),
      edges: topology.edges.map((edge) => this.edge(cluster, edge)),
      findings: topology.findings.map((item) => this.finding(cluster, item)),
      removed: topology.removed.map((node) => this.node(cluster, node)),
    };
  }
}
