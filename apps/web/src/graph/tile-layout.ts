/**
 * Pipeline step 5 for a big estate: the map as a picture that fits a screen. Every namespace is
 * one tile of the same size; tiles wrap into a grid, in the order of their names, right of the
 * objects that stay whole (classes, certificates, Gateways), which wrap into columns as tall as the
 * grid. The number of grid rows is the one whose whole picture, fitted into a pane of the target
 * aspect, is drawn at the largest zoom: what makes a tile's text readable at "fit view".
 *
 * A tile's size depends only on the number of tiles, the longest name and the longest count, and a
 * tile's place only on its rank among the names, so a tile that opens (level of detail) or changes
 * its counts moves nothing. What changes live extends the picture instead (`extendTileLayout`):
 * nothing already drawn moves until the map is loaded again.
 * O(tiles + anchors · rows tried).
 */
import { compareNames } from './compare-names.ts';
import type { LayoutNode, LayoutResult, XY } from './layout-layers.ts';

/** Font size of a tile's name, in flow units, at scale 1; the tile is sized around it. */
const TILE_FONT = 20;
/** Width of one character of a tile's name (condensed bold sans: 11.9 measured in Chromium). */
const CHAR_WIDTH = 0.6;
/** Room beside the name: borders, padding and the gap before the problem count. */
const TILE_CHROME = 0.85;
/** Width of one digit of the problem count (17/20 of the name's size, bold). */
const DIGIT_WIDTH = 0.55;
const TILE_HEIGHT = 1.3;
const TILE_GAP = 0.2;
/** Names longer than this are cut (the tile's title has the whole name). */
const MAX_NAME_CHARS = 48;
const MIN_NAME_CHARS = 6;
/** Between the anchors' columns. */
const BLOCK_GAP = 60;
/** Between the anchors and the grid, in tile fonts: room for the bundles' curves and labels. */
const BUNDLE_GAP = 24;
const ANCHOR_GAP = 24;
/**
 * The pane a fitted picture is made for: 1600×1000 less the toolbar and the filter panel (1.4),
 * or less the estate summary above the map too (1.7).
 */
const TARGET_ASPECT = 1.5;
/**
 * Tiles grow with their number, up to this factor: the objects beside the grid (a few Gateways)
 * then take a smaller share of the picture, and the tiles' text is bigger at "fit view".
 */
const MAX_SCALE = 2.4;
const SCALE_FROM_TILES = 150;

export interface TileSpec {
  readonly id: string;
  /** What the tile is ordered by and shows: the namespace (or group) name. */
  readonly name: string;
  /** The problem count the tile shows beside its name. */
  readonly problems: number;
}

/** The size of every tile of a grid, in flow units. */
export interface TileSize {
  /** Font size of the name; the rest of the tile is in proportion. */
  readonly font: number;
  readonly width: number;
  readonly height: number;
  readonly gap: number;
}

export interface TileGrid extends TileSize {
  readonly left: number;
  readonly top: number;
  readonly columns: number;
  readonly rows: number;
  /** Right and bottom edge of the grid. */
  readonly right: number;
  readonly bottom: number;
}

export interface TileLayout extends LayoutResult {
  readonly grid: TileGrid;
}

/** The size every tile gets, from their number, the longest name and the longest count. */
export function tileSize(tiles: readonly TileSpec[]): TileSize {
  const font = TILE_FONT * Math.min(MAX_SCALE, Math.max(1, Math.sqrt(tiles.length / SCALE_FROM_TILES)));
  const longest = tiles.reduce((most, tile) => Math.max(most, tile.name.length), 0);
  const digits = tiles.reduce((most, tile) => Math.max(most, String(tile.problems).length), 1);
  const chars = Math.min(MAX_NAME_CHARS, Math.max(MIN_NAME_CHARS, longest));
  return {
    font,
    width: Math.ceil(font * (chars * CHAR_WIDTH + TILE_CHROME + digits * DIGIT_WIDTH)),
    height: Math.ceil(font * TILE_HEIGHT),
    gap: Math.ceil(font * TILE_GAP),
  };
}

interface AnchorColumns {
  readonly width: number;
  readonly height: number;
  readonly positions: Map<string, XY>;
}

/**
 * Anchors in their map columns (class, Gateway, ListenerSet), each map column wrapped into as many
 * columns as it needs to stay within `height` (a single node taller than that gets a column alone).
 */
function packAnchors(anchors: readonly LayoutNode[], height: number): AnchorColumns {
  const byColumn = new Map<number, LayoutNode[]>();
  for (const node of anchors) {
    const list = byColumn.get(node.column);
    if (list) list.push(node);
    else byColumn.set(node.column, [node]);
  }
  const positions = new Map<string, XY>();
  let x = 0;
  let tallest = 0;
  for (const column of [...byColumn.keys()].sort((left, right) => left - right)) {
    const list = (byColumn.get(column) ?? []).sort((left, right) =>
      compareNames(left.sortKey, right.sortKey),
    );
    let y = 0;
    let width = 0;
    for (const node of list) {
      if (y > 0 && y + node.height > height) {
        x += width + ANCHOR_GAP;
        y = 0;
        width = 0;
      }
      positions.set(node.id, { x, y });
      y += node.height + ANCHOR_GAP;
      width = Math.max(width, node.width);
      tallest = Math.max(tallest, y - ANCHOR_GAP);
    }
    x += width + BLOCK_GAP;
  }
  return { width: x, height: tallest, positions };
}

