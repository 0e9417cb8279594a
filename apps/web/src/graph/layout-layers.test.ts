import { describe, expect, it } from 'vitest';
import { columnX } from '@gatemap/topology';
import {
  extendLayout,
  layoutLayers,
  NODE_GAP,
  type LayoutEdge,
  type LayoutNode,
  type LayoutResult,
} from './layout-layers.ts';

function node(id: string, column: number, lane?: string, height = 40): LayoutNode {
  return { id, column, lane, width: 200, height, sortKey: id };
}

function overlaps(layout: LayoutResult, nodes: readonly LayoutNode[]): string[] {
  const problems: string[] = [];
  for (const a of nodes)
    for (const b of nodes) {
      if (a.id >= b.id || a.column !== b.column) continue;
      const pa = layout.positions.get(a.id);
      const pb = layout.positions.get(b.id);
      if (!pa || !pb) continue;
      if (pa.y < pb.y + b.height && pb.y < pa.y + a.height) problems.push(`${a.id}/${b.id}`);
    }
  return problems;
}

/** A Gateway per row of Routes, each Route with its Service: crossing-prone if ordered by name. */
function estate(): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  const nodes = [node('class', 0), node('gw-a', 1), node('gw-b', 1)];
  const edges: LayoutEdge[] = [
    { source: 'class', target: 'gw-a' },
    { source: 'class', target: 'gw-b' },
  ];
  // Routes named so that name order interleaves the two Gateways.
  for (const [route, gateway, service] of [
    ['r1', 'gw-b', 's4'],
    ['r2', 'gw-a', 's3'],
    ['r3', 'gw-b', 's2'],
    ['r4', 'gw-a', 's1'],
  ] as const) {
    nodes.push(node(route, 3), node(service, 4));
    edges.push({ source: gateway, target: route }, { source: route, target: service });
  }
  return { nodes, edges };
}

describe('layoutLayers', () => {
  it('puts each node in its column and never overlaps nodes', () => {
    const { nodes, edges } = estate();
    const layout = layoutLayers(nodes, edges);
    for (const item of nodes) expect(layout.positions.get(item.id)?.x).toBe(columnX(item.column));
    expect(overlaps(layout, nodes)).toEqual([]);
  });

  it('orders a column by its neighbours, so Routes of one Gateway sit together and edges do not cross', () => {
    const { nodes, edges } = estate();
    const layout = layoutLayers(nodes, edges);
    const y = (id: string): number => layout.positions.get(id)?.y ?? Number.NaN;
    const routesOfA = ['r2', 'r4'].map(y);
    const routesOfB = ['r1', 'r3'].map(y);
    const aFirst = y('gw-a') < y('gw-b');
    if (aFirst) expect(Math.max(...routesOfA)).toBeLessThan(Math.min(...routesOfB));
    else expect(Math.max(...routesOfB)).toBeLessThan(Math.min(...routesOfA));
    // Each Service lines up with its Route (same order in both columns).
    const routeOrder = ['r1', 'r2', 'r3', 'r4'].sort((left, right) => y(left) - y(right));
    const serviceOf: Record<string, string> = { r1: 's4', r2: 's3', r3: 's2', r4: 's1' };
    const serviceOrder = ['s1', 's2', 's3', 's4'].sort((left, right) => y(left) - y(right));
    expect(serviceOrder).toEqual(routeOrder.map((route) => serviceOf[route]));
  });

  it('is deterministic', () => {
    const { nodes, edges } = estate();
    expect(layoutLayers(nodes, edges)).toEqual(layoutLayers([...nodes].reverse(), [...edges].reverse()));
  });

  it('stacks lanes in the given order without overlap', () => {
    const nodes = [node('a1', 3, 'lane:a'), node('a2', 3, 'lane:a'), node('b1', 3, 'lane:b')];
    const layout = layoutLayers(nodes, [], ['lane:b', 'lane:a']);
    expect(layout.lanes.map((lane) => lane.id)).toEqual(['lane:b', 'lane:a']);
    const [b, a] = layout.lanes;
    expect(b && a && b.bottom < a.top).toBe(true);
    expect(layout.positions.get('b1')?.y).toBeGreaterThanOrEqual(b?.top ?? Infinity);
    expect(layout.positions.get('a1')?.y).toBeGreaterThanOrEqual(a?.top ?? Infinity);
  });
});

describe('extendLayout', () => {
  it('moves no existing node when nodes are added', () => {
    const { nodes, edges } = estate();
    const before = layoutLayers(nodes, edges);
    const added = [...nodes, node('r5', 3), node('s5', 4), node('gw-c', 1)];
    const addedEdges = [
      ...edges,
      { source: 'gw-a', target: 'r5' },
      { source: 'r5', target: 's5' },
      { source: 'class', target: 'gw-c' },
    ];
    const after = extendLayout(before, added, addedEdges);
    for (const item of nodes) expect(after.positions.get(item.id)).toEqual(before.positions.get(item.id));
    expect(overlaps(after, added)).toEqual([]);
    for (const id of ['r5', 's5', 'gw-c']) expect(after.positions.has(id)).toBe(true);
  });

  it('places a new node in the free slot nearest its neighbours', () => {
    const nodes = [node('gw', 1), node('r1', 3), node('r3', 3)];
    const before = {
      positions: new Map([
        ['gw', { x: 0, y: 200 }],
        ['r1', { x: 0, y: 0 }],
        ['r3', { x: 0, y: 400 }],
      ]),
      lanes: [{ id: '', top: 0, bottom: 440 }],
    };
    const after = extendLayout(before, [...nodes, node('r2', 3)], [{ source: 'gw', target: 'r2' }]);
    expect(after.positions.get('r2')?.y).toBe(200);
  });

  it('drops removed nodes and keeps the rest in place', () => {
    const { nodes, edges } = estate();
    const before = layoutLayers(nodes, edges);
    const fewer = nodes.filter((item) => item.id !== 'r2');
    const after = extendLayout(before, fewer, edges);
    expect(after.positions.has('r2')).toBe(false);
    for (const item of fewer) expect(after.positions.get(item.id)).toEqual(before.positions.get(item.id));
  });

  it('pushes down only the nodes below one that grew', () => {
    const nodes = [node('g1', 1), node('g2', 1), node('g3', 1)];
    const before = layoutLayers(nodes, []);
    const grown = [node('g1', 1), node('g2', 1, undefined, 100), node('g3', 1)];
    const after = extendLayout(before, grown, []);
    expect(after.positions.get('g1')).toEqual(before.positions.get('g1'));
    expect(after.positions.get('g2')).toEqual(before.positions.get('g2'));
    expect(after.positions.get('g3')?.y).toBe((before.positions.get('g2')?.y ?? 0) + 100 + NODE_GAP);
  });

  it('grows a full lane and shifts the lanes below as a block', () => {
    const nodes = [node('a1', 3, 'lane:a'), node('b1', 3, 'lane:b')];
    const before = layoutLayers(nodes, [], ['lane:a', 'lane:b']);
    const after = extendLayout(before, [...nodes, node('a2', 3, 'lane:a')], [], ['lane:a', 'lane:b']);
    expect(after.positions.get('a1')).toEqual(before.positions.get('a1'));
    const shift = (after.positions.get('b1')?.y ?? 0) - (before.positions.get('b1')?.y ?? 0);
    expect(shift).toBeGreaterThan(0);
    expect(after.lanes[1]?.top).toBe((before.lanes[1]?.top ?? 0) + shift);
    expect(overlaps(after, [...nodes, node('a2', 3, 'lane:a')])).toEqual([]);
  });
});
