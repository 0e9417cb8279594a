/**
 * Arrow-key navigation between the map's nodes: up and down within a column, left and right to
 * the nearest connected node in the next column that has one (or the nearest node there).
 */
export interface NavigableNode {
  readonly id: string;
  readonly column: number;
  readonly y: number;
  readonly height: number;
}

export type Direction = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

export function isDirection(key: string): key is Direction {
  return key === 'ArrowUp' || key === 'ArrowDown' || key === 'ArrowLeft' || key === 'ArrowRight';
}

function centre(node: NavigableNode): number {
  return node.y + node.height / 2;
}

function nearest(candidates: readonly NavigableNode[], y: number): NavigableNode | undefined {
  let best: NavigableNode | undefined;
  for (const candidate of candidates) {
    if (!best || Math.abs(centre(candidate) - y) < Math.abs(centre(best) - y)) best = candidate;
  }
  return best;
}

export function nextNode(
  nodes: readonly NavigableNode[],
  neighbours: ReadonlyMap<string, readonly string[]>,
  current: string | undefined,
  direction: Direction,
): string | undefined {
  const here = nodes.find((node) => node.id === current);
  if (!here) {
    const first = [...nodes].sort((left, right) => left.column - right.column || left.y - right.y)[0];
    return first?.id;
  }
  if (direction === 'ArrowUp' || direction === 'ArrowDown') {
    const column = nodes.filter((node) => node.column === here.column && node.id !== here.id);
    const candidates =
      direction === 'ArrowUp'
        ? column.filter((node) => node.y < here.y)
        : column.filter((node) => node.y > here.y);
    return nearest(candidates, centre(here))?.id ?? here.id;
  }
  const forward = direction === 'ArrowRight';
  const ahead = (node: NavigableNode): boolean =>
    forward ? node.column > here.column : node.column < here.column;
  const related = new Set(neighbours.get(here.id) ?? []);
  const connected = nodes.filter((node) => related.has(node.id) && ahead(node));
  const pool = connected.length > 0 ? connected : nodes.filter(ahead);
  if (pool.length === 0) return here.id;
  const nextColumn = forward
    ? pool.reduce((lowest, node) => Math.min(lowest, node.column), Infinity)
    : pool.reduce((highest, node) => Math.max(highest, node.column), -Infinity);
  return nearest(
    pool.filter((node) => node.column === nextColumn),
    centre(here),
  )?.id;
}
