import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEntry, ObjectKey } from '@gatemap/topology';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedBatch } from './history-recorder.ts';
import { HistoryStore } from './history-store.ts';

const stores: HistoryStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function open(path = ':memory:'): HistoryStore {
  const store = new HistoryStore(path);
  stores.push(store);
  return store;
}

const T0 = Date.parse('2026-12-01T00:00:00Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();

function objectEntry(seq: number, at: string, key = 'Service/shop/api', pad = 0): HistoryEntry {
  return {
    type: 'object',
    cluster: 'prod',
    seq,
    at,
    key: key as ObjectKey,
    change: 'changed',
    fields: [{ path: 'metadata.annotations.note', before: 'a', after: 'x'.repeat(pad) }],
    mentions: [],
  };
}

function batch(entries: HistoryEntry[], versions: RecordedBatch['versions'] = []): RecordedBatch {
  return { entries, versions };
}

describe('history store', () => {
  it('pages newest first, by object, within time bounds', () => {
    const store = open();
    store.write([
      batch(
        Array.from({ length: 25 }, (_, index) =>
          objectEntry(index + 1, iso(index * 1000), index % 2 ? 'Service/shop/api' : 'Service/shop/web'),
        ),
      ),
    ]);
    const first = store.page({ cluster: 'prod', limit: 10 });
    expect(first.entries.map((entry) => entry.seq)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
    const second = store.page({ cluster: 'prod', limit: 10, cursor: first.next! });
    expect(second.entries[0]?.seq).toBe(15);
    const last = store.page({ cluster: 'prod', limit: 10, cursor: '5' });
    expect(last).toEqual({ entries: expect.any(Array) });
    expect(last.entries).toHaveLength(4);
    const api = store.page({ cluster: 'prod', key: 'Service/shop/api' as ObjectKey, limit: 100 });
    expect(api.entries.every((entry) => entry.key === 'Service/shop/api')).toBe(true);
    const bounded = store.page({ cluster: 'prod', since: iso(5000), until: iso(7000), limit: 100 });
    expect(bounded.entries.map((entry) => entry.seq)).toEqual([8, 7, 6]);
    expect(store.page({ cluster: 'other', limit: 10 }).entries).toEqual([]);
  });

  it('keeps everything across a reopen of the file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gatemap-history-')), 'history.sqlite');
    const store = open(path);
    store.write([
      batch(
        [objectEntry(1, iso(0))],
        [
          {
            cluster: 'prod',
            key: 'Service/shop/api' as ObjectKey,
            seq: 1,
            at: iso(0),
            json: '{"kind":"Service"}',
          },
        ],
      ),
    ]);
    store.markBaseline('prod', iso(0));
    store.close();
    stores.splice(0);
    const reopened = open(path);
    expect(reopened.page({ cluster: 'prod', limit: 10 }).entries).toEqual([objectEntry(1, iso(0))]);
    expect(reopened.lastSeq('prod')).toBe(1);
    expect(reopened.horizon('prod')).toBe(iso(0));
    expect(reopened.latestPrints('prod').size).toBe(1);
  });

  it('drops entries older than the retention, and keeps the versions a rebuild at the horizon needs', () => {
    const store = open();
    const version = (key: string, at: number, json: string | null) => ({
      cluster: 'prod',
      key: key as ObjectKey,
      seq: 0,
      at: iso(at),
      json,
    });
    store.write([
      batch(
        [objectEntry(1, iso(0)), objectEntry(2, iso(10_000)), objectEntry(3, iso(20_000))],
        [
          version('Service/shop/api', 0, '{"v":1}'),
          version('Service/shop/api', 5_000, '{"v":2}'),
          version('Service/shop/api', 15_000, '{"v":3}'),
          version('Service/shop/gone', 1_000, '{"v":1}'),
          version('Service/shop/gone', 2_000, null),
        ],
      ),
    ]);
    store.markBaseline('prod', iso(0));
    store.prune({ retentionMs: 12_000, maxBytes: 1e9 }, T0 + 24_000);
    expect(store.page({ cluster: 'prod', limit: 10 }).entries.map((entry) => entry.seq)).toEqual([3]);
    expect(store.horizon('prod')).toBe(iso(12_000));
    expect(store.objectsAt('prod', iso(12_000))).toEqual([{ v: 2 }]);
    expect(store.objectsAt('prod', iso(16_000))).toEqual([{ v: 3 }]);
  });

  it('stops growing at the size bound, oldest dropped first', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gatemap-history-')), 'history.sqlite');
    const store = open(path);
    const maxBytes = 512 * 1024;
    let seq = 0;
    const sizes: number[] = [];
    for (let round = 0; round < 40; round++) {
      const entries = Array.from({ length: 50 }, () => objectEntry(++seq, iso(seq), 'Service/shop/api', 400));
      store.write([batch(entries)]);
      store.prune({ retentionMs: 1e12, maxBytes }, T0 + seq);
      expect(store.usedBytes()).toBeLessThanOrEqual(maxBytes);
      sizes.push(statSync(path).size);
    }
    const newest = store.page({ cluster: 'prod', limit: 1 }).entries[0];
    expect(newest?.seq).toBe(seq);
    expect(store.page({ cluster: 'prod', cursor: '2', limit: 1 }).entries).toEqual([]);
    // Freed pages are reused: the file stays about the bound (plus the pages freed but not yet reused).
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1.25 * maxBytes);
  });
});
