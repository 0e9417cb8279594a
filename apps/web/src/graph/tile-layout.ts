/**
 * Pipeline step 5 for a big estate: the map as a picture that fits a screen. Every namespace is
 * one tile of the same size; tiles wrap into a grid, in the order of their names, right of the
 * objects that stay whole (classes, certificates, Gateways), which wrap into columns as tall as the
 * grid. The number of grid rows is the one whose whole picture, fitted into a pane of the target
 * aspect, is drawn at the largest zoom: what makes a tile's text readable at "fit view".
 *
 * A tile's size depends only on the longest namespace name, and a tile's place only on its rank
 * among the names, so a tile that opens (level of detail) or changes its counts moves nothing.
 * O(tiles + anchors · rows tried).
 */
import { compareNames } from './compare-names.ts';
import type { LayoutNode, LayoutResult, XY } from './layout-layers.ts';

/** Font size of a tile's name, in flow units; the tile is sized around it. */
export const TILE_FONT = 20;
/** Width of one character of a tile's name (condensed sans), in flow units. */
const CHAR_WIDTH = 0.56 * TILE_FONT;
/** Room beside the name: padding and the problem count. */
const TILE_CHROME = 40;
export const TILE_HEIGHT = 28;
export const TILE_GAP = 4;
/** Names longer than this are cut (the tile's title has the whole name). */
const MAX_NAME_CHARS = 32;
const MIN_NAME_CHARS = 6;
/** Between the anchors' columns, and between them and the grid. */
const BLOCK_GAP = 60;
const ANCHOR_GAP = 24;
/** The pane a fitted picture is made for: 1600×1000 less the toolbar and the filter panel. */
export const TARGET_ASPECT = 1.4;

export interface TileSpec {
  readonly id: string;
  /** What the tile is ordered by and shows: the namespace (or group) name. */
  readonly name: string;
}

export interface TileGrid {
  readonly left: number;
  readonly top: number;
  readonly columns: number;
  readonly rows: number;
  readonly tileWidth: number;
  readonly tileHeight: number;
  /** Right and bottom edge of the grid. */
  readonly right: number;
  readonly bottom: number;
}

export interface TileLayout extends LayoutResult {
  readonly grid: TileGrid;
}

/** The width every tile gets, from the longest name among them. */
export function tileWidth(tiles: readonly TileSpec[]): number {
  const longest = tiles.reduce((most, tile) => Math.max(most, tile.name.length), 0);
  return Math.ceil(Math.min(MAX_NAME_CHARS, Math.max(MIN_NAME_CHARS, longest)) * CHAR_WIDTH + TILE_CHROME);
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

/** A pane of the target aspect, in screen pixels; a fitted view never zooms in past 1. */
const PANE_HEIGHT = 940;

/**
 * How good a picture of `width` × `height` is: the zoom at which it fills the pane (up to 1), and
 * among pictures that all reach 1, the one whose grid is nearest the pane's shape.
 */
function fitScore(width: number, height: number, gridAspect: number): number {
  const zoom = Math.min(
    (TARGET_ASPECT * PANE_HEIGHT) / Math.max(1, width),
    PANE_HEIGHT / Math.max(1, height),
  );
  return Math.min(1, zoom) - 1e-3 * Math.abs(Math.log(gridAspect / TARGET_ASPECT));
}

/**
 * Places the anchors and the tiles. Tiles go row by row in the order of their names (natural
 * order: `app-2` before `app-10`).
 */
export function layoutTiles(anchors: readonly LayoutNode[], tiles: readonly TileSpec[]): TileLayout {
  const width = tileWidth(tiles);
  const pitchX = width + TILE_GAP;
  const pitchY = TILE_HEIGHT + TILE_GAP;
  const count = Math.max(1, tiles.length);
  let best: { rows: number; score: number; anchors: AnchorColumns } | undefined;
  for (let rows = 1; rows <= count; rows += 1) {
    const columns = Math.ceil(count / rows);
    // Only the fewest rows for each number of columns: more would add height and nothing else.
    if (rows > 1 && Math.ceil(count / (rows - 1)) === columns) continue;
    const gridHeight = rows * pitchY - TILE_GAP;
    const packed = packAnchors(anchors, gridHeight);
    const score = fitScore(
      packed.width + columns * pitchX,
      Math.max(gridHeight, packed.height),
      (columns * pitchX) / gridHeight,
    );
    if (!best || score > best.score) best = { rows, score, anchors: packed };
  }
  const rows = best?.rows ?? 1;
  const columns = Math.ceil(count / rows);
  const packed = best?.anchors ?? packAnchors(anchors, rows * pitchY);
  const left = anchors.length > 0 ? packed.width : 0;
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
    left,
    top: 0,
    columns,
    rows,
    tileWidth: width,
    tileHeight: TILE_HEIGHT,
    right: left + columns * pitchX - TILE_GAP,
    bottom: rows * pitchY - TILE_GAP,
  };
  return { positions, lanes: [], grid };
}
