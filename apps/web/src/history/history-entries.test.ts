import { describe, expect, it } from 'vitest';
import type { HistoryEntry, ObjectKey, TopologyNode } from '@gatemap/topology';
import { topologyNode } from '../test/topology-builders.ts';
import {
  changesList,
  describeEntry,
  formatValue,
  isProblem,
  NO_FILTER,
  nodeIdOf,
} from './history-entries.ts';
import { historyEntries } from '../test/history-builders.ts';

describe('history entries in the map', () => {
  const [changed, broke, recovered, older] = historyEntries() as [
    HistoryEntry,
    HistoryEntry,
    HistoryEntry,
    HistoryEntry,
  ];

  it('counts a verdict that broke or does not work as a problem, an object change not', () => {
    expect([changed, broke, recovered].map(isProblem)).toEqual([false, true, false]);
  });

  it('lists problems first, then newest, each entry once', () => {
    const listed = changesList([older, changed, recovered, broke, broke], NO_FILTER);
    expect(listed.map((entry) => entry.seq)).toEqual([broke.seq, recovered.seq, changed.seq, older.seq]);
  });

  it('filters by kind, namespace, text and problems only', () => {
    const all = [changed, broke, recovered, older];
    expect(changesList(all, { ...NO_FILTER, kind: 'Gateway' }).map((entry) => entry.seq)).toEqual([
      changed.seq,
    ]);
    expect(changesList(all, { ...NO_FILTER, namespace: 'shop' }).map((entry) => entry.key)).not.toContain(
      'Gateway/infra/web',
    );
    expect(changesList(all, { ...NO_FILTER, text: 'hostname' })).toEqual([]);
    expect(changesList(all, { ...NO_FILTER, text: 'NotAllowed' }).map((entry) => entry.seq)).toEqual([
      broke.seq,
    ]);
    expect(changesList(all, { ...NO_FILTER, problemsOnly: true }).map((entry) => entry.seq)).toEqual([
      broke.seq,
    ]);
  });

  it('words an object change and a field value', () => {
    expect(describeEntry(changed)).toBe('Gateway infra/web changed');
    expect(formatValue(undefined)).toBe('—');
    expect(formatValue('All')).toBe('All');
    expect(formatValue({ from: 'Same' })).toBe('{"from":"Same"}');
  });

  it('finds the node of a key, prefixed with its cluster when the server serves several', () => {
    const key = 'Gateway/infra/web' as ObjectKey;
    const node = topologyNode({ kind: 'Gateway', namespace: 'infra', name: 'web', cluster: 'prod' });
    const single = new Map<string, TopologyNode>([[key, node]]);
    expect(nodeIdOf(single, 'prod', key)).toBe(key);
    expect(nodeIdOf(single, 'staging', key)).toBeUndefined();
    const several = new Map<string, TopologyNode>([[`prod:${key}`, { ...node, id: `prod:${key}` }]]);
    expect(nodeIdOf(several, 'prod', key)).toBe(`prod:${key}`);
  });
});
