/**
 * Pipeline step 5: the map's own column layout. Each node sits in its kind's column (fixed x);
 * within a column, nodes are ordered by the barycenter of their neighbours (a few sweeps, as in
 * Sugiyama's method) and then placed as near their neighbours as the nodes above them allow.
 * Lanes (one per namespace or cluster, when grouping) stack vertically.
 *
 * `extendLayout` keeps a previous layout stable under live updates: nodes that were placed keep
 * their place; new ones go into the free slot nearest their neighbours; a node that grew pushes
 * only the nodes below it in its column. A lane that runs out of room grows and shifts the lanes
 * below it as a block. O(n log n + e) for a fresh layout.
 */
import { columnX } from '@gatemap/topology';

export interface LayoutNode {
  readonly id: string;
  readonly column: number;
  /** Lane id when grouping; undefined puts the node in the one unnamed lane. */
  readonly lane: string | undefined;
  readonly width: number;
  readonly height: number;
  /** Initial order within a column (and tie-breaker), e.g. `namespace/name`. */
  readonly sortKey: string;
}

export interface LayoutEdge {
  readonly source: string;
  readonly target: string;
}

export interface XY {
  readonly x: number;
  readonly y: number;
}

interface LaneBox {
  /** The lane id; '' for the unnamed lane (not drawn). */
  readonly id: string;
  readonly top: number;
  readonly bottom: number;
}

export interface LayoutResult {
  readonly positions: ReadonlyMap<string, XY>;
  readonly lanes: readonly LaneBox[];
}

export const NODE_GAP = 24;
const LANE_GAP = 48;
const LANE_HEADER = 40;
const LANE_PADDING = 16;
const SWEEPS = 3;

/** Nodes by index, with each node's neighbours split by side, so the hot loops never hash strings. */
interface IndexedGraph {
  readonly nodes: readonly LayoutNode[];
  readonly index: ReadonlyMap<string, number>;
  /** Neighbours in lower columns, and in higher ones. */
  readonly lower: readonly (readonly number[])[];
  readonly higher: readonly (readonly number[])[];
}

function indexGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): IndexedGraph {
  const index = new Map(nodes.map((node, position) => [node.id, position]));
  const lower: number[][] = nodes.map(() => []);
  const higher: number[][] = nodes.map(() => []);
  for (const edge of edges) {
    const source = index.get(edge.source);
    const target = index.get(edge.target);
    if (source === undefined || target === undefined || source === target) continue;
    const sourceColumn = (nodes[source] as LayoutNode).column;
    const targetColumn = (nodes[target] as LayoutNode).column;
    if (sourceColumn < targetColumn) {
      (higher[source] as number[]).push(target);
      (lower[target] as number[]).push(source);
    } else if (sourceColumn > targetColumn) {
      (lower[source] as number[]).push(target);
      (higher[target] as number[]).push(source);
    }
  }
  return { nodes, index, lower, higher };
}

function laneKey(node: LayoutNode): string {
  return node.lane ?? '';
}

function compareKeys(left: LayoutNode, right: LayoutNode): number {
  return left.sortKey < right.sortKey ? -1 : left.sortKey > right.sortKey ? 1 : left.id < right.id ? -1 : 1;
}

function lanesInOrder(nodes: readonly LayoutNode[], laneOrder: readonly string[]): string[] {
  const present = new Set(nodes.map(laneKey));
  const ordered = laneOrder.filter((lane) => present.has(lane));
  const known = new Set(ordered);
  const rest = [...present].filter((lane) => !known.has(lane)).sort();
  return [...ordered, ...rest];
}

function membersByLane(nodes: readonly LayoutNode[]): Map<string, number[]> {
  const lanes = new Map<string, number[]>();
  nodes.forEach((node, position) => {
    const key = laneKey(node);
    const list = lanes.get(key);
    if (list) list.push(position);
    else lanes.set(key, [position]);
  });
  return lanes;
}

