import { useStoreApi, ViewportPortal, type ReactFlowState } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import {
  visibleRuns,
  type EdgeLabelSpot,
  type EdgeStrokes,
  type Rect,
  type StrokeColor,
} from '../graph/edge-strokes.ts';
import { EdgeTag } from './edges/EdgeTag.tsx';
import { DETAIL_ZOOM } from './nodes/useZoomedOut.ts';

/**
 * The canvas under the nodes: the dot grid, and a big map's edges. The grid as React Flow's
 * `<Background>` draws it is an SVG pattern that is repainted on every frame of a pan; here it
 * moves with the canvas. As SVG, each of thousands of long edges
 * (a shared Gateway fans out to Routes far above and below the view) is rasterised whole on every
 * frame that moves the map; here only the visible parts are drawn, once, into a canvas a margin
 * larger than the pane. Panning within that margin only moves the canvas; zooming scales the
 * old picture and draws it sharp when the zoom rests (or the picture no longer covers the pane). Labels and fixes stay elements
 * (text to read, a button to press), for the drawn part of the map and only where nodes show
 * their text too.
 */
export interface MapCanvasProps {
  /** The edges to draw here; none when React Flow draws them. */
  readonly strokes: EdgeStrokes;
  /** Repaints with the theme's colours when it changes. */
  readonly colorMode: 'light' | 'dark';
}

/** Extra canvas around the pane, as a fraction of the pane's larger side. */
const MARGIN = 0.3;
/** Flattened segments are about this many screen pixels long. */
const SEGMENT_PX = 12;
/** Runs stroked as one path (see paint). */
const PATH_RUNS = 8;
/**
 * A zoom step first scales the drawn picture; it is drawn sharp once the zoom has rested this
 * long, or at once when the scaled picture no longer covers the pane.
 */
const SHARPEN_AFTER_MS = 150;

interface Drawn {
  readonly rect: Rect;
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
  readonly margin: number;
  readonly width: number;
  readonly height: number;
}

const COLORS: readonly StrokeColor[] = [
  '--gm-edge',
  '--gm-green',
  '--gm-red',
  '--gm-amber',
  '--gm-purple',
  '--gm-orange',
];

interface Palette {
  readonly strokes: Record<StrokeColor, string>;
  readonly dots: string;
}

function themePalette(element: Element): Palette {
  const computed = getComputedStyle(element);
  const strokes = {} as Record<StrokeColor, string>;
  for (const name of COLORS) strokes[name] = computed.getPropertyValue(name).trim() || '#888';
  const dots = computed.getPropertyValue('--xy-background-pattern-dots-color-default').trim() || '#91919a';
  return { strokes, dots };
}

/** The dot grid React Flow's `<Background gap={24} />` draws on smaller maps, left out when too dense. */
const DOT_GAP = 24;
const DOT_MIN_SCREEN_GAP = 8;

/** One cell of the grid: a dot of one flow unit in a DOT_GAP square, repeated as a pattern. */
function dotPattern(context: CanvasRenderingContext2D, color: string): CanvasPattern | null {
  const cell = document.createElement('canvas');
  cell.width = DOT_GAP;
  cell.height = DOT_GAP;
  const cellContext = cell.getContext('2d');
  if (!cellContext) return null;
  cellContext.fillStyle = color;
  cellContext.fillRect(0, 0, 1, 1);
  return context.createPattern(cell, 'repeat');
}

function paintDots(context: CanvasRenderingContext2D, rect: Rect, zoom: number, color: string): void {
  if (DOT_GAP * zoom < DOT_MIN_SCREEN_GAP) return;
  // The pattern lies in flow coordinates (the context's transform), so it pans and zooms with the map.
  const pattern = dotPattern(context, color);
  if (!pattern) return;
  context.fillStyle = pattern;
  context.fillRect(rect.minX, rect.minY, rect.maxX - rect.minX, rect.maxY - rect.minY);
}

