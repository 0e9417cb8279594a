/**
 * Where edge labels go so that no two overlap: each label has candidate spots along its edge
 * (the middle first); labels are placed in order of importance (problems, then bigger counts),
 * each at its first candidate whose box meets no box placed before, and left out when none is
 * free (the edge's tooltip still says it); obstacles (nodes) can be kept free too. Boxes are in flow units, so the answer holds at any
 * zoom. O(labels · candidates) with a grid of buckets for the boxes already placed.
 */

export interface LabelRequest<Item> {
  readonly item: Item;
  /** Centres to try, best first. */
  readonly candidates: readonly { readonly x: number; readonly y: number }[];
  readonly width: number;
  readonly height: number;
  /** Higher goes first. */
  readonly priority: number;
}

export interface PlacedLabel<Item> {
  readonly item: Item;
  /** Centre of the label's box. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Room kept between two labels, in flow units. */
const MARGIN = 2;
const BUCKET = 160;

interface Box {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

function boxOf(x: number, y: number, width: number, height: number): Box {
  return {
    minX: x - width / 2 - MARGIN,
    minY: y - height / 2 - MARGIN,
    maxX: x + width / 2 + MARGIN,
    maxY: y + height / 2 + MARGIN,
  };
}

function overlaps(left: Box, right: Box): boolean {
  return left.minX < right.maxX && right.minX < left.maxX && left.minY < right.maxY && right.minY < left.maxY;
}

function* bucketsOf(box: Box): Generator<string> {
  for (let bx = Math.floor(box.minX / BUCKET); bx <= Math.floor(box.maxX / BUCKET); bx += 1)
    for (let by = Math.floor(box.minY / BUCKET); by <= Math.floor(box.maxY / BUCKET); by += 1)
      yield `${bx},${by}`;
}

/** A box no label may cover (a node), by its top-left corner and size. */
export interface Obstacle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export function placeLabels<Item>(
  requests: readonly LabelRequest<Item>[],
  obstacles: readonly Obstacle[] = [],
): PlacedLabel<Item>[] {
  const order = requests
    .map((request, index) => ({ request, index }))
    .sort((left, right) => right.request.priority - left.request.priority || left.index - right.index);
  const buckets = new Map<string, Box[]>();
  for (const obstacle of obstacles) {
    const box = {
      minX: obstacle.x,
      minY: obstacle.y,
      maxX: obstacle.x + obstacle.width,
      maxY: obstacle.y + obstacle.height,
    };
    for (const key of bucketsOf(box)) {
      const list = buckets.get(key);
      if (list) list.push(box);
      else buckets.set(key, [box]);
    }
  }
  const placed: PlacedLabel<Item>[] = [];
  for (const { request } of order) {
    for (const candidate of request.candidates) {
      const box = boxOf(candidate.x, candidate.y, request.width, request.height);
      let free = true;
      for (const key of bucketsOf(box)) {
        if (buckets.get(key)?.some((other) => overlaps(box, other))) {
          free = false;
          break;
        }
      }
      if (!free) continue;
      for (const key of bucketsOf(box)) {
        const list = buckets.get(key);
        if (list) list.push(box);
        else buckets.set(key, [box]);
      }
      placed.push({
        item: request.item,
        x: candidate.x,
        y: candidate.y,
        width: request.width,
        height: request.height,
      });
      break;
    }
  }
  return placed;
}

/** Whether two placed labels' boxes intersect (the margin aside). */
export function labelsIntersect(left: PlacedLabel<unknown>, right: PlacedLabel<unknown>): boolean {
  return (
    Math.abs(left.x - right.x) * 2 < left.width + right.width &&
    Math.abs(left.y - right.y) * 2 < left.height + right.height
  );
}
