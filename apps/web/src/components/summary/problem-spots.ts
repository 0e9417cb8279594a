/**
 * Where a large estate's first view looks: the parent with the most rejected Routes and the
 * namespaces where most rejected Routes live, as the map draws them (an object node, or the
 * collapsed namespace that holds it). The layout decides where those are; this only names them.
 */
import type { EstateSummary } from '@gatemap/topology';
import type { MapFlowNode } from '../../graph/flow-types.ts';

/** How many of the most affected namespaces the first view takes in besides the parent. */
const NAMESPACES = 3;

/**
 * The ids of the drawn nodes the first view of a large estate centres on, the most important
 * first (the namespace with the most rejected Routes, the parent with the most, the other
 * namespaces); empty without rejected Routes.
 */
export function problemSpots(summary: EstateSummary, nodes: readonly MapFlowNode[]): string[] {
  const parent = summary.parents.find((item) => item.rejected.count > 0)?.parent;
  if (parent === undefined) return [];
  const counts = new Map<string, number>();
  for (const reason of summary.rejected.reasons)
    for (const { namespace, count } of reason.top)
      counts.set(namespace, (counts.get(namespace) ?? 0) + count);
  const ranked = [...counts]
    .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
    .slice(0, NAMESPACES)
    .map(([namespace]) => namespace);
  // The worst namespace first, then the parent, then the other namespaces.
  const rankOf = (node: MapFlowNode, namespace: string | undefined): number | undefined => {
    if (node.id === parent) return 1;
    const index = namespace === undefined ? -1 : ranked.indexOf(namespace);
    if (index < 0 || (node.type !== 'aggregate' && !(node.type !== 'lane' && node.data.problem)))
      return undefined;
    return index === 0 ? 0 : index + 1;
  };
  const spots: { id: string; rank: number }[] = [];
  for (const node of nodes) {
    if (node.type === 'lane') continue;
    const rank = rankOf(
      node,
      node.type === 'aggregate' ? node.data.aggregate.namespace : node.data.node.namespace,
    );
    if (rank !== undefined) spots.push({ id: node.id, rank });
  }
  return spots.sort((left, right) => left.rank - right.rank).map((spot) => spot.id);
}
