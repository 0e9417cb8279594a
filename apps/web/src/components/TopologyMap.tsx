import {
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type EdgeTypes,
  type NodeMouseHandler,
  type NodeTypes,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { toEdgeStrokes, type EdgeStrokes } from '../graph/edge-strokes.ts';
import type { MapFlowEdge, MapFlowNode } from '../graph/flow-types.ts';
import { isDirection, nextNode, type NavigableNode } from '../keyboard/navigate-nodes.ts';
import type { MapViewport } from '../view/view-state.ts';
import { MapEdge } from './edges/MapEdge.tsx';
import { MapCanvas } from './MapCanvas.tsx';
import { AggregateNode } from './nodes/AggregateNode.tsx';
import { GatewayNode } from './nodes/GatewayNode.tsx';
import { LaneNode } from './nodes/LaneNode.tsx';
import { ObjectNode } from './nodes/ObjectNode.tsx';

// Declared once, outside any component, so React Flow never sees new type maps.
const NODE_TYPES: NodeTypes = {
  object: ObjectNode,
  gateway: GatewayNode,
  aggregate: AggregateNode,
  lane: LaneNode,
};
const EDGE_TYPES: EdgeTypes = { map: MapEdge };
const NO_EDGES: MapFlowEdge[] = [];
const NO_STROKES: EdgeStrokes = { strokes: [], styles: [], labels: [] };
const FIT_OPTIONS = { padding: 0.08, maxZoom: 1 };
/** The big picture is laid out to fill the pane (tile-layout.ts): little padding to waste. */
const TILE_FIT_OPTIONS = { padding: 0.02, maxZoom: 1 };
/** Zoomed far enough in, a tile's members are readable (TileNode). */
const TILE_MAX_ZOOM = 12;
const MINIMAP_STYLE = { width: 160, height: 110 };
/** Past this many nodes the minimap costs more than it helps. */
const MINIMAP_MAX_NODES = 2000;
/**
 * From this many nodes on, React Flow draws only what is in the viewport (sizes are preset, so it
 * need not measure first). Below it, culling saves little and every node stays in the DOM, where
 * keyboard navigation, find-in-page and end-to-end tests can reach it. The big picture is not
 * culled: its tiles are a few elements each until they open (only those in view do, TileNode),
 * and culling the fitted grid added and removed hundreds of them on every pan, each change
 * repainting the map.
 */
const CULL_MIN_NODES = 300;
/**
 * From this many edges on (or when React Flow culls nodes), `MapCanvas` draws them: lines on a
 * canvas, labels and fixes as elements for the part of the map in view; React Flow draws none.
 * Long SVG edges are what makes a big map stall: every frame that moves it rasterises each of
 * them whole (dashed ones dash by dash), and React Flow works out each edge element's position on
 * every step of a pan. Small maps keep SVG edges, each an element with its state, reason and
 * tooltip.
 */
const CANVAS_MIN_EDGES = 150;

export interface TopologyMapProps {
  readonly nodes: readonly MapFlowNode[];
  readonly edges: readonly MapFlowEdge[];
  readonly colorMode: 'light' | 'dark';
  /** Changes with each fresh layout: the map chooses where to look again then. */
  readonly fitKey: string;
  /** Changes when the user asks for another view (useMapView.ts); a link holds only for its own. */
  readonly viewKey: string;
  /** The big picture: tiles that open as the map zooms in (tile-elements.ts). */
  readonly tiles?: boolean;
  readonly hidden: boolean;
  /** The big picture the server sent ahead of the topology: tiles without their objects yet. */
  readonly preview?: boolean;
  /** Where to look at first (a link to a place on the map) instead of the map's own choice. */
  readonly viewport?: MapViewport;
  /** Where the map looks once the user moved it; undefined when the map chose its view itself. */
  readonly onViewport?: (viewport: MapViewport | undefined) => void;
  readonly onSelect: (id: string | undefined) => void;
  readonly onFocus: (id: string) => void;
  /**
   * Where the problems are (node ids): a map too big to fit readably opens on these instead of
   * its busiest Gateway, and opens on them again when they change until the user moves the map.
   */
  readonly centreOn?: readonly string[] | undefined;
}

/** Zoom below which a fitted view is unreadable; bigger views open on their busiest Gateway instead. */
const FIT_MIN_ZOOM = 0.5;

/** The zoom at which `bounds` fill the map's pane. */
function fittedZoom(bounds: { width: number; height: number }, padding = FIT_OPTIONS.padding): number {
  const pane = document.querySelector('.gm-map');
  const width = pane?.clientWidth ?? 1200;
  const height = pane?.clientHeight ?? 800;
  return Math.min(width / Math.max(1, bounds.width), height / Math.max(1, bounds.height)) * (1 - padding);
}

/** A tile's name is legible from this size on screen (the reading test: 9 px). */
const LEGIBLE_PX = 9;

/**
 * The zoom from which every tile's name is legible: tiles carry their name's font size in flow
 * units (tile-elements.ts); undefined without tiles.
 */
function legibleTileZoom(nodes: readonly MapFlowNode[]): number | undefined {
  let smallest: number | undefined;
  for (const node of nodes)
    if (node.type === 'aggregate' && node.data.tileFont !== undefined)
      smallest = Math.min(smallest ?? Infinity, node.data.tileFont);
  return smallest === undefined ? undefined : LEGIBLE_PX / smallest;
}

function hubWhenTooBig(
  nodes: readonly MapFlowNode[],
  bounds: { width: number; height: number },
): { x: number; y: number } | undefined {
  const pane = document.querySelector('.gm-map');
  const width = pane?.clientWidth ?? 1200;
  const zoom = fittedZoom(bounds);
  if (zoom >= FIT_MIN_ZOOM) return undefined;
  const gateways = nodes.filter((node) => node.type === 'gateway');
  const hub =
    gateways.reduce<MapFlowNode | undefined>(
      (best, node) =>
        node.type === 'gateway' &&
        (best === undefined ||
          (best.type === 'gateway' &&
            node.data.listeners.reduce((sum, listener) => sum + listener.attachedRoutes, 0) >
              best.data.listeners.reduce((sum, listener) => sum + listener.attachedRoutes, 0)))
          ? node
          : best,
      undefined,
    ) ?? nodes.find((node) => node.type !== 'lane');
  if (!hub) return undefined;
  // Put the hub left of centre, so the Routes to its right are in view.
  return {
    x: hub.position.x + (hub.width ?? 0) / 2 + (width * 0.3) / FIT_MIN_ZOOM,
    y: hub.position.y + (hub.height ?? 0) / 2,
  };
}

function nodeElement(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
}

function minimapColor(node: MapFlowNode): string {
  if (node.type === 'lane') return 'transparent';
  if (node.type === 'aggregate') return 'var(--gm-accent)';
  const severity = node.data.node.severity;
  return severity === 'error'
    ? 'var(--gm-red)'
    : severity === 'warning'
      ? 'var(--gm-amber)'
      : 'var(--gm-node-border)';
}

export function TopologyMap({
  nodes,
  edges,
  colorMode,
  fitKey,
  viewKey,
  tiles = false,
  hidden,
  preview = false,
  viewport,
  onViewport,
  onSelect,
  onFocus,
  centreOn,
}: TopologyMapProps) {
  const flow = useReactFlow<MapFlowNode, MapFlowEdge>();

  const latestNodes = useRef(nodes);
  latestNodes.current = nodes;
  const latestCentre = useRef(centreOn);
  latestCentre.current = centreOn;
  /**
   * Whether the map still shows the view it chose itself (below). Then a change of its size (the
   * side panel opening or closing) chooses again; once the user has moved the map, or while it
   * shows a link, a change of size keeps the middle of the view where it was.
   */
  const ownView = useRef(viewport === undefined);
  const chooseView = useCallback(() => {
    const all = latestNodes.current;
    // Of the problem spots, the most important and as many others as fit at a readable zoom.
    const spotsAt = (readable: number): MapFlowNode[] => {
      const byId = new Map(all.map((node) => [node.id, node]));
      const spots: MapFlowNode[] = [];
      for (const id of latestCentre.current ?? []) {
        const node = byId.get(id);
        if (node && (spots.length === 0 || fittedZoom(flow.getNodesBounds([...spots, node])) >= readable))
          spots.push(node);
      }
      return spots;
    };
    if (tiles) {
      // Every tile when their names are legible so; otherwise where the problems are, legibly.
      const readable = legibleTileZoom(all);
      const spots =
        readable !== undefined &&
        fittedZoom(flow.getNodesBounds(all as MapFlowNode[]), TILE_FIT_OPTIONS.padding) < readable
          ? spotsAt(readable)
          : [];
      void flow.fitView(
        spots.length > 0 ? { ...TILE_FIT_OPTIONS, minZoom: readable, nodes: spots } : TILE_FIT_OPTIONS,
      );
      return;
    }
    // All of the map, unless all of it would be too small to read; then the busiest Gateway's
    // neighbourhood at a readable zoom.
    const hub = hubWhenTooBig(all, flow.getNodesBounds(all as MapFlowNode[]));
    const spots = hub ? spotsAt(FIT_MIN_ZOOM) : [];
    if (hub && spots.length > 0) void flow.fitView({ ...FIT_OPTIONS, minZoom: FIT_MIN_ZOOM, nodes: spots });
    else if (hub) void flow.setCenter(hub.x, hub.y, { zoom: FIT_MIN_ZOOM });
    else void flow.fitView(FIT_OPTIONS);
  }, [flow, tiles]);
  /**
   * The viewport of the link the map was opened with, and the view it is of. It holds until the
   * user moves the map or asks for another view: every fresh layout of its own view until then
   * (ELK's answer after the own layout, the first data) shows it again, for the link is a place in
   * the layout the map ends up with, not in the first one it draws. While it holds, `ownView` is
   * false, so neither the problem spots nor a change of size replace it.
   */
  const linked = useRef(viewport && { viewport, viewKey });
  const latestViewKey = useRef(viewKey);
  latestViewKey.current = viewKey;
  /** The user moved the map: from now on the view is theirs, whatever the link said. */
  const takeView = useCallback(() => {
    linked.current = undefined;
    ownView.current = false;
  }, []);
  const latestOnViewport = useRef(onViewport);
  latestOnViewport.current = onViewport;
  const reported = useRef(viewport);
  const report = useCallback((next: MapViewport | undefined) => {
    if (next === undefined && reported.current === undefined) return;
    reported.current = next;
    latestOnViewport.current?.(next);
  }, []);
  useEffect(() => {
    // A fresh layout (new view, or ELK's answer).
    const frame = requestAnimationFrame(() => {
      const link = linked.current;
      if (link?.viewKey === latestViewKey.current) {
        const { x, y, zoom } = link.viewport;
        void flow.setCenter(x, y, { zoom });
        return;
      }
      linked.current = undefined;
      ownView.current = true;
      chooseView();
      report(undefined);
    });
    return () => cancelAnimationFrame(frame);
  }, [fitKey, chooseView, flow, report]);
  const centreKey = centreOn?.join('\n') ?? '';
  useEffect(() => {
    if (centreKey === '' || !ownView.current) return;
    // The map may have stopped showing its own view by the time the frame comes.
    const frame = requestAnimationFrame(() => {
      if (ownView.current) chooseView();
    });
    return () => cancelAnimationFrame(frame);
  }, [centreKey, chooseView]);

  const mapRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = mapRef.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    // Known from the observer's first report (reading it here would force a layout mid-commit).
    let size: { width: number; height: number } | undefined;
    let frame = 0;
    const observer = new ResizeObserver((entries) => {
      const box = entries.at(-1)?.contentRect;
      if (!box) return;
      const { width, height } = box;
      if (!size || size.width === 0 || size.height === 0) {
        size = { width, height };
        return;
      }
      if (width === 0 || height === 0 || (width === size.width && height === size.height)) return;
      const shift = { x: (width - size.width) / 2, y: (height - size.height) / 2 };
      size = { width, height };
      cancelAnimationFrame(frame);
      // On the next frame, when React Flow knows the new size too.
      frame = requestAnimationFrame(() => {
        if (ownView.current) chooseView();
        else {
          const viewport = flow.getViewport();
          void flow.setViewport({ ...viewport, x: viewport.x + shift.x, y: viewport.y + shift.y });
        }
        keepInView(latestNodes.current.find((node) => node.selected));
      });
    });
    const keepInView = (node: MapFlowNode | undefined): void => {
      if (!node) return;
      const { x, y, zoom } = flow.getViewport();
      const left = node.position.x * zoom + x;
      const top = node.position.y * zoom + y;
      const right = left + (node.width ?? 0) * zoom;
      const bottom = top + (node.height ?? 0) * zoom;
      if (!size || (left >= 0 && top >= 0 && right <= size.width && bottom <= size.height)) return;
      void flow.setCenter(node.position.x + (node.width ?? 0) / 2, node.position.y + (node.height ?? 0) / 2, {
        zoom,
      });
    };
    observer.observe(element);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [flow, chooseView]);

  const navigable = useMemo(
    (): NavigableNode[] =>
      nodes.flatMap((node) =>
        node.type === 'lane'
          ? []
          : [{ id: node.id, column: node.data.column, y: node.position.y, height: node.height ?? 0 }],
      ),
    [nodes],
  );
  const neighbours = useMemo(() => {
    const index = new Map<string, string[]>();
    for (const edge of edges) {
      index.set(edge.source, [...(index.get(edge.source) ?? []), edge.target]);
      index.set(edge.target, [...(index.get(edge.target) ?? []), edge.source]);
    }
    return index;
  }, [edges]);

  const moveFocus = useCallback(
    (id: string) => {
      const node = nodes.find((item) => item.id === id);
      if (!node) return;
      // Moving about the map is moving it: React Flow pans to a focused node partly out of view.
      takeView();
      const element = nodeElement(id);
      if (element) {
        element.focus();
        return;
      }
      // Culled (off screen): bring it into view, then focus it once React Flow has drawn it.
      void flow
        .setCenter(node.position.x + (node.width ?? 0) / 2, node.position.y + (node.height ?? 0) / 2, {
          zoom: Math.max(flow.getZoom(), 0.6),
        })
        .then(() => requestAnimationFrame(() => nodeElement(id)?.focus()));
    },
    [flow, nodes, takeView],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select, button')) return;
      const current = target.closest('.react-flow__node')?.getAttribute('data-id') ?? undefined;
      if (isDirection(event.key)) {
        event.preventDefault();
        const next = nextNode(navigable, neighbours, current, event.key);
        if (next !== undefined) moveFocus(next);
      } else if (event.key === 'Enter' && current !== undefined && !current.startsWith('lane:')) {
        event.preventDefault();
        onSelect(current);
      } else if (event.key === 'Escape') {
        onSelect(undefined);
      }
    },
    [navigable, neighbours, moveFocus, onSelect],
  );

  const onNodeClick: NodeMouseHandler<MapFlowNode> = useCallback(
    (_event, node) => {
      if (node.type === 'lane') onSelect(undefined);
      else if (node.type === 'aggregate' && node.data.tileFont !== undefined) {
        // Into the tile, far enough that it opens in place.
        takeView();
        void flow.fitBounds(
          { x: node.position.x, y: node.position.y, width: node.width ?? 0, height: node.height ?? 0 },
          { padding: 0.1 },
        );
      } else if (node.type !== 'aggregate') onSelect(node.id);
    },
    [onSelect, flow, takeView],
  );
  const onNodeDoubleClick: NodeMouseHandler<MapFlowNode> = useCallback(
    (_event, node) => {
      if (node.type === 'object' || node.type === 'gateway') onFocus(node.id);
    },
    [onFocus],
  );
  const onPaneClick = useCallback(() => onSelect(undefined), [onSelect]);

  // The big picture's bundles end on the grid's frame, which has no handle elements to draw to.
  const onCanvas = tiles || nodes.length >= CULL_MIN_NODES || edges.length >= CANVAS_MIN_EDGES;
  const strokes = useMemo(
    () => (onCanvas ? toEdgeStrokes(nodes, edges, tiles) : NO_STROKES),
    [onCanvas, nodes, edges, tiles],
  );

  // While the map moves, its content is its own compositor layer (moving it costs no repaint) and
  // takes no part in hit testing; afterwards it is drawn sharp again at the new zoom.
  const onMoveStart = useCallback(
    (event: MouseEvent | TouchEvent | null) => {
      if (event) takeView();
    },
    [takeView],
  );
  const onMove = useCallback(() => mapRef.current?.classList.add('is-moving'), []);
  const onMoveEnd = useCallback(
    (_event: MouseEvent | TouchEvent | null, { x, y, zoom }: { x: number; y: number; zoom: number }) => {
      mapRef.current?.classList.remove('is-moving');
      const pane = mapRef.current;
      if (ownView.current || !pane) return;
      report({ x: (pane.clientWidth / 2 - x) / zoom, y: (pane.clientHeight / 2 - y) / zoom, zoom });
    },
    [report],
  );

  return (
    <div
      ref={mapRef}
      className={`gm-map${hidden ? ' is-hidden' : ''}${preview ? ' is-preview' : ''}`}
      onKeyDown={onKeyDown}
    >
      <ReactFlow<MapFlowNode, MapFlowEdge>
        nodes={nodes as MapFlowNode[]}
        edges={onCanvas ? NO_EDGES : (edges as MapFlowEdge[])}
        onMoveStart={onMoveStart}
        onMove={onMove}
        onMoveEnd={onMoveEnd}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        colorMode={colorMode}
        onlyRenderVisibleElements={!tiles && nodes.length >= CULL_MIN_NODES}
        minZoom={0.03}
        maxZoom={tiles ? TILE_MAX_ZOOM : 2}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        edgesFocusable={false}
        nodesFocusable
        onNodeClick={onNodeClick}
        onNodeDoubleClick={onNodeDoubleClick}
        zoomOnDoubleClick={false}
        onPaneClick={onPaneClick}
        aria-label="Gateway API topology"
      >
        <MapCanvas strokes={strokes} colorMode={colorMode} />
        <Controls
          showInteractive={false}
          fitViewOptions={tiles ? TILE_FIT_OPTIONS : FIT_OPTIONS}
          onZoomIn={takeView}
          onZoomOut={takeView}
          onFitView={takeView}
        />
        {!tiles && nodes.length <= MINIMAP_MAX_NODES && (
          <MiniMap<MapFlowNode>
            pannable
            zoomable
            nodeColor={minimapColor}
            nodeStrokeWidth={0}
            ariaLabel="Overview of the map"
            style={MINIMAP_STYLE}
          />
        )}
      </ReactFlow>
    </div>
  );
}
