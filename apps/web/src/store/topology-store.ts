/**
 * The live store the map reads: the snapshot from `GET /api/topology`, then the stream's events.
 * Deltas are queued and applied together once per animation frame, so a burst of events costs one
 * state change and one render, not one per event. Components read it through `useTopologyStore`.
 */
import {
  applyDeltas,
  type ClusterStatus,
  type EstateOverview,
  type StreamDelta,
  type SummaryResponse,
  type TopologyResponse,
} from '@gatemap/topology';
import { EMPTY_STATE, stateFromSnapshot, type TopologyState } from './topology-state.ts';

/** Runs a callback soon, once; returns a function that cancels it. */
export type FrameScheduler = (callback: () => void) => () => void;

/** Once per animation frame; a backstop timer keeps hidden tabs (no frames) from piling deltas up. */
const animationFrameScheduler: FrameScheduler = (callback) => {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    callback();
  };
  const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : undefined;
  const timer = setTimeout(run, 250);
  return () => {
    done = true;
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
};

export class TopologyStore {
  private state: TopologyState = EMPTY_STATE;
  private readonly listeners = new Set<() => void>();
  private queue: StreamDelta[] = [];
  private cancelFlush: (() => void) | undefined;
  private readonly schedule: FrameScheduler;

  constructor(schedule: FrameScheduler = animationFrameScheduler) {
    this.schedule = schedule;
  }

  readonly getState = (): TopologyState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Replaces the state with a snapshot. Unless `always`, a snapshot at the revision already held
   * (the stream's first event right after the initial fetch) changes nothing and is ignored; a
   * snapshot after a reconnect is always taken, since a restarted server counts revisions anew —
   * so is one whose revision is lower than the state's (a new server run).
   */
  replace(snapshot: TopologyResponse, always = false): void {
    if (!always && this.state.loaded && snapshot.revision === this.state.revision) {
      this.setClusters(snapshot.clusters);
      return;
    }
    // Queued deltas belong to the history before this snapshot, unless they lead past it. After a
    // restart (the snapshot is behind what was held) they all belong to the previous run.
    const restarted = this.state.loaded && snapshot.revision < this.state.revision;
    this.queue = restarted ? [] : this.queue.filter((delta) => delta.revision > snapshot.revision);
    this.commit(stateFromSnapshot(snapshot));
    if (this.queue.length > 0) this.cancelFlush ??= this.schedule(() => this.flush());
  }

  /**
   * Shows the big picture the server sent ahead of the topology, and the summary that came with
   * it, until the topology is loaded.
   */
  preview(overview: EstateOverview, summary?: SummaryResponse): void {
    if (this.state.loaded) return;
    this.commit({ ...this.state, preview: overview, previewSummary: summary });
  }

  /** Queues a delta; all deltas queued before the next frame are applied in one pass. */
  enqueue(delta: StreamDelta): void {
    this.queue.push(delta);
    this.cancelFlush ??= this.schedule(() => this.flush());
  }

  /** Applies queued deltas now (the frame scheduler calls this; tests may too). */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    if (this.queue.length === 0 || !this.state.loaded) return;
    const batch = this.queue;
    this.queue = [];
    this.commit(applyDeltas(this.state, batch));
  }

  setClusters(clusters: readonly ClusterStatus[]): void {
    if (clusters === this.state.clusters) return;
    this.commit({ ...this.state, clusters });
  }

  private commit(next: TopologyState): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
