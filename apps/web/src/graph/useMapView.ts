/**
 * Runs the map's pipeline on the store's current state: filter → focus → group → flow elements →
 * layout, each step memoised on what it reads. The layout is kept per view (filters, focus,
 * grouping): the first layout of a view is fresh (ELK in a worker for small ungrouped views without
 * aggregates, the own column layout otherwise), and live updates only extend it, so nothing jumps.
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { COLUMNS, columnX, figureKey, figureObjects, groupGraph, type Lane } from '@gatemap/topology';
import type { TopologyStore } from '../store/topology-store.ts';
import { useTopologyStore } from '../store/useTopologyStore.ts';
import { indexFindings, type FindingIndex } from '../store/finding-index.ts';
import type { ViewState } from '../view/view-state.ts';
import { ELK_MAX_NODES, fromElkGraph, toElkGraph, type ElkPortSpec } from './elk-layout.ts';
import { layoutWithElk } from './elk-client.ts';
import { filterGraph, isFiltering, type GraphFilter } from './filter-graph.ts';
import { focusGraph } from './focus-graph.ts';
import { OBJECT_WIDTH, type LaneFlowNode, type MapFlowEdge, type MapFlowNode } from './flow-types.ts';
import { extendLayout, layoutLayers, type LayoutNode, type LayoutResult } from './layout-layers.ts';
import { graphFromState } from './map-graph.ts';
import { reuseUnchanged, sameEdge, sameNode } from './reuse-elements.ts';
import { groupProblems, withoutFoldedContext } from './problem-groups.ts';
import { toTileElements } from './tile-elements.ts';
import type { TileLayout } from './tile-layout.ts';
import { toFlowElements } from './to-flow-elements.ts';
import { useRetainedMemo } from './useRetainedMemo.ts';

export interface MapView {
  readonly nodes: readonly MapFlowNode[];
  readonly edges: readonly MapFlowEdge[];
  readonly findings: FindingIndex;
  /** Objects in the store / objects drawn (aggregates count as their members). */
  readonly total: number;
  readonly shown: number;
  readonly labelError: string | undefined;
  readonly focusFound: boolean;
  /** True while the first (ELK) layout of this view is being computed. */
  readonly layoutPending: boolean;
  /** Changes whenever a fresh layout was made: the map fits it into view then. */
  readonly fitKey: string;
  /**
   * Changes when the user asks for another view: filters, figure, focus, grouping or expanded
   * namespaces. A fresh layout of the same view (ELK's answer, the first data) changes only `fitKey`.
   */
  readonly viewKey: string;
  readonly layoutEngine: 'elk' | 'layers' | 'tiles';
  /** The big picture: every namespace a tile in a grid, edges bundled (`tile-elements.ts`). */
  readonly tiles: boolean;
  /** The objects of the view's summary figure, when it has one (they alone match the filters). */
  readonly figureObjects: ReadonlySet<string> | undefined;
  /** How many objects the map shows as matches (not as context), when the view has a figure. */
  readonly figureShown: number | undefined;
  /** The map shows the big picture the server sent ahead of the topology, which is still loading. */
  readonly previewing: boolean;
}

const LANE_X = -40;
const LANE_WIDTH = columnX(COLUMNS.length - 1) + OBJECT_WIDTH + 80;
/**
 * Past this many nodes the largest namespaces fold into aggregates even under the threshold:
 * a column of a thousand Routes is unreadable, and the DOM's comfort limit is about there.
 */
const NODE_BUDGET = 500;
/**
 * From this many objects on, the map of the whole estate (no focus, nothing expanded by hand) is
 * the big picture: too many to read object by object, so namespaces become tiles.
 */
const TILE_MIN_NODES = NODE_BUDGET;
/** How long the map waits for ELK before it shows the own layout instead. */
const ELK_PATIENCE_MS = 600;

function toLayoutNode(node: MapFlowNode): LayoutNode {
  const sortKey =
    node.type === 'aggregate'
      ? `${node.data.aggregate.namespace}/`
      : node.type === 'lane'
        ? node.id
        : `${node.data.node.namespace ?? ''}/${node.data.node.name}`;
  return {
    id: node.id,
    column: node.data.column,
    lane: node.data.lane,
    width: node.width ?? OBJECT_WIDTH,
    height: node.height ?? 0,
    sortKey,
  };
}

