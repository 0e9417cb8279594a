import type { Query, QueryClient } from '@tanstack/react-query';
import type { HistoryEntry } from '@gatemap/topology';

/** The query key of an object's timeline. */
export function timelineKey(cluster: string | undefined, key: string): readonly unknown[] {
  return ['history', 'object', cluster, key];
}

/** The query key of a Changes view. */
export function changesKey(input: {
  readonly cluster: string | undefined;
  readonly since: string;
  readonly problems: boolean;
}): readonly unknown[] {
  return ['history', 'changes', input.cluster, input.since, input.problems];
}

/**
 * Refreshes the history queries that new entries (the stream's `history` event) belong in: the
 * timelines of the objects they are about, and every Changes view. A refresh already running is
 * not restarted, so that a burst of events costs a query one fetch, not one per event; since it
 * may have started before these entries were written, the query is fetched once more after it.
 */
export function refreshHistory(client: QueryClient, entries: readonly HistoryEntry[]): void {
  const keys = new Set(entries.map((entry) => `${entry.cluster}\u0000${entry.key}`));
  const clusters = new Set(entries.map((entry) => entry.cluster));
  const filters = {
    queryKey: ['history'],
    predicate: (query: Query) => {
      const [, scope, cluster, key] = query.queryKey;
      if (scope !== 'object') return true;
      // A timeline asked without a cluster (one served) takes entries of any.
      return cluster === undefined
        ? [...clusters].some((name) => keys.has(`${name}\u0000${String(key)}`))
        : keys.has(`${String(cluster)}\u0000${String(key)}`);
    },
  };
  for (const query of client.getQueryCache().findAll(filters)) {
    const running = query.state.fetchStatus === 'fetching' ? query.promise : undefined;
    if (running === undefined) continue;
    const again = () =>
      void client.invalidateQueries({ queryKey: query.queryKey, exact: true }, { cancelRefetch: false });
    running.then(again, again);
  }
  void client.invalidateQueries(filters, { cancelRefetch: false });
}

/**
 * Refreshes every history query when the stream (re)connects: the stream does not replay
 * `history` events (GET /api/history keeps them), so entries recorded while it was not connected,
 * such as between the snapshot's fetch and the stream's first connection, would be missed. A fetch
 * already running is restarted, since it may have started before those entries were written.
 */
export function refreshAllHistory(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: ['history'] });
}
