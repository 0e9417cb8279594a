/**
 * Keeps the identity of React Flow nodes and edges that did not change between two pipeline
 * runs. React Flow re-adopts (and re-renders) every node whose object is new, so handing it the
 * previous object for an unchanged node is what keeps a live update cheap.
 */
import type { MapFlowEdge, MapFlowNode } from './flow-types.ts';
import type { AggregateItem } from '@gatemap/topology';

/**
 * Aggregates are rebuilt on every run. Their members are the store's node objects, which keep
 * their identity until the server changes them, so they compare by identity: comparing them by
 * value would serialize every object of a large estate on each run.
 */
function sameAggregate(left: AggregateItem, right: AggregateItem): boolean {
  return (
    left.id === right.id &&
    left.expandKey === right.expandKey &&
    left.cluster === right.cluster &&
    left.namespace === right.namespace &&
    left.lane === right.lane &&
    left.total === right.total &&
    left.routes === right.routes &&
    left.severity === right.severity &&
    left.findings === right.findings &&
    left.problems === right.problems &&
    left.counts.length === right.counts.length &&
    left.counts.every(
      (count, index) => count.kind === right.counts[index]?.kind && count.count === right.counts[index].count,
    ) &&
    left.members.length === right.members.length &&
    left.members.every((member, index) => member === right.members[index])
  );
}

function sameRecord(
  left: Readonly<Record<string, unknown>>,
  right: Readonly<Record<string, unknown>>,
): boolean {
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => {
    const a = left[key];
    const b = right[key];
    if (a === b) return true;
    if (key === 'aggregate') return sameAggregate(a as AggregateItem, b as AggregateItem);
    // Policy badges are rebuilt on every run; they are small, so compare them by value.
    return key === 'policies' && JSON.stringify(a) === JSON.stringify(b);
  });
}

export function sameNode(previous: MapFlowNode, next: MapFlowNode): boolean {
  return (
    previous.type === next.type &&
    previous.position.x === next.position.x &&
    previous.position.y === next.position.y &&
    previous.width === next.width &&
    previous.height === next.height &&
    (previous.selected ?? false) === (next.selected ?? false) &&
    previous.ariaLabel === next.ariaLabel &&
    sameRecord(previous.data, next.data)
  );
}

export function sameEdge(previous: MapFlowEdge, next: MapFlowEdge): boolean {
  return (
    previous.source === next.source &&
    previous.target === next.target &&
    previous.sourceHandle === next.sourceHandle &&
    previous.targetHandle === next.targetHandle &&
    previous.data !== undefined &&
    next.data !== undefined &&
    sameRecord(previous.data, next.data)
  );
}

/** Returns `next` with each element replaced by its previous object when that is unchanged. */
export function reuseUnchanged<Element extends { readonly id: string }>(
  previous: ReadonlyMap<string, Element>,
  next: readonly Element[],
  same: (previous: Element, next: Element) => boolean,
): Element[] {
  return next.map((element) => {
    const before = previous.get(element.id);
    return before !== undefined && same(before, element) ? before : element;
  });
}
