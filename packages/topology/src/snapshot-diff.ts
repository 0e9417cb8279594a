/**
 * Deltas between topology snapshots: what a client holding one snapshot needs to hold the next.
 * An item is sent again when its JSON differs from what the client holds, so the delta carries
 * exactly the items whose wire form changed. Applying the delta of `a` and `b` to `a` gives `b`
 * (its items, by id; see snapshot-diff.test.ts).
 */
import type { Finding } from './findings.ts';
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

/** The snapshot after a delta: its removals first, then its upserts (new ids after the others). */
export function applyDelta(snapshot: TopologySnapshot, delta: TopologyDelta): TopologySnapshot {
  return {
    nodes: applyChanges(snapshot.nodes, delta.upsertNodes, delta.removeNodes),
    edges: applyChanges(snapshot.edges, delta.upsertEdges, delta.removeEdges),
    findings: applyChanges(snapshot.findings, delta.upsertFindings, delta.removeFindings),
  };
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

function applyChanges<Item extends Keyed>(
  items: readonly Item[],
  upserts: readonly Item[],
  removals: readonly string[],
): Item[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  for (const id of removals) byId.delete(id);
  for (const item of upserts) byId.set(item.id, item);
  return [...byId.values()];
}
