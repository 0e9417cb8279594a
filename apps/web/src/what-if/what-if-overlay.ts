/**
 * A what-if answer (`POST /api/what-if`) as the map draws it: the topology after the overlay,
 * with the nodes of removed objects kept, and a mark per node: added, replaced or removed, and
 * whether a verdict of it would break or recover.
 */
import type { ClusterStatus, TopologyResponse, VerdictDirection, WhatIfResponse } from '@gatemap/topology';

export interface OverlayMark {
  readonly change?: 'added' | 'replaced' | 'removed';
  /** The strongest of its verdict changes: broke, then recovered, then changed. */
  readonly verdict?: VerdictDirection;
}

/** Marks by node id. */
export type OverlayMarks = ReadonlyMap<string, OverlayMark>;

const STRENGTH: Record<VerdictDirection, number> = { broke: 3, recovered: 2, changed: 1 };

export function overlayMarks(result: WhatIfResponse): OverlayMarks {
  const idOf = new Map<string, string>();
  for (const node of [...result.nodes, ...result.removed]) idOf.set(node.key, node.id);
  const marks = new Map<string, OverlayMark>();
  for (const object of result.objects) {
    const id = idOf.get(object.key);
    if (id === undefined || object.change === 'unchanged') continue;
    marks.set(id, { change: object.change });
  }
  for (const change of result.verdicts) {
    const id = idOf.get(change.key);
    if (id === undefined) continue;
    const mark = marks.get(id) ?? {};
    if (mark.verdict === undefined || STRENGTH[change.direction] > STRENGTH[mark.verdict])
      marks.set(id, { ...mark, verdict: change.direction });
  }
  return marks;
}

/** The topology to draw: after the overlay, with the removed objects' nodes as they are now. */
export function overlaySnapshot(
  result: WhatIfResponse,
  clusters: readonly ClusterStatus[],
): TopologyResponse {
  const ids = new Set(result.nodes.map((node) => node.id));
  return {
    revision: 0,
    clusters,
    nodes: [...result.nodes, ...result.removed.filter((node) => !ids.has(node.id))],
    edges: result.edges,
    findings: result.findings,
  };
}
