/**
 * Keeps the identity of React Flow nodes and edges that did not change between two pipeline
 * runs. React Flow re-adopts (and re-renders) every node whose object is new, so handing it the
 * previous object for an unchanged node is what keeps a live update cheap.
 */
import type { MapFlowEdge, MapFlowNode } from './flow-types.ts';

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
    // Aggregates and policy badges are rebuilt on every run; they are small, so compare them by value.
    return (key === 'aggregate' || key === 'policies') && JSON.stringify(a) === JSON.stringify(b);
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
