/**
 * Deltas between topology snapshots: what a client holding one snapshot needs to hold the next.
 * An item is sent again when its JSON differs from what the client holds, so the delta carries
 * exactly the items whose wire form changed. Applying the delta of `a` and `b` to `a` gives `b`
 * (its items, by id; see snapshot-diff.test.ts).
 */
import type { Finding } from './findings.ts';
import type { StreamDelta } from './api.ts';
import type { TopologyDelta, TopologyEdge, TopologyNode, TopologySnapshot } from './protocol.ts';

interface Keyed {
  readonly id: string;
}

/**
 * The snapshot one client holds, as the JSON of each item by id, to tell what changed in the
 * next. Kept as JSON: comparing the next snapshot costs one stringify per item, not two.
 */
export class SnapshotDiffer {
  private readonly nodes = new Map<string, string>();
  private readonly edges = new Map<string, string>();
  private readonly findings = new Map<string, string>();

  /** The client was sent this snapshot whole. */
  reset(snapshot: TopologySnapshot): void {
    resetTo(this.nodes, snapshot.nodes);
    resetTo(this.edges, snapshot.edges);
    resetTo(this.findings, snapshot.findings);
  }

  /** The delta from the snapshot held to this one, which the client is then taken to hold. */
  next(snapshot: TopologySnapshot): TopologyDelta {
    return {
      upsertNodes: changed<TopologyNode>(this.nodes, snapshot.nodes),
      removeNodes: removed(this.nodes, snapshot.nodes),
      upsertEdges: changed<TopologyEdge>(this.edges, snapshot.edges),
      removeEdges: removed(this.edges, snapshot.edges),
      upsertFindings: changed<Finding>(this.findings, snapshot.findings),
      removeFindings: removed(this.findings, snapshot.findings),
    };
  }
}

/** The delta that turns `from` into `to`. */
export function diffSnapshots(from: TopologySnapshot, to: TopologySnapshot): TopologyDelta {
  const differ = new SnapshotDiffer();
  differ.reset(from);
  return differ.next(to);
}

/**
 * A topology held as items by id, as a client keeps it: nodes, edges and findings, and the
 * revision of the last snapshot or delta applied.
 */
export interface HeldTopology {
  readonly revision: number;
  readonly nodes: ReadonlyMap<string, TopologyNode>;
  readonly edges: ReadonlyMap<string, TopologyEdge>;
  readonly findings: ReadonlyMap<string, Finding>;
}

/**
 * Applies a batch of stream deltas in one pass: each delta's removals, then its upserts, in
 * revision order. Deltas at or below the held revision were applied already (a stream may replay
 * them after a reconnect) and are skipped. A collection that did not change keeps its identity,
 * as does every item that did not change; nothing changed returns `held` itself.
 */
export function applyDeltas<Held extends HeldTopology>(held: Held, deltas: readonly StreamDelta[]): Held {
  const fresh = deltas
    .filter((delta) => delta.revision > held.revision)
    .sort((left, right) => left.revision - right.revision);
  const last = fresh.at(-1);
  if (last === undefined) return held;
  return {
    ...held,
    revision: last.revision,
    nodes: applyChanges(
      held.nodes,
      fresh.map((delta) => [delta.upsertNodes, delta.removeNodes] as const),
    ),
    edges: applyChanges(
      held.edges,
      fresh.map((delta) => [delta.upsertEdges, delta.removeEdges] as const),
    ),
    findings: applyChanges(
      held.findings,
      fresh.map((delta) => [delta.upsertFindings, delta.removeFindings] as const),
    ),
  };
}

/** The snapshot after a delta (its items by id; new ids after the others). */
export function applyDelta(snapshot: TopologySnapshot, delta: TopologyDelta): TopologySnapshot {
  const held = applyDeltas(
    {
      revision: 0,
      nodes: byId(snapshot.nodes),
      edges: byId(snapshot.edges),
      findings: byId(snapshot.findings),
    },
    [{ ...delta, revision: 1 }],
  );
  return {
    nodes: [...held.nodes.values()],
    edges: [...held.edges.values()],
    findings: [...held.findings.values()],
  };
}

function byId<Item extends Keyed>(items: readonly Item[]): ReadonlyMap<string, Item> {
  return new Map(items.map((item) => [item.id, item]));
}

function resetTo(held: Map<string, string>, items: readonly Keyed[]): void {
  held.clear();
  for (const item of items) held.set(item.id, JSON.stringify(item));
}

/** Items whose JSON differs from what is held, which are then held. */
function changed<Item extends Keyed>(held: Map<string, string>, next: readonly Item[]): Item[] {
  const out: Item[] = [];
  for (const item of next) {
    const json = JSON.stringify(item);
    if (held.get(item.id) !== json) {
      held.set(item.id, json);
      out.push(item);
    }
  }
  return out;
}

/** Ids held that are no longer there, which are then forgotten. */
function removed(held: Map<string, string>, next: readonly Keyed[]): string[] {
  const keep = new Set(next.map((item) => item.id));
  const out: string[] = [];
  for (const id of held.keys()) {
    if (!keep.has(id)) {
      out.push(id);
      held.delete(id);
    }
  }
  return out;
}

/** Copies the map once, on the first real change; later deltas in the batch win. */
function applyChanges<Item extends Keyed>(
  current: ReadonlyMap<string, Item>,
  changes: readonly (readonly [readonly Item[], readonly string[]])[],
): ReadonlyMap<string, Item> {
  let next: Map<string, Item> | undefined;
  const writable = (): Map<string, Item> => (next ??= new Map(current));
  for (const [upserts, removals] of changes) {
    for (const id of removals) {
      if ((next ?? current).has(id)) writable().delete(id);
    }
    for (const item of upserts) {
      if ((next ?? current).get(item.id) !== item) writable().set(item.id, item);
    }
  }
  return next ?? current;
}