/** A pane of the target aspect, in screen pixels. */
const PANE_HEIGHT = 940;
/**
 * Zoom past which a fitted picture is big enough (names of 12 px at the smallest tiles): among
 * pictures that reach it, the grid nearest the pane's shape wins rather than a column of tiles.
 */
const ENOUGH_ZOOM = 0.6;

/**
 * How good a picture of `width` × `height` is: the zoom at which it fills the pane (up to
 * ENOUGH_ZOOM), and among pictures that all reach that, the one whose grid is nearest the pane's
 * shape.
 */
function fitScore(width: number, height: number, gridAspect: number): number {
  const zoom = Math.min(
    (TARGET_ASPECT * PANE_HEIGHT) / Math.max(1, width),
    PANE_HEIGHT / Math.max(1, height),
  );
  return Math.min(ENOUGH_ZOOM, zoom) - 1e-3 * Math.abs(Math.log(gridAspect / TARGET_ASPECT));
}

/**
 * Places the anchors and the tiles. Tiles go row by row in the order of their names (natural
 * order: `app-2` before `app-10`).
 */
export function layoutTiles(anchors: readonly LayoutNode[], tiles: readonly TileSpec[]): TileLayout {
  const size = tileSize(tiles);
  const pitchX = size.width + size.gap;
  const pitchY = size.height + size.gap;
  const bundleGap = BUNDLE_GAP * size.font;
  const count = Math.max(1, tiles.length);
  let best: { rows: number; score: number; anchors: AnchorColumns } | undefined;
  for (let rows = 1; rows <= count; rows += 1) {
    const columns = Math.ceil(count / rows);
    // Only the fewest rows for each number of columns: more would add height and nothing else.
    if (rows > 1 && Math.ceil(count / (rows - 1)) === columns) continue;
    const gridHeight = rows * pitchY - size.gap;
    // Anchors wrapped to the grid's height, or in unwrapped columns beside a shorter grid.
    for (const packed of [packAnchors(anchors, gridHeight), packAnchors(anchors, Infinity)]) {
      const score = fitScore(
        packed.width - BLOCK_GAP + bundleGap + columns * pitchX,
        Math.max(gridHeight, packed.height),
        (columns * pitchX) / gridHeight,
      );
      if (!best || score > best.score) best = { rows, score, anchors: packed };
    }
  }
  const rows = best?.rows ?? 1;
  const columns = Math.ceil(count / rows);
  const packed = best?.anchors ?? packAnchors(anchors, rows * pitchY);
  const left = anchors.length > 0 ? packed.width - BLOCK_GAP + bundleGap : 0;
  const positions = new Map(packed.positions);
  [...tiles]
    .sort((first, second) => compareNames(first.name, second.name) || compareNames(first.id, second.id))
    .forEach((tile, rank) => {
      positions.set(tile.id, {
        x: left + (rank % columns) * pitchX,
        y: Math.floor(rank / columns) * pitchY,
      });
    });
  const grid: TileGrid = {
    ...size,
    left,
    top: 0,
    columns,
    rows,
    right: left + columns * pitchX - size.gap,
    bottom: rows * pitchY - size.gap,
  };
  return { positions, lanes: [], grid };
}

/**
 * The picture `previous` with the tiles and anchors of now: those still there keep their places and
 * the grid its tile size and columns; new tiles take the free slots in the order of their names
 * (those of removed tiles first, then after the last, adding rows), new anchors go below the others.
 * A namespace that appears live so moves no other tile. O(tiles + anchors).
 */
export function extendTileLayout(
  previous: TileLayout,
  anchors: readonly LayoutNode[],
  tiles: readonly TileSpec[],
): TileLayout {
  const { grid } = previous;
  const pitchX = grid.width + grid.gap;
  const pitchY = grid.height + grid.gap;
  const positions = new Map<string, XY>();
  let anchorsBottom = -ANCHOR_GAP;
  const newAnchors: LayoutNode[] = [];
  for (const node of anchors) {
    const place = previous.positions.get(node.id);
    if (place === undefined) newAnchors.push(node);
    else {
      positions.set(node.id, place);
      anchorsBottom = Math.max(anchorsBottom, place.y + node.height);
    }
  }
  for (const node of newAnchors.sort((left, right) => compareNames(left.sortKey, right.sortKey))) {
    const y = anchorsBottom + ANCHOR_GAP;
    positions.set(node.id, { x: 0, y });
    anchorsBottom = y + node.height;
  }
  const taken = new Set<number>();
  const newTiles: TileSpec[] = [];
  for (const tile of tiles) {
    const place = previous.positions.get(tile.id);
    if (place === undefined) newTiles.push(tile);
    else {
      positions.set(tile.id, place);
      taken.add(Math.round(place.y / pitchY) * grid.columns + Math.round((place.x - grid.left) / pitchX));
    }
  }
  let slot = 0;
  let last = -1;
  for (const slotTaken of taken) last = Math.max(last, slotTaken);
  for (const tile of newTiles.sort(
    (first, second) => compareNames(first.name, second.name) || compareNames(first.id, second.id),
  )) {
    while (taken.has(slot)) slot += 1;
    taken.add(slot);
    last = Math.max(last, slot);
    positions.set(tile.id, {
      x: grid.left + (slot % grid.columns) * pitchX,
      y: Math.floor(slot / grid.columns) * pitchY,
    });
  }
  const rows = Math.max(grid.rows, Math.floor(last / grid.columns) + 1);
  return { positions, lanes: [], grid: { ...grid, rows, bottom: rows * pitchY - grid.gap } };
}
