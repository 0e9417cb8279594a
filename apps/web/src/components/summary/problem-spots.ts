/**
 * Where a large estate's first view looks: the parent with the most rejected Routes and the
 * namespaces where most rejected Routes live, as the map draws them (an object node, or the
 * collapsed namespace that holds it). The layout decides where those are; this only names them.
 */
import type { EstateSummary } from '@gatemap/topology';
import type { MapFlowNode } from '../../graph/flow-types.ts';

/** How many of the most affected namespaces the first view takes in besides the parent. */
const NAMESPACES = 3;

/** The ids of the drawn nodes the first view of a large estate centres on; empty without problems. */
export function problemSpots(summary: EstateSummary, nodes: readonly MapFlowNode[]): string[] {
  const parent = summary.parents.find((item) => item.rejected.count > 0)?.parent;
  if (parent === undefined) return [];
  const counts = new Map<string, number>();
  for (const reason of summary.rejected.reasons)
    for (const { namespace, count } of reason.top)
      counts.set(namespace, (counts.get(namespace) ?? 0) + count);
  const namespaces = new Set(
    [...counts]
      .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
      .slice(0, NAMESPACES)
      .map(([namespace]) => namespace),
  );
  const spots: string[] = [];
  for (const node of nodes) {
    if (node.type === 'lane') continue;
    if (node.type === 'aggregate') {
      if (namespaces.has(node.data.aggregate.namespace)) spots.push(node.id);
    } else if (
      node.id === parent ||
      (node.data.problem &&
        node.data.node.namespace !== undefined &&
        namespaces.has(node.data.node.namespace))
    )
      spots.push(node.id);
  }
  return spots;
}
