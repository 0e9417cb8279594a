/**
 * The map's edges as plain curves with a drawing style, and where their labels go, for maps too
 * big to draw each edge as an SVG element: `MapCanvas` paints them on one canvas. Geometry and styles follow `MapEdge` and
 * the edge rules in styles.css, so a map looks the same whichever way its edges are drawn.
 */
import type { MapEdgeData, MapFlowEdge, MapFlowNode } from './flow-types.ts';
import { placeLabels, type LabelRequest } from './place-labels.ts';

/** A theme colour, by the CSS custom property that holds it. */
export type StrokeColor =
  '--gm-edge' | '--gm-green' | '--gm-red' | '--gm-amber' | '--gm-purple' | '--gm-orange';

export interface StrokeStyle {
  readonly color: StrokeColor;
  /** In flow units (scaled with the zoom). */
  readonly width: number;
  /** Dash and gap in flow units; empty for a solid line. */
  readonly dash: readonly number[];
  readonly alpha: number;
  /** A wider, faint line under the stroke (missing ReferenceGrant: the SVG edge's drop shadow). */
  readonly glow: boolean;
}

/** A cubic Bézier from a source handle (leaving rightwards) to a target handle (entering from the left). */
export interface EdgeStroke {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly x3: number;
  readonly y3: number;
  /** Bounding box of the curve (it stays within its control points' box). */
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  /** Index into `EdgeStrokes.styles`. */
  readonly style: number;
}

/**
 * Where an edge with a label or a fix shows it: the curve's middle, as `getBezierPath` puts it,
 * or a little along the curve where the middle is taken by another label. `width` × `height` is
 * the box the label is drawn in (flow units); no two spots' boxes intersect.
 */
export interface EdgeLabelSpot {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The label is drawn this much bigger than at scale 1 (its box included). */
  readonly scale: number;
  readonly edge: MapFlowEdge;
}

/**
 * The label's box: 11 px text (6.85 px a character in bold, measured in Chromium) in a bordered
 * tag (styles.css `.gm-edge-tag`, `.gm-edge-fix`).
 */
const LABEL_CHAR = 7;
const LABEL_HEIGHT = 18;
const FIX_HEIGHT = 28;
/** The copy button of a fix and the gaps around it. */
const FIX_CHROME = 150;
/** Longer labels are cut (the tooltip has the whole text). */
const LABEL_MAX_CHARS = 48;
/** Where along the curve a label may go, best first. */
const LABEL_SPOTS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];

function labelSize(data: MapEdgeData): { width: number; height: number } {
  const scale = data.labelScale ?? 1;
  if (data.missingGrant && data.finding?.fix?.yaml !== undefined) {
    const text = data.category === 'mirror' ? `mirror · ${data.reason}` : data.reason;
    return {
      width: (Math.min(LABEL_MAX_CHARS, text.length) * LABEL_CHAR + FIX_CHROME) * scale,
      height: FIX_HEIGHT * scale,
    };
  }
  return {
    width: Math.ceil(Math.min(LABEL_MAX_CHARS, (data.label ?? '').length) * LABEL_CHAR + 14) * scale,
    height: LABEL_HEIGHT * scale,
  };
}

/** Problems first, then edges that stand for more. */
function labelPriority(data: MapEdgeData): number {
  const broken = data.state === 'rejected' || data.state === 'unresolved' || data.missingGrant;
  return (broken ? 100 : 0) + Math.log2(1 + data.count);
}

function pointAt(stroke: Omit<EdgeStroke, 'style'>, t: number): { x: number; y: number } {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return {
    x: a * stroke.x0 + b * stroke.x1 + c * stroke.x2 + d * stroke.x3,
    y: a * stroke.y0 + b * stroke.y1 + c * stroke.y2 + d * stroke.y3,
  };
}

export interface EdgeStrokes {
  readonly strokes: readonly EdgeStroke[];
  readonly styles: readonly StrokeStyle[];
  readonly labels: readonly EdgeLabelSpot[];
}

