import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
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
});
