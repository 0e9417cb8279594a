/**
 * Everything that makes a view of the map, as it is written in the URL's query string, so that a
 * reload or a link restores it. Defaults are left out of the URL.
 *
 *   ?cluster=prod&ns=shop&ns=infra&kind=HTTPRoute&policy=SecurityPolicy&labels=team%3Dshop&q=check&problems=1
 *    &focus=Gateway/infra/prod-web&hops=2&group=namespace&collapse=25&expand=shop&sel=HTTPRoute/shop/x
 *    &view=changes&since=1d&at=2026-12-06T10:00:00.000Z&figure=rejected|NoMatchingListenerHostname||&summary=1
 *    &vp=5200,1800,3.5
 *
 * What-if manifests travel in the fragment (`#what-if=…`, see what-if-link.ts), never here: the
 * query string reaches the server's logs.
 */
import { figureKey, type GroupBy, parseFigureKey, type SummaryFigure } from '@gatemap/topology';

export type { GroupBy };

/** How far back the Changes view looks. */
export type ChangesSince = '1h' | '1d';
const SINCES: readonly ChangesSince[] = ['1h', '1d'];

export interface ViewState {
  /** Show one cluster; undefined shows all. */
  readonly cluster: string | undefined;
  readonly namespaces: readonly string[];
  readonly kinds: readonly string[];
  /** Policy kinds: only policies of these kinds, and the objects they target, are shown. */
  readonly policyKinds: readonly string[];
  /** A label selector as kubectl takes it: `team=shop,tier in (web,api),!legacy`. */
  readonly labels: string;
  /** Substring of the object's name (or namespace/name). */
  readonly name: string;
  readonly problemsOnly: boolean;
  /** Keep the parents and backends that explain a match (drawn dimmed). */
  readonly context: boolean;
  /** Node id whose neighbourhood is shown. */
  readonly focus: string | undefined;
  readonly hops: number;
  readonly groupBy: GroupBy;
  /** Namespaces with more routes than this collapse into one aggregate node. */
  readonly collapseThreshold: number;
  /** Aggregates the user expanded, as `<cluster>/<namespace>` or `<namespace>`. */
  readonly expanded: readonly string[];
  /** Node id shown in the drill-down panel. */
  readonly selected: string | undefined;
  /** The Changes view of the whole map is open. */
  readonly changes: boolean;
  readonly since: ChangesSince;
  /** The map as it was at this moment (ISO 8601), instead of the live map. */
  readonly at: string | undefined;
  /** The figure of the estate summary the map shows the objects of (estate-summary.ts). */
  readonly figure: SummaryFigure | undefined;
  /** The estate summary shown or hidden; `auto` shows it for estates too big to read at a glance. */
  readonly summary: 'auto' | 'open' | 'closed';
  /** Where the map looks, once moved there: a zoomed-in part of the big picture is a place to link to. */
  readonly viewport: MapViewport | undefined;
}

/** The flow coordinates at the middle of the map's pane, and the zoom (`vp=x,y,zoom`). */
export interface MapViewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

export const DEFAULT_VIEW: ViewState = {
  cluster: undefined,
  namespaces: [],
  kinds: [],
  policyKinds: [],
  labels: '',
  name: '',
  problemsOnly: false,
  context: true,
  focus: undefined,
  hops: 2,
  groupBy: 'none',
  collapseThreshold: 25,
  expanded: [],
  selected: undefined,
  changes: false,
  since: '1h',
  at: undefined,
  viewport: undefined,
  figure: undefined,
  summary: 'auto',
};

const GROUPS: readonly GroupBy[] = ['none', 'namespace', 'cluster'];

function positiveInt(text: string | null, fallback: number, max: number): number {
  if (text === null || !/^\d+$/.test(text)) return fallback;
  const value = Number(text);
  return value >= 1 && value <= max ? value : fallback;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}

