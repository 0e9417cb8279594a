import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Change, ObjectKey } from '@gatemap/topology';
import { ChangeBatcher } from './change-batcher.ts';

const del = (name: string): Change => ({ type: 'delete', key: `Service/ns/${name}` as ObjectKey });

describe('ChangeBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('coalesces watch changes within the window into one call', () => {
    const calls: Change[][] = [];
    const batcher = new ChangeBatcher((changes) => calls.push(changes), 10);
    batcher.add([del('a')], false);
    vi.advanceTimersByTime(5);
    batcher.add([del('b')], false);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(5);
    expect(calls).toEqual([[del('a'), del('b')]]);
  });

  it('delivers a LIST page at once, after what was queued before it', () => {
    const calls: Change[][] = [];
    const batcher = new ChangeBatcher((changes) => calls.push(changes), 10);
    batcher.add([del('event')], false);
    batcher.add([del('page-1'), del('page-2')], true);
    expect(calls).toEqual([[del('event'), del('page-1'), del('page-2')]]);
    vi.advanceTimersByTime(20);
    expect(calls).toHaveLength(1);
  });

  it('delivers nothing after close', () => {
    const calls: Change[][] = [];
    const batcher = new ChangeBatcher((changes) => calls.push(changes), 10);
    batcher.add([del('a')], false);
    batcher.close();
    batcher.add([del('b')], true);
    vi.advanceTimersByTime(20);
    expect(calls).toEqual([]);
  });
});
