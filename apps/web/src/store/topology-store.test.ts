import { describe, expect, it, vi } from 'vitest';
import type { TopologyResponse } from '@gatemap/topology';
import { TopologyStore, type FrameScheduler } from './topology-store.ts';
import { streamDelta, topologyNode } from '../test/topology-builders.ts';

function manualScheduler(): { schedule: FrameScheduler; runFrame: () => void; pending: () => number } {
  let callbacks: (() => void)[] = [];
  return {
    schedule: (callback) => {
      callbacks.push(callback);
      return () => {
        callbacks = callbacks.filter((item) => item !== callback);
      };
    },
    runFrame: () => {
      const due = callbacks;
      callbacks = [];
      for (const callback of due) callback();
    },
    pending: () => callbacks.length,
  };
}

const a = topologyNode({ kind: 'HTTPRoute', namespace: 'ns', name: 'a' });
const b = topologyNode({ kind: 'HTTPRoute', namespace: 'ns', name: 'b' });
const c = topologyNode({ kind: 'HTTPRoute', namespace: 'ns', name: 'c' });
const snapshot: TopologyResponse = { revision: 5, clusters: [], nodes: [a], edges: [], findings: [] };

describe('TopologyStore', () => {
  it('applies all deltas that arrive within a frame in one change', () => {
    const frames = manualScheduler();
    const store = new TopologyStore(frames.schedule);
    store.replace(snapshot);
    const listener = vi.fn();
    store.subscribe(listener);

    store.enqueue(streamDelta({ revision: 6, upsertNodes: [b] }));
    store.enqueue(streamDelta({ revision: 7, upsertNodes: [c] }));
    expect(frames.pending()).toBe(1);
    expect(store.getState().nodes.size).toBe(1);

    frames.runFrame();
    expect(listener).toHaveBeenCalledTimes(1);
    expect([...store.getState().nodes.keys()]).toEqual([a.id, b.id, c.id]);
    expect(store.getState().revision).toBe(7);
  });

  it('replaces everything on a snapshot and drops queued deltas it already covers', () => {
    const frames = manualScheduler();
    const store = new TopologyStore(frames.schedule);
    store.replace(snapshot);
    store.enqueue(streamDelta({ revision: 6, upsertNodes: [b] }));
    store.enqueue(streamDelta({ revision: 9, upsertNodes: [c] }));
    store.replace({ ...snapshot, revision: 8, nodes: [a] });
    frames.runFrame();
    expect([...store.getState().nodes.keys()]).toEqual([a.id, c.id]);
    expect(store.getState().revision).toBe(9);
  });

  it('ignores a snapshot at the revision it already holds (the stream repeating the fetch)', () => {
    const store = new TopologyStore(manualScheduler().schedule);
    store.replace(snapshot);
    const before = store.getState();
    store.replace({ ...snapshot, nodes: [] });
    expect(store.getState().nodes).toBe(before.nodes);
    store.replace({ ...snapshot, nodes: [] }, true);
    expect(store.getState().nodes.size).toBe(0);
  });

  it("takes a snapshot from a restarted server (lower revision) and drops the old run's queued deltas", () => {
    const frames = manualScheduler();
    const store = new TopologyStore(frames.schedule);
    store.replace({ ...snapshot, revision: 120, nodes: [a, b] });
    store.enqueue(streamDelta({ revision: 121, upsertNodes: [c] }));
    // The new run counts from 1; its snapshot arrives as the stream's first event (not forced).
    store.replace({ ...snapshot, revision: 2, nodes: [b] });
    frames.runFrame();
    expect([...store.getState().nodes.keys()]).toEqual([b.id]);
    expect(store.getState().revision).toBe(2);
    store.enqueue(streamDelta({ revision: 3, upsertNodes: [a] }));
    frames.runFrame();
    expect([...store.getState().nodes.keys()]).toEqual([b.id, a.id]);
    expect(store.getState().revision).toBe(3);
  });

  it('holds deltas until the first snapshot has loaded', () => {
    const frames = manualScheduler();
    const store = new TopologyStore(frames.schedule);
    store.enqueue(streamDelta({ revision: 6, upsertNodes: [b] }));
    frames.runFrame();
    expect(store.getState().loaded).toBe(false);
    store.replace(snapshot);
    store.flush();
    expect([...store.getState().nodes.keys()]).toEqual([a.id, b.id]);
  });
});
