/**
 * The big picture of an estate, in figures: Routes attached and rejected (by reason, for the
 * whole estate, per parent and per listener), unresolved references by reason, references that
 * lack a ReferenceGrant, and objects whose reported status is stale. Each figure names what it
 * counts as a `SummaryFigure`, a plain value a link can carry, and `figureObjects` gives the
 * objects a figure counts: one rule for the counts and for the map that shows them.
 *
 * Read from a topology as it is sent (nodes and edges, after any share scoping), so a summary
 * of a share link's view counts only what the link can see. A Route counts as attached or
 * rejected by the state of its parent edges (the reported state when a controller wrote one, as
 * the map draws it), once per figure however many of its parentRefs fall in it; a reference
 * counts once per reference (one backendRef, one certificateRef), as its finding does.
 *
 * Cost: recomputed, not maintained: one pass over the nodes and one over the edges, O(n log n)
 * only in the namespaces it ranks (for 144k objects, well under the cost of encoding the
 * snapshot); a server computes it once per revision.
 */
import type { TopologyEdge, TopologyNode } from './protocol.ts';

/**
 * What one figure of the summary counts.
 *
 * - `attached`, `rejected`: Routes with a parent edge in that state, of `reason` when given, to
 *   the parent `parent` (a node id) when given, through its listener `listener` when given.
 * - `unresolved`: objects holding a reference that does not resolve, of `reason` when given.
 * - `missing-grant`: objects holding a cross-namespace reference no ReferenceGrant permits.
 * - `stale`: objects whose reported status is behind their generation.
 */
export interface SummaryFigure {
  readonly figure: 'attached' | 'rejected' | 'unresolved' | 'missing-grant' | 'stale';
  readonly reason?: string;
  readonly parent?: string;
  readonly listener?: string;
}

/** How many in one namespace. */
export interface NamespaceCount {
  readonly namespace: string;
  readonly count: number;
}

/** One reason's count, where it falls most, and the figure that shows it. */
export interface ReasonCount {
  readonly reason: string;
  readonly count: number;
  /** How many namespaces it falls in. */
  readonly namespaces: number;
  /** The namespaces with the most, most first (at most `TOP_NAMESPACES`). */
  readonly top: readonly NamespaceCount[];
  readonly figure: SummaryFigure;
}

/** A count split by reason, the largest first. */
export interface ReasonTally {
  readonly count: number;
  readonly reasons: readonly ReasonCount[];
  readonly figure: SummaryFigure;
}

/** Routes on one listener of a parent. */
export interface ListenerTally {
  readonly listener: string;
  readonly attached: number;
  readonly rejected: ReasonTally;
}

/** Routes on one parent (a Gateway or ListenerSet). */
export interface ParentTally {
  /** The parent's node id. */
  readonly parent: string;
  readonly attached: number;
  readonly rejected: ReasonTally;
  /** The parent's listeners that Routes name or attach through, in name order. */
  readonly listeners: readonly ListenerTally[];
}

export interface EstateSummary {
  /** Objects in the topology (nodes that are not ghosts). */
  readonly objects: number;
  /** Routes in the topology. */
  readonly routes: number;
  readonly attached: number;
  readonly rejected: ReasonTally;
  /** Parents with Routes, those with the most rejected Routes first. */
  readonly parents: readonly ParentTally[];
  /** References that do not resolve, by reason. */
  readonly unresolved: ReasonTally;
  /** Cross-namespace references no ReferenceGrant permits. */
  readonly missingGrants: ReasonTally;
  /** Objects whose reported status is stale. */
  readonly stale: ReasonTally;
}

/** The source of a summary: a topology's nodes and edges, each read once (arrays, a map's values). */
export interface SummarySource {
  readonly nodes: Iterable<TopologyNode>;
  readonly edges: Iterable<TopologyEdge>;
}

/** How many namespaces a reason names as the most affected. */
export const TOP_NAMESPACES = 5;

const ROUTE_KINDS: ReadonlySet<string> = new Set([
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
  'TCPRoute',
  'UDPRoute',
]);
const REFERENCE_TYPES: ReadonlySet<TopologyEdge['type']> = new Set([
  'class',
  'backend',
  'mirror',
  'certificate',
  'policy-target',
]);

/** Whether a node is a Route. */
function isRoute(node: TopologyNode): boolean {
  return ROUTE_KINDS.has(node.kind);
}

/** Counts of one figure: distinct objects (or references), by namespace. */
class FigureCount {
  readonly objects = new Set<string>();
  references = 0;
  readonly byNamespace = new Map<string, number>();

