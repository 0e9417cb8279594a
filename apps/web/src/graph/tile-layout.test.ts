import { describe, expect, it } from 'vitest';
import { gatewayHeight, GATEWAY_WIDTH } from './flow-types.ts';
import type { LayoutNode } from './layout-layers.ts';
import { extendTileLayout, layoutTiles, tileSize, type TileSpec } from './tile-layout.ts';

/** The map's pane in a 1600×1000 window: less the toolbar and the filter panel. */
const PANE = { width: 1330, height: 940 };
const FIT_PADDING = 0.02;

function gateways(count: number): LayoutNode[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `Gateway/infra/gw-${index}`,
    column: 1,
    lane: undefined,
    width: GATEWAY_WIDTH,
    height: gatewayHeight(3),
    sortKey: `infra/gw-${index}`,
  }));
}

function tiles(count: number): TileSpec[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `aggregate:app-${index}`,
    name: `app-${index}`,
    problems: index % 10 === 9 ? 50 : 5,
  }));
}

/** The zoom React Flow's fitView picks for the laid-out picture. */
function fitZoom(
  positions: ReadonlyMap<string, { x: number; y: number }>,
  sizes: Map<string, [number, number]>,
) {
  let maxX = 0;
  let maxY = 0;
  let minX = Infinity;
  let minY = Infinity;
  for (const [id, position] of positions) {
    const [width, height] = sizes.get(id) ?? [0, 0];
    minX = Math.min(minX, position.x);
    minY = Math.min(minY, position.y);
    maxX = Math.max(maxX, position.x + width);
    maxY = Math.max(maxY, position.y + height);
  }
  return Math.min(PANE.width / (maxX - minX), PANE.height / (maxY - minY)) / (1 + 2 * FIT_PADDING);
}

function overlapping(
  positions: ReadonlyMap<string, { x: number; y: number }>,
  sizes: Map<string, [number, number]>,
): number {
  const boxes = [...positions].map(([id, { x, y }]) => {
    const [width, height] = sizes.get(id) ?? [0, 0];
    return { x, y, width, height };
  });
  let count = 0;
  for (let left = 0; left < boxes.length; left += 1)
    for (let right = left + 1; right < boxes.length; right += 1) {
      const a = boxes[left]!;
      const b = boxes[right]!;
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
        count += 1;
    }
  return count;
}

describe('layoutTiles', () => {
  it.each([
    // Estates of pnpm bench:ui: 2k, 10k and 150k objects.
    { namespaces: 14, gatewayCount: 2 },
    { namespaces: 67, gatewayCount: 2 },
    { namespaces: 1000, gatewayCount: 20 },
  ])(
    'fits $namespaces tiles and $gatewayCount Gateways in a 1600×1000 window with names of 9 px or more',
    ({ namespaces, gatewayCount }) => {
      const anchorNodes = gateways(gatewayCount);
      const specs = tiles(namespaces);
      const layout = layoutTiles(anchorNodes, specs);
      const size = tileSize(specs);
      const sizes = new Map<string, [number, number]>([
        ...anchorNodes.map((node): [string, [number, number]] => [node.id, [node.width, node.height]]),
        ...specs.map((tile): [string, [number, number]] => [tile.id, [size.width, size.height]]),
      ]);
      expect(layout.positions.size).toBe(namespaces + gatewayCount);
      expect(overlapping(layout.positions, sizes)).toBe(0);
      expect(size.font * fitZoom(layout.positions, sizes)).toBeGreaterThanOrEqual(9);
      // The grid is wider than tall, as the window is: not one long column.
      expect(layout.grid.columns).toBeGreaterThan(1);
    },
  );

  it('orders tiles by name as people number them, row by row', () => {
    const layout = layoutTiles([], tiles(12));
    const first = layout.positions.get('aggregate:app-0');
    const second = layout.positions.get('aggregate:app-1');
    const tenth = layout.positions.get('aggregate:app-10');
    expect(first).toEqual({ x: 0, y: 0 });
    expect(second?.y).toBe(0);
    expect(second!.x).toBeGreaterThan(first!.x);
    expect(tenth!.y).toBeGreaterThan(first!.y);
  });

  it('places a tile by its rank alone: other counts move no tile', () => {
    const before = layoutTiles(gateways(2), tiles(30));
    const changed = tiles(30).map((tile, index) => (index === 3 ? { ...tile, problems: 0 } : tile));
    expect(layoutTiles(gateways(2), changed).positions).toEqual(before.positions);
  });

  it('sizes tiles for the longest name and count, within bounds', () => {
    const tile = (name: string, problems = 0) => ({ id: name, name, problems });
    const width = (list: TileSpec[]) => tileSize(list).width;
    expect(width([tile('a')])).toBe(width([tile('abcdef')]));
    expect(width([tile('x'.repeat(20))])).toBeGreaterThan(width(tiles(10)));
    expect(width([tile('x'.repeat(200))])).toBe(width([tile('x'.repeat(48))]));
    expect(width([tile('a', 100)])).toBeGreaterThan(width([tile('a', 1)]));
    expect(tileSize(tiles(1000)).font).toBeGreaterThan(tileSize(tiles(10)).font);
  });
});

describe('extendTileLayout', () => {
  const spec = (name: string): TileSpec => ({ id: `aggregate:${name}`, name, problems: 1 });

  it('keeps every tile and anchor in place and puts new namespaces in free slots, in name order', () => {
    const before = layoutTiles(gateways(2), tiles(40));
    const kept = tiles(40).filter((tile) => tile.name !== 'app-3');
    const after = extendTileLayout(before, gateways(3), [...kept, spec('app-zz'), spec('app-aa')]);
    for (const tile of kept)
      expect(after.positions.get(tile.id), tile.name).toEqual(before.positions.get(tile.id));
    for (const gateway of gateways(2))
      expect(after.positions.get(gateway.id), gateway.id).toEqual(before.positions.get(gateway.id));
    // The first new name takes the slot app-3 left; the next the first slot after the last.
    expect(after.positions.get('aggregate:app-aa')).toEqual(before.positions.get('aggregate:app-3'));
    const { columns, left, width, gap } = before.grid;
    const slot = 40;
    expect(after.positions.get('aggregate:app-zz')).toEqual({
      x: left + (slot % columns) * (width + gap),
      y: Math.floor(slot / columns) * (before.grid.height + gap),
    });
    expect(after.grid.rows).toBe(Math.max(before.grid.rows, Math.floor(slot / columns) + 1));
    // A new Gateway goes below the others, overlapping none.
    const third = after.positions.get('Gateway/infra/gw-2');
    const second = after.positions.get('Gateway/infra/gw-1');
    expect(third && second && third.y).toBeGreaterThan((second?.y ?? 0) + (gateways(1)[0]?.height ?? 0) - 1);
    expect(after.grid.font).toBe(before.grid.font);
  });
});