function laneNodes(layout: LayoutResult, lanes: readonly Lane[]): LaneFlowNode[] {
  const labels = new Map(lanes.map((lane) => [lane.id, lane.label]));
  return layout.lanes
    .filter((box) => box.id !== '')
    .map((box) => ({
      id: box.id,
      type: 'lane',
      position: { x: LANE_X, y: box.top },
      width: LANE_WIDTH,
      height: box.bottom - box.top,
      measured: { width: LANE_WIDTH, height: box.bottom - box.top },
      data: { label: labels.get(box.id) ?? box.id, column: -1, lane: box.id },
      draggable: false,
      selectable: false,
      focusable: false,
      zIndex: -1,
      ariaRole: 'none',
    }));
}

function elkPorts(nodes: readonly MapFlowNode[]): ElkPortSpec[] {
  return nodes.flatMap((node) =>
    (node.handles ?? []).map((handle): ElkPortSpec => ({
      node: node.id,
      handle: handle.id ?? '',
      side: handle.type === 'source' ? 'EAST' : 'WEST',
      y: handle.y + (handle.height ?? 0) / 2,
    })),
  );
}

/** The map of the store in context (live), or of `drawn` (the map as it was, a what-if overlay). */
export function useMapView(view: ViewState, drawn?: TopologyStore): MapView {
  // Deferred: typing in a filter or opening a panel stays responsive while a big graph recomputes.
  const storeNodes = useDeferredValue(useTopologyStore((state) => state.nodes, drawn));
  const storeEdges = useDeferredValue(useTopologyStore((state) => state.edges, drawn));
  const storeFindings = useDeferredValue(useTopologyStore((state) => state.findings, drawn));
  // Deferred with the rest: when the topology arrives, the map shows the overview until the
  // objects that replace it are ready to draw, never the empty store in between.
  const preview = useDeferredValue(
    useTopologyStore((state) => (state.loaded ? undefined : state.preview), drawn),
  );

  const graph = useRetainedMemo(
    () => graphFromState({ nodes: storeNodes, edges: storeEdges }),
    [storeNodes, storeEdges],
  );
  // The objects of the summary figure the view shows, by the core's rule for what it counts.
  const figure = view.figure === undefined ? undefined : figureKey(view.figure);
  const only = useRetainedMemo(
    () => (view.figure === undefined ? undefined : figureObjects(graph, view.figure)),
    // The key stands for the figure: a figure read anew from the URL is the same figure.
    [graph, figure],
  );
  const filter = useRetainedMemo(
    (): GraphFilter => ({
      cluster: view.cluster,
      namespaces: view.namespaces,
      kinds: view.kinds,
      policyKinds: view.policyKinds,
      labels: view.labels,
      name: view.name,
      problemsOnly: view.problemsOnly,
      context: view.context,
      only,
    }),
    [
      only,
      view.cluster,
      view.namespaces,
      view.kinds,
      view.policyKinds,
      view.labels,
      view.name,
      view.problemsOnly,
      view.context,
    ],
  );
  const filtered = useRetainedMemo(() => filterGraph(graph, filter), [graph, filter]);
  const focused = useRetainedMemo(
    () => focusGraph(filtered.graph, view.focus, view.hops),
    [filtered, view.focus, view.hops],
  );
  const whole = view.groupBy === 'none' && view.focus === undefined && view.expanded.length === 0;
  // The overview is the big picture of the whole estate as it opens: it stands in for the
  // pipeline's steps up to grouping only in that view, while the topology loads.
  const previewed = whole && !isFiltering(filter) ? preview : undefined;
  // "Problems only" of a big estate: tiles of rejected Routes by reason and listener.
  const problemTiles = whole && view.problemsOnly && graph.nodes.length >= TILE_MIN_NODES;
  const tiles =
    previewed !== undefined || (whole && (problemTiles || focused.graph.nodes.length >= TILE_MIN_NODES));
  const problems = useRetainedMemo(
    () => (problemTiles ? groupProblems(focused.graph) : undefined),
    [problemTiles, focused],
  );
  const tiled = useRetainedMemo(
    () => problems?.graph ?? (tiles ? withoutFoldedContext(focused.graph) : focused.graph),
    [problems, tiles, focused],
  );
  const grouped = useRetainedMemo(
    () =>
      previewed?.grouped ??
      groupGraph(tiled, {
        groupBy: view.groupBy,
        collapseThreshold: view.collapseThreshold,
        expanded: view.expanded,
        nodeBudget: NODE_BUDGET,
        foldAll: tiles,
        foldKey: problems?.foldKey,
      }),
    [previewed, tiled, problems, view.groupBy, view.collapseThreshold, view.expanded, tiles],
  );
  const findings = useRetainedMemo(
    () => indexFindings(previewed?.findings ?? storeFindings.values()),
    [previewed, storeFindings],
  );
  const flowElements = useRetainedMemo(() => toFlowElements(grouped, findings), [grouped, findings]);
  // A new view key means a fresh layout; everything else extends the current one.
  const viewKey = JSON.stringify([
    figure,
    view.cluster,
    view.namespaces,
    view.kinds,
    view.policyKinds,
    view.labels,
    view.name,
    view.problemsOnly,
    view.context,
    view.focus,
    view.hops,
    view.groupBy,
  ]);
  // The big picture of this view as first laid out, extended by live changes (tile-layout.ts).
  const keptTiles = useRef<{ readonly key: string; readonly layout: TileLayout }>(undefined);
  const tileElements = useRetainedMemo(() => {
    if (!tiles) return undefined;
    const previous = keptTiles.current?.key === viewKey ? keptTiles.current.layout : undefined;
    const result = toTileElements(flowElements, { problems: problems !== undefined, previous });
    keptTiles.current = { key: viewKey, layout: result.layout };
    return result;
  }, [tiles, flowElements, problems, viewKey]);
  const elements = tileElements ?? flowElements;
  const layoutNodes = useRetainedMemo(() => elements.nodes.map(toLayoutNode), [elements]);
  const layoutEdges = useRetainedMemo(
    () => elements.edges.map((edge) => ({ source: edge.source, target: edge.target })),
    [elements],
  );
  const laneOrder = useRetainedMemo(() => grouped.lanes.map((lane) => lane.id), [grouped]);

  // A view with aggregates stands for an estate too big to read node by node: ELK would not
  // answer within its patience there, so the map would only wait for nothing.
  const elkEligible =
    !tiles &&
    view.groupBy === 'none' &&
    layoutNodes.length > 0 &&
    layoutNodes.length <= ELK_MAX_NODES &&
    !elements.nodes.some((node) => node.type === 'aggregate');
  const hasNodes = layoutNodes.length > 0;

  const [elk, setElk] = useState<{
    key: string;
    state: 'running' | 'done' | 'failed';
    layout?: LayoutResult;
  }>();
  const latest = useRef({ elements, layoutNodes, elkEligible });
  latest.current = { elements, layoutNodes, elkEligible };

  useEffect(() => {
    if (!latest.current.elkEligible) return;
    const key = viewKey;
    let current = true;
    const { elements: requested, layoutNodes: requestedNodes } = latest.current;
    setElk({ key, state: 'running' });
    const graphForElk = toElkGraph(
      requestedNodes,
      requested.edges.map((edge) => ({
        id: edge.id,
        source: edge.source,
        target: edge.target,
        sourceHandle: edge.sourceHandle ?? 'out',
        targetHandle: edge.targetHandle ?? 'in',
      })),
      elkPorts(requested.nodes),
    );
    const abort = new AbortController();
    layoutWithElk(graphForElk, abort.signal).then(
      (result) => {
        // A late answer is dropped: the map already shows its own layout and must not jump.
        if (current)
          setElk((state) =>
            state?.key === key && state.state === 'running'
              ? { key, state: 'done', layout: fromElkGraph(result, requestedNodes) }
              : state,
          );
      },
      () => {
        if (current)
          setElk((state) =>
            state?.key === key && state.state === 'running' ? { key, state: 'failed' } : state,
          );
      },
    );
    const patience = setTimeout(() => {
      // Its answer would be dropped: stop ELK rather than let it compete with the map for the CPU.
      abort.abort();
      if (current)
        setElk((state) =>
          state?.key === key && state.state === 'running' ? { key, state: 'failed' } : state,
        );
    }, ELK_PATIENCE_MS);
    return () => {
      current = false;
      clearTimeout(patience);
      abort.abort();
    };
    // Only a new view (or the first nodes of one) asks ELK; live updates extend its answer, so
    // the nodes are read from `latest` rather than listed as dependencies.
  }, [viewKey, hasNodes]);

  const kept = useRef<{ key: string; layout: LayoutResult; elk: LayoutResult | undefined; fresh: number }>(
    undefined,
  );
  const layout = useMemo(() => {
    // The big picture places every tile by its name's rank: nothing to keep between updates.
    if (tileElements) return { result: tileElements.layout, fresh: 0 };
    const previous = kept.current;
    const sameView = previous?.key === viewKey;
    const elkLayout = elk?.key === viewKey && elk.state === 'done' ? elk.layout : undefined;
    let base = sameView && previous.layout.positions.size > 0 ? previous.layout : undefined;
    let fresh = previous?.fresh ?? 0;
    const appliedElk = sameView ? previous.elk : undefined;
    if (elkLayout && appliedElk !== elkLayout) {
      base = elkLayout;
      fresh += 1;
    }
    let result: LayoutResult;
    if (base) result = extendLayout(base, layoutNodes, layoutEdges, laneOrder);
    else {
      result = layoutLayers(layoutNodes, layoutEdges, laneOrder);
      fresh += 1;
    }
    kept.current = { key: viewKey, layout: result, elk: elkLayout ?? appliedElk, fresh };
    return { result, fresh };
  }, [layoutNodes, layoutEdges, laneOrder, viewKey, elk, tileElements]);

  const previousNodes = useRef(new Map<string, MapFlowNode>());
  const nodes = useMemo(() => {
    const objects = elements.nodes.map(
      (node) =>
        ({
          ...node,
          position: layout.result.positions.get(node.id) ?? node.position,
          selected: node.id === view.selected,
        }) as MapFlowNode,
    );
    // DOM order is Tab order: column by column, top to bottom, as the map reads.
    objects.sort((left, right) => left.data.column - right.data.column || left.position.y - right.position.y);
    const placed: MapFlowNode[] = [...laneNodes(layout.result, grouped.lanes), ...objects];
    const reused = reuseUnchanged(previousNodes.current, placed, sameNode);
    previousNodes.current = new Map(reused.map((node) => [node.id, node]));
    return reused;
  }, [elements, layout, grouped.lanes, view.selected]);

  const previousEdges = useRef(new Map<string, MapFlowEdge>());
  const edges = useMemo(() => {
    const reused = reuseUnchanged(previousEdges.current, elements.edges, sameEdge);
    previousEdges.current = new Map(reused.map((edge) => [edge.id, edge]));
    return reused;
  }, [elements]);

  const figureShown = useRetainedMemo(
    () =>
      only === undefined
        ? undefined
        : focused.graph.nodes.reduce((sum, node) => (focused.graph.context.has(node.id) ? sum : sum + 1), 0),
    [only, focused],
  );
  const shown = useRetainedMemo(
    () => grouped.items.reduce((sum, item) => sum + (item.type === 'aggregate' ? item.total : 1), 0),
    [grouped],
  );
  const layoutPending = elk?.key === viewKey && elk.state === 'running';
  return {
    nodes,
    edges,
    findings,
    total: previewed?.objects ?? storeNodes.size,
    shown,
    labelError: filtered.labelError,
    focusFound: focused.found,
    layoutPending,
    fitKey: tiles ? `${viewKey}#tiles` : `${viewKey}#${layout.fresh}`,
    // Expanding a namespace extends the layout rather than starting a fresh one, but it is still
    // another view the user asked for.
    viewKey: JSON.stringify([viewKey, view.expanded]),
    layoutEngine: tiles ? 'tiles' : elk?.key === viewKey && elk.state === 'done' ? 'elk' : 'layers',
    tiles,
    figureObjects: only,
    figureShown,
    previewing: previewed !== undefined,
  };
}