/** Orders each column by the barycenter of neighbours' ranks, sweeping right then left. */
function orderColumns(
  graph: IndexedGraph,
  members: readonly number[],
  rank: Float64Array,
): Map<number, number[]> {
  const { nodes, lower, higher } = graph;
  const columns = new Map<number, number[]>();
  const sorted = [...members].sort((left, right) =>
    compareKeys(nodes[left] as LayoutNode, nodes[right] as LayoutNode),
  );
  for (const member of sorted) {
    const column = (nodes[member] as LayoutNode).column;
    const list = columns.get(column);
    if (list) list.push(member);
    else columns.set(column, [member]);
  }
  const inLane = new Uint8Array(nodes.length);
  for (const member of members) inLane[member] = 1;
  const setRanks = (list: readonly number[]): void =>
    list.forEach((member, position) => {
      rank[member] = list.length === 1 ? 0.5 : position / (list.length - 1);
    });
  for (const list of columns.values()) setRanks(list);

  const indices = [...columns.keys()].sort((left, right) => left - right);
  const bary = new Float64Array(nodes.length);
  const order = new Int32Array(nodes.length);
  const sweep = (columnOrder: readonly number[], fromLower: boolean): void => {
    const related = fromLower ? lower : higher;
    for (const column of columnOrder) {
      const list = columns.get(column) ?? [];
      list.forEach((member, position) => {
        order[member] = position;
        let sum = 0;
        let count = 0;
        for (const other of related[member] as number[]) {
          if (inLane[other] === 0) continue;
          sum += rank[other] as number;
          count += 1;
        }
        bary[member] = count === 0 ? (rank[member] as number) : sum / count;
      });
      list.sort(
        (left, right) =>
          (bary[left] as number) - (bary[right] as number) ||
          (order[left] as number) - (order[right] as number),
      );
      setRanks(list);
    }
  };
  for (let pass = 0; pass < SWEEPS; pass += 1) {
    sweep(indices, true);
    sweep([...indices].reverse(), false);
  }
  sweep(indices, true);
  return columns;
}

/** Places ordered columns from `top`: the tallest column stacks, the others follow their neighbours. */
function placeColumns(
  graph: IndexedGraph,
  columns: ReadonlyMap<number, readonly number[]>,
  top: number,
  y: Float64Array,
): void {
  const { nodes, lower, higher } = graph;
  const total = (list: readonly number[]): number =>
    list.reduce((sum, member) => sum + (nodes[member] as LayoutNode).height + NODE_GAP, 0);
  const indices = [...columns.keys()].sort((left, right) => left - right);
  const anchor = indices.reduce(
    (best, column) => (total(columns.get(column) ?? []) > total(columns.get(best) ?? []) ? column : best),
    indices[0] ?? 0,
  );
  const order = [
    anchor,
    ...indices.filter((column) => column > anchor),
    ...indices.filter((column) => column < anchor).reverse(),
  ];
  for (const column of order) {
    let next = top;
    for (const member of columns.get(column) ?? []) {
      const node = nodes[member] as LayoutNode;
      let sum = 0;
      let count = 0;
      if (column !== anchor) {
        for (const side of [lower[member] as number[], higher[member] as number[]]) {
          for (const other of side) {
            const otherY = y[other] as number;
            if (Number.isNaN(otherY)) continue;
            sum += otherY + (nodes[other] as LayoutNode).height / 2;
            count += 1;
          }
        }
      }
      const desired = count === 0 ? next : sum / count - node.height / 2;
      const placed = Math.max(next, Math.round(desired));
      y[member] = placed;
      next = placed + node.height + NODE_GAP;
    }
  }
}

/** A fresh layout of the whole graph. */
export function layoutLayers(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  laneOrder: readonly string[] = [],
): LayoutResult {
  const graph = indexGraph(nodes, edges);
  const y = new Float64Array(nodes.length).fill(Number.NaN);
  const rank = new Float64Array(nodes.length);
  const byLane = membersByLane(nodes);
  const lanes: LaneBox[] = [];
  let top = 0;
  for (const lane of lanesInOrder(nodes, laneOrder)) {
    const members = byLane.get(lane) ?? [];
    const contentTop = top + (lane === '' ? 0 : LANE_HEADER);
    placeColumns(graph, orderColumns(graph, members, rank), contentTop, y);
    const bottom = members.reduce(
      (lowest, member) => Math.max(lowest, (y[member] as number) + (nodes[member] as LayoutNode).height),
      contentTop,
    );
    lanes.push({ id: lane, top, bottom: bottom + LANE_PADDING });
    top = bottom + LANE_PADDING + LANE_GAP;
  }
  const positions = new Map<string, XY>();
  nodes.forEach((node, member) =>
    positions.set(node.id, { x: columnX(node.column), y: y[member] as number }),
  );
  return { positions, lanes };
}