  add(id: string, namespace: string | undefined, distinct: boolean): void {
    if (distinct) {
      if (this.objects.has(id)) return;
      this.objects.add(id);
    } else this.references += 1;
    if (namespace !== undefined) this.byNamespace.set(namespace, (this.byNamespace.get(namespace) ?? 0) + 1);
  }

  count(distinct: boolean): number {
    return distinct ? this.objects.size : this.references;
  }
}

/** A figure as the passes write it, with absent fields undefined. */
type FigureFields = {
  readonly [Field in keyof SummaryFigure]?: SummaryFigure[Field] | undefined;
} & Pick<SummaryFigure, 'figure'>;

/** One figure met in a pass, with its count. */
interface Slot {
  readonly figure: SummaryFigure;
  readonly count: FigureCount;
}

/**
 * The figures met in one pass, each made once: an estate's edges meet a few hundred figures
 * hundreds of thousands of times, so a figure is looked up by a flat key rather than rebuilt.
 */
class FigureTable {
  readonly slots = new Map<string, Slot>();

  /** The slot of a figure, made when first met. */
  get(figure: FigureFields): Slot {
    const key = FigureTable.key(figure);
    let slot = this.slots.get(key);
    if (!slot) {
      const { figure: kind, reason, parent, listener } = figure;
      slot = {
        figure: {
          figure: kind,
          ...(reason === undefined ? {} : { reason }),
          ...(parent === undefined ? {} : { parent }),
          ...(listener === undefined ? {} : { listener }),
        },
        count: new FigureCount(),
      };
      this.slots.set(key, slot);
    }
    return slot;
  }

  /** The slot of a figure, if met. */
  find(figure: FigureFields): Slot | undefined {
    return this.slots.get(FigureTable.key(figure));
  }

  private static key(figure: FigureFields): string {
    // NUL separates: Kubernetes names and reason codes never hold it.
    return `${figure.figure}\0${figure.reason ?? ''}\0${figure.parent ?? ''}\0${figure.listener ?? ''}`;
  }
}

type Visit = (slot: Slot, owner: string) => void;

/**
 * The figures an edge falls in, each with the object it counts (the edge's owner): every figure a
 * summary shows or a link may ask for, totals included. The one rule both the counts and
 * `figureObjects` follow.
 */
function figuresOfEdge(edge: TopologyEdge, table: FigureTable, visit: Visit): void {
  const owner = edge.from;
  if (edge.type === 'parent') {
    if (edge.state !== 'accepted' && edge.state !== 'rejected') return;
    const figure = edge.state === 'accepted' ? 'attached' : 'rejected';
    const parent = edge.to;
    const listeners = edge.listeners ?? [];
    const reasons = figure === 'rejected' ? [undefined, edge.reason] : [undefined];
    for (const reason of reasons) {
      visit(table.get({ figure, reason }), owner);
      visit(table.get({ figure, reason, parent }), owner);
      for (const listener of listeners) visit(table.get({ figure, reason, parent, listener }), owner);
    }
    return;
  }
  if (!REFERENCE_TYPES.has(edge.type)) return;
  if (edge.state === 'unresolved') {
    visit(table.get({ figure: 'unresolved' }), owner);
    visit(table.get({ figure: 'unresolved', reason: edge.reason }), owner);
  }
  if (edge.missingGrant === true) {
    visit(table.get({ figure: 'missing-grant' }), owner);
    visit(table.get({ figure: 'missing-grant', reason: edge.type }), owner);
  }
}

/** The figures a node falls in by itself: a stale status, by the node's kind. */
function figuresOfNode(node: TopologyNode, table: FigureTable, visit: Visit): void {
  if (node.ghost || !node.stale) return;
  visit(table.get({ figure: 'stale' }), node.id);
  visit(table.get({ figure: 'stale', reason: node.kind }), node.id);
}

/** A figure as a string, for links: the fields in a fixed order, each escaped. */
export function figureKey(figure: SummaryFigure): string {
  return [figure.figure, figure.reason ?? '', figure.parent ?? '', figure.listener ?? '']
    .map(encodeURIComponent)
    .join('|');
}

const FIGURES: readonly SummaryFigure['figure'][] = [
  'attached',
  'rejected',
  'unresolved',
  'missing-grant',
  'stale',
];
/** Longer than any reason, node id or listener name a figure names (a link is typed by anyone). */
const MAX_FIELD = 1024;

/**
 * The figure `figureKey` wrote, or undefined for text it cannot have written: another number of
 * fields, an unknown figure, a field that does not decode or is too long, or a listener without
 * its parent.
 */
