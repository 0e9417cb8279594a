/**
 * What an open tile shows: its Routes first, then its backends and the rest, in rows and columns
 * sized so that all of them fit the tile (the tile never grows: the map around it stays put).
 */
import { columnOf, type TopologyNode } from '@gatemap/topology';
import { compareNames } from './compare-names.ts';

export interface TileContents {
  readonly items: readonly TopologyNode[];
  readonly columns: number;
  /** Font size of an item, in flow units. */
  readonly font: number;
}

/** Width of a character, and height of a row, as multiples of the font size. */
const CHAR = 0.56;
const ROW = 1.3;

/** The members in reading order and the grid that fits `count` of them into width × height. */
export function tileContents(members: readonly TopologyNode[], width: number, height: number): TileContents {
  const items = [...members].sort(
    (left, right) => columnOf(left.kind) - columnOf(right.kind) || compareNames(left.name, right.name),
  );
  const longest = items.reduce((most, item) => Math.max(most, item.name.length), 1);
  let best = { columns: 1, font: 0 };
  for (let columns = 1; columns <= Math.max(1, items.length); columns += 1) {
    const rows = Math.ceil(items.length / columns);
    const font = Math.min(height / (rows * ROW), width / columns / (longest * CHAR + 1));
    if (font > best.font) best = { columns, font };
  }
  return { items, columns: best.columns, font: best.font };
}