/** React Flow's default Bézier curvature (`getBezierPath`). */
const CURVATURE = 0.25;

/** How far a control point sits from its handle: React Flow's `calculateControlOffset`. */
function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : CURVATURE * 25 * Math.sqrt(-distance);
}

/** The style `MapEdge` and styles.css give an edge. */
export function strokeStyleOf(data: MapEdgeData | undefined): StrokeStyle {
  if (!data) return { color: '--gm-edge', width: 1.5, dash: [], alpha: 1, glow: false };
  const broken = data.state === 'rejected' || data.state === 'unresolved';
  let color: StrokeColor = '--gm-edge';
  if (data.category === 'parent' && data.state === 'accepted') color = '--gm-green';
  if (broken) color = '--gm-red';
  if (data.state === 'pending') color = '--gm-amber';
  if (data.category === 'mirror') color = data.state === 'unresolved' ? '--gm-red' : '--gm-purple';
  if (data.missingGrant) color = '--gm-orange';
  let width = broken ? 2 : 1.5;
  if (data.missingGrant) width = 3;
  else if (data.count > 1) width = Math.min(6, 1.5 + Math.log2(data.count));
  const dash = data.category === 'mirror' ? [2, 4] : data.predicted ? [6, 4] : [];
  return { color, width, dash, alpha: data.dimmed ? 0.45 : 1, glow: data.missingGrant };
}

function styleKey(style: StrokeStyle): string {
  return `${style.color} ${style.width} ${style.dash.join(',')} ${style.alpha} ${style.glow}`;
}

interface Anchor {
  readonly x: number;
  readonly y: number;
}

/** Where an edge leaves (`source`) or enters (`target`) a node: the middle of the handle's outer side. */
function anchorOf(node: MapFlowNode, handleId: string | null | undefined, type: 'source' | 'target'): Anchor {
  const handle =
    node.handles?.find((item) => item.type === type && (handleId == null || item.id === handleId)) ??
    node.handles?.find((item) => item.type === type);
  if (!handle) {
    const height = node.height ?? 0;
    return {
      x: node.position.x + (type === 'source' ? (node.width ?? 0) : 0),
      y: node.position.y + height / 2,
    };
  }
  return {
    x: node.position.x + handle.x + (type === 'source' ? (handle.width ?? 0) : 0),
    y: node.position.y + handle.y + (handle.height ?? 0) / 2,
  };
}

/**
 * Each edge whose ends are both on the map, as a curve with its style; styles are shared. With
 * `labelsAvoidNodes`, no label covers a node (the big picture, where bundles run between tiles).
 */
export function toEdgeStrokes(
  nodes: readonly MapFlowNode[],
  edges: readonly MapFlowEdge[],
  labelsAvoidNodes = false,
): EdgeStrokes {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const styles: StrokeStyle[] = [];
  const styleIndex = new Map<string, number>();
  const strokes: EdgeStroke[] = [];
  const requests: LabelRequest<MapFlowEdge>[] = [];
  for (const edge of edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target || edge.hidden) continue;
    const start = anchorOf(source, edge.sourceHandle, 'source');
    const end = anchorOf(target, edge.targetHandle, 'target');
    const offset = controlOffset(end.x - start.x);
    const x1 = start.x + offset;
    const x2 = end.x - offset;
    const style = strokeStyleOf(edge.data);
    const key = styleKey(style);
    let index = styleIndex.get(key);
    if (index === undefined) {
      index = styles.length;
      styles.push(style);
      styleIndex.set(key, index);
    }
    const stroke: EdgeStroke = {
      x0: start.x,
      y0: start.y,
      x1,
      y1: start.y,
      x2,
      y2: end.y,
      x3: end.x,
      y3: end.y,
      minX: Math.min(start.x, end.x, x1, x2),
      maxX: Math.max(start.x, end.x, x1, x2),
      minY: Math.min(start.y, end.y),
      maxY: Math.max(start.y, end.y),
      style: index,
    };
    strokes.push(stroke);
    if (edge.data && (edge.data.label !== undefined || edge.data.missingGrant))
      requests.push({
        item: edge,
        candidates: LABEL_SPOTS.map((t) => pointAt(stroke, t)),
        ...labelSize(edge.data),
        priority: labelPriority(edge.data),
      });
  }
  // In the order of the edges, as before placing: the DOM order of the labels.
  const obstacles = labelsAvoidNodes
    ? nodes
        .filter((node) => node.type !== 'lane')
        .map((node) => ({ ...node.position, width: node.width ?? 0, height: node.height ?? 0 }))
    : [];
  const placed = new Map(placeLabels(requests, obstacles).map((label) => [label.item, label]));
  const labels: EdgeLabelSpot[] = [];
  for (const request of requests) {
    const label = placed.get(request.item);
    if (label)
      labels.push({
        x: label.x,
        y: label.y,
        width: label.width,
        height: label.height,
        scale: label.item.data?.labelScale ?? 1,
        edge: label.item,
      });
  }
  return { strokes, styles, labels };
}

