/**
 * Applies a batch of stream deltas to the map's state in one pass. Deltas at or below the state's
 * revision were already applied (the stream may replay them after a reconnect) and are skipped.
 * Returns the same state when nothing changed.
 */
import type { StreamDelta } from '@gatemap/topology';
import type { TopologyState } from './topology-state.ts';

interface Keyed {
  readonly id: string;
}

export function applyDeltas(state: TopologyState, deltas: readonly StreamDelta[]): TopologyState {
  const fresh = deltas
    .filter((delta) => delta.revision > state.revision)
    .sort((left, right) => left.revision - right.revision);
  if (fresh.length === 0) return state;
  const nodes = applyUpserts(
    state.nodes,
    fresh.map((delta) => [delta.upsertNodes, delta.removeNodes] as const),
  );
  const edges = applyUpserts(
    state.edges,
    fresh.map((delta) => [delta.upsertEdges, delta.removeEdges] as const),
  );
  const findings = applyUpserts(
    state.findings,
    fresh.map((delta) => [delta.upsertFindings, delta.removeFindings] as const),
  );
  const revision = fresh[fresh.length - 1]?.revision ?? state.revision;
  return { ...state, revision, nodes, edges, findings };
}

/** Copies the map once, on the first real change; later deltas in the batch win. */
function applyUpserts<Entry extends Keyed>(
  current: ReadonlyMap<string, Entry>,
  changes: readonly (readonly [readonly Entry[], readonly string[]])[],
): ReadonlyMap<string, Entry> {
  let next: Map<string, Entry> | undefined;
  const writable = (): Map<string, Entry> => (next ??= new Map(current));
  for (const [upserts, removals] of changes) {
    for (const id of removals) {
      if ((next ?? current).has(id)) writable().delete(id);
    }
    for (const entry of upserts) {
      if ((next ?? current).get(entry.id) !== entry) writable().set(entry.id, entry);
    }
  }
  return next ?? current;
}