/**
 * Pushes nodes down where they overlap the node above them in their column and lane (after a
 * node grew, or after positions came from elsewhere). Nodes that do not overlap stay put.
 */
export function resolveOverlaps(layout: LayoutResult, nodes: readonly LayoutNode[]): LayoutResult {
  const positions = new Map(layout.positions);
  const groups = new Map<string, Map<number, { node: LayoutNode; y: number }[]>>();
  for (const node of nodes) {
    const position = positions.get(node.id);
    if (!position) continue;
    let lane = groups.get(laneKey(node));
    if (!lane) {
      lane = new Map();
      groups.set(laneKey(node), lane);
    }
    const list = lane.get(node.column);
    const entry = { node, y: position.y };
    if (list) list.push(entry);
    else lane.set(node.column, [entry]);
  }
  for (const lane of groups.values()) {
    for (const list of lane.values()) {
      list.sort((left, right) => left.y - right.y);
      let next = -Infinity;
      for (const { node, y } of list) {
        if (y < next) positions.set(node.id, { x: (positions.get(node.id) as XY).x, y: next });
        next = Math.max(y, next) + node.height + NODE_GAP;
      }
    }
  }
  return { positions, lanes: fitLanes(layout.lanes, nodes, positions) };
}

/** Grows each lane to hold its nodes, shifting the lanes below (and their nodes) as a block. */
function fitLanes(
  lanes: readonly LaneBox[],
  nodes: readonly LayoutNode[],
  positions: Map<string, XY>,
): LaneBox[] {
  const sorted = [...lanes].sort((left, right) => left.top - right.top);
  const byLane = membersByLane(nodes);
  const result: LaneBox[] = [];
  let shift = 0;
  for (const lane of sorted) {
    const members = (byLane.get(lane.id) ?? [])
      .map((member) => nodes[member] as LayoutNode)
      .filter((node) => positions.has(node.id));
    if (shift !== 0)
      for (const node of members) {
        const position = positions.get(node.id) as XY;
        positions.set(node.id, { x: position.x, y: position.y + shift });
      }
    const top = lane.top + shift;
    const needed = members.reduce(
      (lowest, node) => Math.max(lowest, (positions.get(node.id)?.y ?? 0) + node.height + LANE_PADDING),
      lane.bottom + shift,
    );
    const bottom = Math.max(lane.bottom + shift, needed);
    shift += bottom - (lane.bottom + shift);
    result.push({ id: lane.id, top, bottom });
  }
  return result;
}

/**
 * Keeps every node of `previous` where it was and places the new ones: in their column and lane,
 * in the free slot nearest the centre of their already placed neighbours (or at the bottom).
 */