/** A moment as ISO 8601 in UTC, or undefined when the text is not a date. */
function moment(text: string | null): string | undefined {
  if (!text) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

function parseViewport(text: string | null): MapViewport | undefined {
  const parts = text?.split(',').map(Number);
  if (parts?.length !== 3 || !parts.every(Number.isFinite)) return undefined;
  const [x = 0, y = 0, zoom = 0] = parts;
  return zoom > 0 ? { x, y, zoom } : undefined;
}

/** Reads a view from a query string (`location.search`); anything unreadable falls back to its default. */
export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const group = params.get('group');
  return {
    cluster: params.get('cluster') || undefined,
    namespaces: unique(params.getAll('ns')),
    kinds: unique(params.getAll('kind')),
    policyKinds: unique(params.getAll('policy')),
    labels: params.get('labels') ?? '',
    name: params.get('q') ?? '',
    problemsOnly: params.get('problems') === '1',
    context: params.get('context') !== '0',
    focus: params.get('focus') || undefined,
    hops: positiveInt(params.get('hops'), DEFAULT_VIEW.hops, 10),
    groupBy: GROUPS.find((item) => item === group) ?? DEFAULT_VIEW.groupBy,
    collapseThreshold: positiveInt(params.get('collapse'), DEFAULT_VIEW.collapseThreshold, 100_000),
    expanded: unique(params.getAll('expand')),
    selected: params.get('sel') || undefined,
    changes: params.get('view') === 'changes',
    since: SINCES.find((item) => item === params.get('since')) ?? DEFAULT_VIEW.since,
    at: moment(params.get('at')),
    viewport: parseViewport(params.get('vp')),
    figure: parseFigureKey(params.get('figure') ?? ''),
    summary: params.get('summary') === '1' ? 'open' : params.get('summary') === '0' ? 'closed' : 'auto',
  };
}

/** Writes a view as a query string (with its `?`, or empty for the default view). */
export function serializeViewState(view: ViewState): string {
  const params = new URLSearchParams();
  if (view.cluster) params.set('cluster', view.cluster);
  for (const namespace of view.namespaces) params.append('ns', namespace);
  for (const kind of view.kinds) params.append('kind', kind);
  for (const kind of view.policyKinds) params.append('policy', kind);
  if (view.labels !== '') params.set('labels', view.labels);
  if (view.name !== '') params.set('q', view.name);
  if (view.problemsOnly) params.set('problems', '1');
  if (!view.context) params.set('context', '0');
  if (view.focus) params.set('focus', view.focus);
  if (view.hops !== DEFAULT_VIEW.hops) params.set('hops', String(view.hops));
  if (view.groupBy !== DEFAULT_VIEW.groupBy) params.set('group', view.groupBy);
  if (view.collapseThreshold !== DEFAULT_VIEW.collapseThreshold)
    params.set('collapse', String(view.collapseThreshold));
  for (const item of view.expanded) params.append('expand', item);
  if (view.selected) params.set('sel', view.selected);
  if (view.changes) params.set('view', 'changes');
  if (view.since !== DEFAULT_VIEW.since) params.set('since', view.since);
  if (view.at) params.set('at', view.at);
  if (view.viewport) {
    const { x, y, zoom } = view.viewport;
    params.set('vp', `${Math.round(x)},${Math.round(y)},${Number(zoom.toPrecision(4))}`);
  }
  if (view.figure) params.set('figure', figureKey(view.figure));
  if (view.summary !== DEFAULT_VIEW.summary) params.set('summary', view.summary === 'open' ? '1' : '0');
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * Whether going from one view to the other is a new place (worth a history entry) rather than a
 * tweak of the same place (typing in a filter box, selecting an object).
 */
export function isNavigation(from: ViewState, to: ViewState): boolean {
  return (
    from.focus !== to.focus ||
    from.cluster !== to.cluster ||
    from.groupBy !== to.groupBy ||
    from.at !== to.at ||
    from.changes !== to.changes ||
    (from.figure === undefined ? '' : figureKey(from.figure)) !==
      (to.figure === undefined ? '' : figureKey(to.figure))
  );
}
