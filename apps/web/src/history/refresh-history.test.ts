import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { HistoryEntry } from '@gatemap/topology';
import { historyEntries } from '../test/history-builders.ts';
import { changesKey, refreshHistory, timelineKey } from './refresh-history.ts';

describe('refreshing history from the stream', () => {
  it('refreshes the timelines of the objects new entries are about, and every Changes view', () => {
    const client = new QueryClient();
    const [changed] = historyEntries() as [HistoryEntry];
    const keys = {
      gateway: timelineKey('demo', 'Gateway/infra/web'),
      gatewayAnyCluster: timelineKey(undefined, 'Gateway/infra/web'),
      route: timelineKey('demo', 'HTTPRoute/shop/web'),
      otherCluster: timelineKey('prod', 'Gateway/infra/web'),
      changes: changesKey({ cluster: undefined, since: '2026-12-06T10:00:00.000Z', problems: false }),
    };
    for (const key of Object.values(keys)) client.setQueryData(key, { pages: [], pageParams: [] });
    refreshHistory(client, [changed]);
    const invalidated = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    expect(invalidated(keys.gateway)).toBe(true);
    expect(invalidated(keys.gatewayAnyCluster)).toBe(true);
    expect(invalidated(keys.changes)).toBe(true);
    expect(invalidated(keys.route)).toBe(false);
    expect(invalidated(keys.otherCluster)).toBe(false);
  });

  it('fetches a timeline once more when its entries arrive while a fetch of it is running', async () => {
    const client = new QueryClient();
    const [changed] = historyEntries() as [HistoryEntry];
    const finish: (() => void)[] = [];
    let fetches = 0;
    const unsubscribe = new QueryObserver(client, {
      queryKey: timelineKey(changed.cluster, changed.key),
      queryFn: () => {
        fetches += 1;
        return new Promise<number>((resolve) => finish.push(() => resolve(fetches)));
      },
    }).subscribe(() => undefined);
    await vi.waitFor(() => expect(fetches).toBe(1));
    // The entries were written after this fetch read the store: its answer lacks them.
    refreshHistory(client, [changed]);
    expect(fetches).toBe(1);
    finish.shift()!();
    await vi.waitFor(() => expect(fetches).toBe(2));
    finish.shift()!();
    unsubscribe();
  });
});