export interface Rect {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** The inverse of smoothstep (3t² − 2t³) on [0, 1]. */
function smoothstepInverse(value: number): number {
  if (value <= 0) return 0;
  if (value >= 1) return 1;
  return 0.5 - Math.sin(Math.asin(1 - 2 * value) / 3);
}

/**
 * The stretch of t in which the curve can be inside `rect`: with horizontal tangents at both ends
 * (y1 = y0, y2 = y3), y runs from y0 to y3 along smoothstep(t), so the stretch follows from the
 * rectangle's top and bottom.
 */
function spanWithin(stroke: EdgeStroke, rect: Rect): readonly [number, number] {
  const rise = stroke.y3 - stroke.y0;
  if (rise === 0 || stroke.y1 !== stroke.y0 || stroke.y2 !== stroke.y3) return [0, 1];
  const top = (rect.minY - stroke.y0) / rise;
  const bottom = (rect.maxY - stroke.y0) / rise;
  return [smoothstepInverse(Math.min(top, bottom)), smoothstepInverse(Math.max(top, bottom))];
}

/**
 * The parts of a curve inside `rect`, as polylines of flattened points (x, y, x, y…): a curve
 * thousands of pixels long that only crosses the view costs only what is visible, also when
 * dashed. `step` is the flow-space length one segment should roughly cover.
 */
export function visibleRuns(stroke: EdgeStroke, rect: Rect, step: number): number[][] {
  const [from, to] = spanWithin(stroke, rect);
  if (to <= from) return [];
  const length =
    Math.abs(stroke.x3 - stroke.x0) + Math.abs(stroke.y3 - stroke.y0) * Math.min(1, 1.5 * (to - from));
  const segments = Math.min(512, Math.max(4, Math.ceil(length / step)));
  const runs: number[][] = [];
  let run: number[] | undefined;
  let previousX = 0;
  let previousY = 0;
  for (let index = 0; index <= segments; index += 1) {
    const t = from + ((to - from) * index) / segments;
    const u = 1 - t;
    const a = u * u * u;
    const b = 3 * u * u * t;
    const c = 3 * u * t * t;
    const d = t * t * t;
    const x = a * stroke.x0 + b * stroke.x1 + c * stroke.x2 + d * stroke.x3;
    const y = a * stroke.y0 + b * stroke.y1 + c * stroke.y2 + d * stroke.y3;
    const inside =
      index > 0 &&
      Math.max(previousX, x) >= rect.minX &&
      Math.min(previousX, x) <= rect.maxX &&
      Math.max(previousY, y) >= rect.minY &&
      Math.min(previousY, y) <= rect.maxY;
    if (inside) {
      if (!run) {
        run = [previousX, previousY];
        runs.push(run);
      }
      run.push(x, y);
    } else run = undefined;
    previousX = x;
    previousY = y;
  }
  return runs;
}
