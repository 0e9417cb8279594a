/**
 * Findings looked up by the node they are about and by the field they point at, so that an edge
 * (which names its owner and field) finds the finding that explains it and the fix that goes
 * with it. A finding's node is the core's `findingNodeId` (which carries a multi-cluster server's
 * id prefix over to the subject).
 */
import { findingNodeId, type Finding, type TopologyEdge } from '@gatemap/topology';

export interface FindingIndex {
  readonly byNode: ReadonlyMap<string, readonly Finding[]>;
  readonly byField: ReadonlyMap<string, Finding>;
}

export function indexFindings(findings: Iterable<Finding>): FindingIndex {
  const byNode = new Map<string, Finding[]>();
  const byField = new Map<string, Finding>();
  for (const item of findings) {
    const node = findingNodeId(item);
    const list = byNode.get(node);
    if (list) list.push(item);
    else byNode.set(node, [item]);
    if (item.field !== undefined) {
      const key = `${node}|${item.field}`;
      const previous = byField.get(key);
      // Several findings on one field: the one with a fix explains the edge best.
      if (!previous || (previous.fix?.yaml === undefined && item.fix?.yaml !== undefined))
        byField.set(key, item);
    }
  }
  return { byNode, byField };
}

/** The finding about an edge's field, looked up on the object that owns the reference. */
export function findingForEdge(index: FindingIndex, edge: TopologyEdge): Finding | undefined {
  return index.byField.get(`${edge.from}|${edge.field}`) ?? index.byField.get(`${edge.to}|${edge.field}`);
}