function paint(
  canvas: HTMLCanvasElement,
  state: Pick<ReactFlowState, 'transform' | 'width' | 'height'>,
  { strokes, styles }: EdgeStrokes,
  palette: Palette,
): Drawn {
  const [x, y, zoom] = state.transform;
  const margin = Math.round(Math.max(state.width, state.height) * MARGIN);
  const width = state.width + 2 * margin;
  const height = state.height + 2 * margin;
  const ratio = Math.min(2, window.devicePixelRatio || 1);
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const context = canvas.getContext('2d');
  const rect: Rect = {
    minX: (-margin - x) / zoom,
    minY: (-margin - y) / zoom,
    maxX: (width - margin - x) / zoom,
    maxY: (height - margin - y) / zoom,
  };
  if (!context) return { rect, x, y, zoom, margin, width, height };
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, canvas.width, canvas.height);
  // Flow → canvas pixels: the pane's transform, shifted by the margin.
  context.setTransform(ratio * zoom, 0, 0, ratio * zoom, ratio * (x + margin), ratio * (y + margin));
  paintDots(context, rect, zoom, palette.dots);
  // Each style's runs go into paths of at most PATH_RUNS runs: the rasterizer's cost for one
  // path grows faster than its number of overlapping runs, and a big estate has tens of
  // thousands (21,000 edges of 50,000 Routes took 14 s in one path, 4 s in paths of 8). Where
  // faint edges cross, their alpha adds up, as it does for edges drawn one by one.
  const paths: Path2D[][] = styles.map(() => []);
  const runsIn: number[] = styles.map(() => PATH_RUNS);
  const step = SEGMENT_PX / zoom;
  for (const stroke of strokes) {
    if (stroke.maxX < rect.minX || stroke.minX > rect.maxX) continue;
    if (stroke.maxY < rect.minY || stroke.minY > rect.maxY) continue;
    const batches = paths[stroke.style];
    if (!batches) continue;
    for (const run of visibleRuns(stroke, rect, step)) {
      if (runsIn[stroke.style]! >= PATH_RUNS) {
        batches.push(new Path2D());
        runsIn[stroke.style] = 0;
      }
      runsIn[stroke.style]!++;
      const path = batches[batches.length - 1]!;
      path.moveTo(run[0] ?? 0, run[1] ?? 0);
      for (let index = 2; index < run.length; index += 2) path.lineTo(run[index] ?? 0, run[index + 1] ?? 0);
    }
  }
  context.lineCap = 'butt';
  context.lineJoin = 'round';
  styles.forEach((style, index) => {
    const batches = paths[index];
    if (!batches || batches.length === 0) return;
    context.strokeStyle = palette.strokes[style.color];
    if (style.glow) {
      context.globalAlpha = 0.3 * style.alpha;
      context.lineWidth = style.width + 6;
      context.setLineDash([]);
      for (const path of batches) context.stroke(path);
    }
    context.globalAlpha = style.alpha;
    context.lineWidth = style.width;
    // Zoomed out, a dash is a pixel or two: it reads as a fainter line and costs many strokes.
    context.setLineDash(zoom < DETAIL_ZOOM ? [] : style.dash);
    for (const path of batches) context.stroke(path);
  });
  context.globalAlpha = 1;
  return { rect, x, y, zoom, margin, width, height };
}

/** The labels in view, where they are big enough to read (a bigger label reads further out). */
function labelsIn(labels: readonly EdgeLabelSpot[], drawn: Drawn): EdgeLabelSpot[] {
  const { rect } = drawn;
  return labels.filter(
    (label) =>
      drawn.zoom * label.scale >= DETAIL_ZOOM &&
      label.x >= rect.minX &&
      label.x <= rect.maxX &&
      label.y >= rect.minY &&
      label.y <= rect.maxY,
  );
}

function sameLabels(left: readonly EdgeLabelSpot[], right: readonly EdgeLabelSpot[]): boolean {
  return left.length === right.length && left.every((label, index) => label === right[index]);
}

export function MapCanvas({ strokes, colorMode }: MapCanvasProps) {
  const store = useStoreApi();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [labels, setLabels] = useState<readonly EdgeLabelSpot[]>([]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let drawn: Drawn | undefined;
    let frame = 0;
    let sharpen: ReturnType<typeof setTimeout> | undefined;
    const redraw = (): void => {
      frame = 0;
      clearTimeout(sharpen);
      // Read on each paint: the theme's attribute on the document is set by an effect that runs
      // after this one.
      drawn = paint(canvas, store.getState(), strokes, themePalette(canvas));
      canvas.style.transform = `translate(${-drawn.margin}px, ${-drawn.margin}px)`;
      const shown = labelsIn(strokes.labels, drawn);
      setLabels((current) => (sameLabels(current, shown) ? current : shown));
    };
    const place = (state: ReactFlowState): void => {
      if (
        !drawn ||
        state.width !== drawn.width - 2 * drawn.margin ||
        state.height !== drawn.height - 2 * drawn.margin
      ) {
        if (!frame) frame = requestAnimationFrame(redraw);
        return;
      }
      const [x, y, zoom] = state.transform;
      // Where the drawn picture belongs under the current transform.
      const scale = zoom / drawn.zoom;
      const left = x - (drawn.x + drawn.margin) * scale;
      const top = y - (drawn.y + drawn.margin) * scale;
      canvas.style.transform = `translate(${left}px, ${top}px) scale(${scale})`;
      const covered =
        left <= 0 &&
        top <= 0 &&
        left + drawn.width * scale >= state.width &&
        top + drawn.height * scale >= state.height;
      if (!covered) {
        if (!frame) frame = requestAnimationFrame(redraw);
      } else if (scale !== 1) {
        clearTimeout(sharpen);
        sharpen = setTimeout(() => {
          if (!frame) frame = requestAnimationFrame(redraw);
        }, SHARPEN_AFTER_MS);
      }
    };
    // The first picture waits a frame more: by then the map has chosen its view (TopologyMap's
    // own first-frame step), and a picture of the untransformed map would be thrown away at once.
    frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(redraw);
    });
    let previous = store.getState();
    const unsubscribe = store.subscribe((state) => {
      if (
        state.transform !== previous.transform ||
        state.width !== previous.width ||
        state.height !== previous.height
      )
        place(state);
      previous = state;
    });
    return () => {
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(sharpen);
    };
  }, [store, strokes, colorMode]);

  return (
    <>
      <canvas
        ref={canvasRef}
        className="gm-map-canvas"
        aria-hidden="true"
        data-edges={strokes.strokes.length}
      />
      <ViewportPortal>
        {labels.map(
          (label) =>
            label.edge.data && (
              <EdgeTag
                key={label.edge.id}
                data={label.edge.data}
                x={label.x}
                y={label.y}
                width={label.width}
                height={label.height}
                scale={label.scale}
              />
            ),
        )}
      </ViewportPortal>
    </>
  );
}