export function parseFigureKey(text: string): SummaryFigure | undefined {
  const fields = text.split('|');
  if (fields.length !== 4) return undefined;
  const decoded: string[] = [];
  for (const field of fields) {
    if (field.length > MAX_FIELD) return undefined;
    try {
      decoded.push(decodeURIComponent(field));
    } catch {
      return undefined;
    }
  }
  const [name = '', reason = '', parent = '', listener = ''] = decoded;
  const figure = FIGURES.find((each) => each === name);
  if (figure === undefined || (listener !== '' && parent === '')) return undefined;
  return {
    figure,
    ...(reason === '' ? {} : { reason }),
    ...(parent === '' ? {} : { parent }),
    ...(listener === '' ? {} : { listener }),
  };
}

/** The ids of the objects a figure counts (Routes, for `attached` and `rejected`). */
export function figureObjects(source: SummarySource, figure: SummaryFigure): ReadonlySet<string> {
  const objects = new Set<string>();
  const table = new FigureTable();
  const wanted = table.get(figure);
  const visit = (slot: Slot, owner: string): void => {
    if (slot === wanted) objects.add(owner);
  };
  for (const node of source.nodes) figuresOfNode(node, table, visit);
  for (const edge of source.edges) figuresOfEdge(edge, table, visit);
  return objects;
}

/** Which figures count distinct objects; the others count references. */
function isDistinct(figure: SummaryFigure['figure']): boolean {
  return figure === 'attached' || figure === 'rejected' || figure === 'stale';
}

function topNamespaces(byNamespace: ReadonlyMap<string, number>): NamespaceCount[] {
  return [...byNamespace]
    .map(([namespace, count]) => ({ namespace, count }))
    .sort((left, right) => right.count - left.count || left.namespace.localeCompare(right.namespace))
    .slice(0, TOP_NAMESPACES);
}

/** The estate summary of a topology. */
export function summarizeEstate(source: SummarySource): EstateSummary {
  const namespaceOf = new Map<string, string | undefined>();
  let objects = 0;
  let routes = 0;
  const table = new FigureTable();
  const add = (slot: Slot, owner: string): void =>
    slot.count.add(owner, namespaceOf.get(owner), isDistinct(slot.figure.figure));
  for (const node of source.nodes) {
    if (node.ghost) continue;
    objects += 1;
    namespaceOf.set(node.id, node.namespace);
    if (isRoute(node)) routes += 1;
    figuresOfNode(node, table, add);
  }
  for (const edge of source.edges) figuresOfEdge(edge, table, add);

  // The slots of each reason, under the figure without its reason: a tally reads only its own.
  const byReason = new Map<Slot, Slot[]>();
  for (const slot of [...table.slots.values()]) {
    if (slot.figure.reason === undefined) continue;
    const total = table.get({ ...slot.figure, reason: undefined });
    const list = byReason.get(total);
    if (list) list.push(slot);
    else byReason.set(total, [slot]);
  }
  const tally = (within: FigureFields): ReasonTally => {
    const distinct = isDistinct(within.figure);
    const reasons: ReasonCount[] = [];
    for (const { figure, count } of byReason.get(table.get(within)) ?? []) {
      if (figure.reason === undefined) continue;
      reasons.push({
        reason: figure.reason,
        count: count.count(distinct),
        namespaces: count.byNamespace.size,
        top: topNamespaces(count.byNamespace),
        figure,
      });
    }
    reasons.sort((left, right) => right.count - left.count || left.reason.localeCompare(right.reason));
    return {
      count: table.get(within).count.count(distinct),
      reasons,
      figure: table.get(within).figure,
    };
  };
  const attachedTo = (parent?: string, listener?: string): number =>
    table.find({ figure: 'attached', parent, listener })?.count.count(true) ?? 0;
  const listenersOf = new Map<string, Set<string>>();
  for (const { figure } of table.slots.values()) {
    if (figure.parent === undefined) continue;
    let listeners = listenersOf.get(figure.parent);
    if (!listeners) {
      listeners = new Set();
      listenersOf.set(figure.parent, listeners);
    }
    if (figure.listener !== undefined) listeners.add(figure.listener);
  }
  const parents = [...listenersOf]
    .map(([parent, listeners]): ParentTally => ({
      parent,
      attached: attachedTo(parent),
      rejected: tally({ figure: 'rejected', parent }),
      listeners: [...listeners].sort().map((listener) => ({
        listener,
        attached: attachedTo(parent, listener),
        rejected: tally({ figure: 'rejected', parent, listener }),
      })),
    }))
    .sort(
      (left, right) =>
        right.rejected.count - left.rejected.count ||
        right.attached - left.attached ||
        left.parent.localeCompare(right.parent),
    );

  return {
    objects,
    routes,
    attached: attachedTo(),
    rejected: tally({ figure: 'rejected' }),
    parents,
    unresolved: tally({ figure: 'unresolved' }),
    missingGrants: tally({ figure: 'missing-grant' }),
    stale: tally({ figure: 'stale' }),
  };
}