export function extendLayout(
  previous: LayoutResult,
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  laneOrder: readonly string[] = [],
): LayoutResult {
  const positions = new Map<string, XY>();
  for (const node of nodes) {
    const position = previous.positions.get(node.id);
    if (!position) continue;
    const x = columnX(node.column);
    positions.set(node.id, position.x === x ? position : { x, y: position.y });
  }
  const fresh = nodes.filter((node) => !positions.has(node.id));
  const present = new Set(nodes.map(laneKey));
  let lanes = previous.lanes.filter((lane) => present.has(lane.id));
  if (fresh.length === 0 && lanes.length === previous.lanes.length) {
    return resolveOverlaps({ positions, lanes }, nodes);
  }
  // Only the new nodes need their neighbours.
  const freshIds = new Set(fresh.map((node) => node.id));
  const neighbours = new Map<string, string[]>();
  const link = (from: string, to: string): void => {
    if (!freshIds.has(from) || from === to) return;
    const list = neighbours.get(from);
    if (list) list.push(to);
    else neighbours.set(from, [to]);
  };
  for (const edge of edges) {
    link(edge.source, edge.target);
    link(edge.target, edge.source);
  }
  const heights = new Map(nodes.map((node) => [node.id, node.height]));

  // New lanes go below the existing ones, in lane order.
  const known = new Set(lanes.map((lane) => lane.id));
  for (const lane of lanesInOrder(nodes, laneOrder)) {
    if (known.has(lane)) continue;
    const top = lanes.reduce((lowest, box) => Math.max(lowest, box.bottom + LANE_GAP), 0);
    lanes.push({ id: lane, top, bottom: top + (lane === '' ? 0 : LANE_HEADER) + LANE_PADDING });
    known.add(lane);
  }

  // Occupied spans per lane and column, kept sorted as new nodes are placed.
  const spans = new Map<string, { top: number; bottom: number }[]>();
  const spanKey = (node: LayoutNode): string => `${laneKey(node)}\u0000${node.column}`;
  for (const node of nodes) {
    const position = positions.get(node.id);
    if (!position) continue;
    const key = spanKey(node);
    const list = spans.get(key);
    const span = { top: position.y, bottom: position.y + node.height };
    if (list) list.push(span);
    else spans.set(key, [span]);
  }
  for (const list of spans.values()) list.sort((left, right) => left.top - right.top);

  for (const node of [...fresh].sort(
    (left, right) => left.column - right.column || compareKeys(left, right),
  )) {
    const lane = lanes.find((box) => box.id === laneKey(node)) as LaneBox;
    const contentTop = lane.top + (lane.id === '' ? 0 : LANE_HEADER);
    let sum = 0;
    let count = 0;
    for (const other of neighbours.get(node.id) ?? []) {
      const position = positions.get(other);
      const height = heights.get(other);
      if (!position || height === undefined) continue;
      sum += position.y + height / 2;
      count += 1;
    }
    // Neighbours in other lanes only hint at the order: keep the wish inside this lane.
    const desired =
      count === 0
        ? undefined
        : Math.min(
            Math.max(sum / count - node.height / 2, contentTop),
            Math.max(contentTop, lane.bottom - LANE_PADDING - node.height),
          );
    const key = spanKey(node);
    const occupied = spans.get(key) ?? [];
    const y = findSlot(occupied, contentTop, desired, node.height);
    positions.set(node.id, { x: columnX(node.column), y });
    const span = { top: y, bottom: y + node.height };
    const at = occupied.findIndex((item) => item.top > y);
    if (at < 0) occupied.push(span);
    else occupied.splice(at, 0, span);
    spans.set(key, occupied);
    if (y + node.height + LANE_PADDING > lane.bottom) {
      const before = new Map(lanes.map((box) => [box.id, box.top]));
      lanes = fitLanes(lanes, nodes, positions);
      // Lanes below moved as blocks; move their recorded spans with them.
      for (const box of lanes) {
        const shift = box.top - (before.get(box.id) ?? box.top);
        if (shift === 0) continue;
        for (const [spanLane, list] of spans) {
          if (!spanLane.startsWith(`${box.id}\u0000`)) continue;
          for (const item of list) {
            item.top += shift;
            item.bottom += shift;
          }
        }
      }
    }
  }
  return resolveOverlaps({ positions, lanes }, nodes);
}

/** The y nearest `desired` (or the bottom, without one) where `height` fits between occupied spans. */
function findSlot(
  occupied: readonly { top: number; bottom: number }[],
  contentTop: number,
  desired: number | undefined,
  height: number,
): number {
  const gaps: { start: number; end: number }[] = [];
  let cursor = contentTop;
  for (const span of occupied) {
    if (span.top - NODE_GAP - cursor >= height) gaps.push({ start: cursor, end: span.top - NODE_GAP });
    cursor = Math.max(cursor, span.bottom + NODE_GAP);
  }
  gaps.push({ start: cursor, end: Infinity });
  if (desired === undefined) return cursor;
  let best = cursor;
  let bestDistance = Infinity;
  for (const gap of gaps) {
    const y = Math.min(Math.max(desired, gap.start), gap.end - height);
    const distance = Math.abs(y - desired);
    if (distance < bestDistance) {
      best = y;
      bestDistance = distance;
    }
  }
  return Math.round(best);
}
