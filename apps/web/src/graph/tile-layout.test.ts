import { describe, expect, it } from 'vitest';
import { gatewayHeight, GATEWAY_WIDTH } from './flow-types.ts';
import type { LayoutNode } from './layout-layers.ts';
import { layoutTiles, TILE_FONT, TILE_HEIGHT, tileWidth, type TileSpec } from './tile-layout.ts';

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
      const width = tileWidth(specs);
      const sizes = new Map<string, [number, number]>([
        ...anchorNodes.map((node): [string, [number, number]] => [node.id, [node.width, node.height]]),
        ...specs.map((tile): [string, [number, number]] => [tile.id, [width, TILE_HEIGHT]]),
      ]);
      expect(layout.positions.size).toBe(namespaces + gatewayCount);
      expect(overlapping(layout.positions, sizes)).toBe(0);
      expect(TILE_FONT * fitZoom(layout.positions, sizes)).toBeGreaterThanOrEqual(9);
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

  it('keeps every other tile in place when a tile is added at the end of the order', () => {
    const before = layoutTiles(gateways(2), tiles(30));
    const after = layoutTiles(gateways(2), [...tiles(30), { id: 'aggregate:zz', name: 'zz' }]);
    if (after.grid.columns === before.grid.columns)
      for (const [id, position] of before.positions) expect(after.positions.get(id)).toEqual(position);
  });

  it('sizes tiles for the longest name, within bounds', () => {
    expect(tileWidth([{ id: 'a', name: 'a' }])).toBe(tileWidth([{ id: 'b', name: 'abcdef' }]));
    expect(tileWidth([{ id: 'a', name: 'x'.repeat(20) }])).toBeGreaterThan(tileWidth(tiles(10)));
    expect(tileWidth([{ id: 'a', name: 'x'.repeat(200) }])).toBe(
      tileWidth([{ id: 'a', name: 'x'.repeat(32) }]),
    );
  });
});
