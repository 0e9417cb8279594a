/**
 * The server's domain service: one engine and topology view per cluster, a revision log of
 * deltas for resuming streams (`revision-log.ts`), the subscribers that receive them, and what
 * each viewer is sent, with ids as the map sees them (`wire-ids.ts`): the admin everything, a
 * share link its scoped view and a feed of its own (`sharedView`, `sharedFeed`). Framework-free;
 * the Fastify plugin in plugins/hub.ts wraps it.
 */
import {
  isEmptyDelta,
  scopeHistory,
  type AnalyzerOptions,
  scopeView,
  streamFrame,
  type ShareNames,
  type SharedScope,
  type ShareScope,
  SnapshotDiffer,
  TopologyEngine,
  TopologyView,
  type Change,
  type ClusterStatus,
  type DecodedObject,
  type Finding,
  type HistoryEntry,
  type StreamDelta,
  type TopologyEdge,
  type TopologyNode,
  type TopologyResponse,
  type TopologySnapshot,
} from '@gatemap/topology';
import type { HistoryService } from './history/history-service.ts';
import { RevisionLog } from './revision-log.ts';
import { WireIds } from './wire-ids.ts';

export interface HubEvent {
  readonly type: 'delta' | 'clusters' | 'history';
  readonly revision: number;
  /** The cluster a delta came from. */
  readonly cluster?: string;
  /** Pre-serialized SSE frame, encoded once and shared by every subscriber. */
  readonly frame: Buffer;
  /** A history event's entries, for feeds that scope them. */
  readonly entries?: readonly HistoryEntry[];
}

export type Subscriber = (event: HubEvent) => void;

/** What a share scope sees of one cluster. */
export interface SharedView {
  /** The topology with wire ids; every part has passed `names`. */
  readonly topology: TopologyResponse;
  /** Keys of every visible node (in scope, or related to what is). */
  readonly visible: ReadonlySet<string>;
  /** Keys of the nodes in scope themselves. */
  readonly inScope: ReadonlySet<string>;
  /** Keys shown only as a reference a Route in scope wrote, without permission (see share-scope.ts). */
  readonly referenceOnly: ReadonlySet<string>;
  /** The scoping step: anything else sent to the link (object details) must pass it too. */
  readonly names: ShareNames;
}

/** What a share link shows: one cluster (the first when it names none), namespaces, maybe Routes. */
export type LinkScope = Pick<SharedScope, 'cluster' | 'namespaces' | 'routes'>;

/** One stream's frames, for whoever is looking (see `adminFeed`, `sharedFeed`). */
export interface StreamFeed {
  /** Frames that start a resumed stream instead of a snapshot: the deltas its client missed. */
  readonly resumed?: Buffer;
  /**
   * A snapshot frame; later frames follow it. A shared one is a single Buffer sent to every stream
   * (the budget counts it once).
   */
  snapshot():
    { readonly frame: Buffer; readonly shared: true } | { readonly frame: string; readonly shared: false };
  /** The frame an event makes for this stream, if it changes what its client sees. */
  frameFor(event: HubEvent): Buffer | string | undefined;
}

interface ClusterState {
  readonly name: string;
  readonly engine: TopologyEngine;
  readonly view: TopologyView;
  status: ClusterStatus;
  events: number;
  lastEventAt: number | undefined;
  firstSyncAt: number | undefined;
}

export interface HubOptions {
  /** Deltas kept for resuming streams (default 10,000). */
  readonly logSize?: number;
  /**
   * At most this many characters of frames are kept for resuming streams (default 4 MiB): a client
   * that missed more gets a snapshot instead. Initial LIST pages publish deltas of hundreds of
   * objects each; replaying many of those costs more than a snapshot.
   */
  readonly logChars?: number;
  /** Prefix ids with `<cluster>:` (when more than one cluster is served). */
  readonly prefixIds?: boolean;
  /** Records each cluster's history (history/history-service.ts); none with `--no-history`. */
  readonly history?: HistoryService;
}

type SnapshotObjects = Pick<TopologyResponse, 'nodes' | 'edges' | 'findings'>;

export class TopologyHub {
  private readonly clusters = new Map<string, ClusterState>();
  private readonly subscribers = new Set<Subscriber>();
  private readonly log: RevisionLog<HubEvent>;
  /** Ids on the wire (prefixed with the cluster when several are served). */
  private readonly wire: WireIds;
  readonly history: HistoryService | undefined;
  private revisionCounter = 0;
  /** Advances when a cluster's status changes (which does not advance the revision). */
  private statusVersion = 0;
  private lastSnapshotFrame: { readonly key: string; readonly frame: WeakRef<Buffer> } | undefined;
  private lastSnapshot: { readonly revision: number; readonly objects: WeakRef<SnapshotObjects> } | undefined;
  /**
   * Event ids are `<boot>.<revision>`: a client that resumes with an id from an earlier run of
   * the server (whose revisions started again at 1) gets a snapshot, not silence.
   */
  readonly boot = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  /** Slow stream clients dropped to a fresh snapshot (kept here for metrics). */
  streamResets = 0;
  /** Time spent applying batches, for metrics: [count, sum in seconds]. */
  readonly applyStats = { batches: 0, seconds: 0, events: 0 };

  constructor(options: HubOptions = {}) {
    this.log = new RevisionLog({
      size: options.logSize ?? 10_000,
      chars: options.logChars ?? 4 * 1024 * 1024,
    });
    this.wire = new WireIds({ prefixIds: options.prefixIds ?? false });
    this.history = options.history;
    this.history?.onEntries((cluster, entries) => this.publishHistory(cluster, entries));
  }

  get revision(): number {
    return this.revisionCounter;
  }

  addCluster(status: ClusterStatus, options: AnalyzerOptions = {}): void {
    const engine = new TopologyEngine(options);
    this.clusters.set(status.name, {
      name: status.name,
      engine,
      view: new TopologyView(engine),
      status,
      events: 0,
      lastEventAt: undefined,
      firstSyncAt: undefined,
    });
  }

  clusterNames(): string[] {
    return [...this.clusters.keys()];
  }

  engineOf(cluster: string): TopologyEngine | undefined {
    return this.clusters.get(cluster)?.engine;
  }

  /**
   * A cluster's current objects, decoded, with the options its analysis runs with (to analyze
   * them elsewhere as here); undefined for a cluster not served. O(objects).
   */
  currentObjects(
    cluster: string,
  ): { readonly objects: DecodedObject[]; readonly options: AnalyzerOptions } | undefined {
    const engine = this.clusters.get(cluster)?.engine;
    return engine && { objects: [...engine.allObjects()], options: engine.options };
  }

  /** A topology of one cluster (e.g. a what-if overlay) with ids as the map's, like `snapshot`. */
  wireTopology<Topology extends TopologySnapshot & { readonly removed: readonly TopologyNode[] }>(
    cluster: string,
    topology: Topology,
  ): Topology {
    return this.wire.topology(cluster, topology);
  }

  viewOf(cluster: string): TopologyView | undefined {
    return this.clusters.get(cluster)?.view;
  }

  statuses(): ClusterStatus[] {
    return [...this.clusters.values()].map((cluster) => cluster.status);
  }

  /** Whether every cluster finished its first sync. */
  ready(): boolean {
    return [...this.clusters.values()].every((cluster) => cluster.firstSyncAt !== undefined);
  }

  stats(): {
    name: string;
    events: number;
    lastEventAt: number | undefined;
    objects: Map<string, number>;
    /** Entries of the analysis and graph indexes, by index. */
    indexes: Map<string, number>;
  }[] {
    return [...this.clusters.values()].map((cluster) => {
      const objects = new Map<string, number>();
      for (const object of cluster.engine.allObjects())
        objects.set(object.info.kind, (objects.get(object.info.kind) ?? 0) + 1);
      const engine = cluster.engine.footprint();
      const indexes = new Map([
        ['analysis-slots', engine.slots],
        ['analysis-tallies', engine.tallies],
        ['analysis-units', engine.units],
        ['graph-slots', cluster.view.footprint().slots],
      ]);
      return {
        name: cluster.name,
        events: cluster.events,
        lastEventAt: cluster.lastEventAt,
        objects,
        indexes,
      };
    });
  }

  /**
   * Applies a batch from a cluster's source and publishes the resulting delta, if any; its
   * history is recorded afterwards, and its entries follow on the stream (event `history`).
   */
  apply(cluster: string, changes: readonly Change[]): void {
    const state = this.clusters.get(cluster);
    if (!state || changes.length === 0) return;
    // Taken before the analysis time starts: it may finish the previous apply's history first.
    const before = this.history?.before(cluster, state.engine, changes);
    const started = performance.now();
    const changeSet = state.engine.apply(changes);
    const delta = state.view.update(changeSet);
    state.events += changes.length;
    state.lastEventAt = Date.now();
    this.applyStats.batches++;
    this.applyStats.events += changes.length;
    this.applyStats.seconds += (performance.now() - started) / 1000;
    if (!isEmptyDelta(delta)) {
      const revision = ++this.revisionCounter;
      const message: StreamDelta = { revision, ...this.wire.delta(cluster, delta) };
      this.publish({
        type: 'delta',
        revision,
        cluster,
        frame: Buffer.from(streamFrame({ event: 'delta', data: message, id: this.eventId(revision) })),
      });
    }
    if (this.history && before) this.history.applied(cluster, { engine: state.engine, before, changeSet });
  }

  /** New history entries, after the delta of their apply (not kept for resuming: see GET /api/history). */
  private publishHistory(cluster: string, entries: readonly HistoryEntry[]): void {
    const frame = Buffer.from(streamFrame({ event: 'history', data: { entries } }));
    for (const subscriber of this.subscribers)
      subscriber({ type: 'history', revision: this.revisionCounter, cluster, frame, entries });
  }

  setStatus(status: ClusterStatus): void {
    const state = this.clusters.get(status.name);
    if (!state) return;
    const changed = JSON.stringify(state.status) !== JSON.stringify(status);
    state.status = status;
    if (status.state === 'synced' && state.firstSyncAt === undefined) {
      state.firstSyncAt = Date.now();
      this.history?.synced(state.name, state.engine);
    }
    if (!changed) return;
    // Status changes ride on the current revision: they do not advance it, and are not replayed.
    this.statusVersion++;
    const frame = Buffer.from(streamFrame({ event: 'clusters', data: { clusters: this.statuses() } }));
    for (const subscriber of this.subscribers)
      subscriber({ type: 'clusters', revision: this.revisionCounter, frame });
  }

  /**
   * The admin's snapshot as an SSE frame, encoded once per revision and cluster status and shared
   * by every stream that is sent it: fifty clients hold one copy, not fifty. Held weakly, so that
   * it is freed once every stream has sent it.
   */
  private snapshotFrame(): Buffer {
    const key = `${this.revisionCounter}/${this.statusVersion}`;
    const cached = this.lastSnapshotFrame?.key === key ? this.lastSnapshotFrame.frame.deref() : undefined;
    if (cached) return cached;
    const snapshot = this.snapshot();
    const frame = Buffer.from(
      streamFrame({ event: 'snapshot', data: snapshot, id: this.eventId(snapshot.revision) }),
    );
    this.lastSnapshotFrame = { key, frame: new WeakRef(frame) };
    return frame;
  }

  /**
   * The admin's topology. Its objects are gathered once per revision and held weakly: the map's
   * first load asks for the topology, the summary and the overview of the same revision, and a
   * large estate's objects take a third of a second to gather.
   */
  snapshot(): TopologyResponse {
    const cached =
      this.lastSnapshot?.revision === this.revisionCounter ? this.lastSnapshot.objects.deref() : undefined;
    const objects = cached ?? this.gatherObjects();
    if (!cached) this.lastSnapshot = { revision: this.revisionCounter, objects: new WeakRef(objects) };
    return { revision: this.revisionCounter, clusters: this.statuses(), ...objects };
  }

  private gatherObjects(): SnapshotObjects {
    const nodes: TopologyNode[] = [];
    const edges: TopologyEdge[] = [];
    const findings: Finding[] = [];
    for (const cluster of this.clusters.values()) {
      const snapshot = cluster.view.snapshot();
      // One push per element: spreading an estate's 100k+ elements into push() overflows the stack.
      for (const node of snapshot.nodes) nodes.push(this.wire.node(cluster.name, node));
      for (const edge of snapshot.edges) edges.push(this.wire.edge(cluster.name, edge));
      for (const item of snapshot.findings) findings.push(this.wire.finding(cluster.name, item));
    }
    return { nodes, edges, findings };
  }

  /** The stream event id of a revision of this run (`TopologyResponse.eventId`). */
  eventId(revision: number): string {
    return `${this.boot}.${revision}`;
  }

  /**
   * The admin's stream: a client resuming from an event id (the last event it got, or the
   * snapshot it fetched) is sent the deltas it missed while the log still holds them, and the
   * clusters' status, otherwise the shared snapshot; then every frame as published.
   */
  adminFeed(resumeFrom: string | undefined): StreamFeed {
    const revision = resumeFrom === undefined ? undefined : this.revisionOf(resumeFrom);
    const missed = revision === undefined ? undefined : this.log.since(revision, this.revisionCounter);
    const status = () => Buffer.from(streamFrame({ event: 'clusters', data: { clusters: this.statuses() } }));
    return {
      ...(missed ? { resumed: Buffer.concat([...missed.map((event) => event.frame), status()]) } : {}),
      snapshot: () => ({ frame: this.snapshotFrame(), shared: true }),
      frameFor: (event) => event.frame,
    };
  }

  /** The cluster a share link shows: the one it names, or the first. */
  sharedCluster(link: LinkScope): string {
    return link.cluster ?? this.clusterNames()[0] ?? '';
  }

  /**
   * What a share link may see of its cluster (or of `view`, the cluster as it was), with wire
   * ids; undefined for an unknown cluster.
   */
  sharedView(link: LinkScope, view?: TopologyView): SharedView | undefined {
    const cluster = this.sharedCluster(link);
    const state = this.clusters.get(cluster);
    if (!state) return undefined;
    const scoped = scopeView(view ?? state.view, scopeOf(link));
    return {
      topology: {
        revision: this.revisionCounter,
        clusters: [sharedStatus(state.status)],
        nodes: scoped.nodes.map((node) => this.wire.node(cluster, node)),
        edges: scoped.edges.map((edge) => this.wire.edge(cluster, edge)),
        findings: scoped.findings.map((item) => this.wire.finding(cluster, item)),
      },
      visible: scoped.visible,
      inScope: scoped.inScope,
      referenceOnly: scoped.referenceOnly,
      names: scoped.names,
    };
  }

  /** A cluster as `view` shows it (the map as it was), as the admin or `link` sees it. */
  topologyOf(cluster: string, view: TopologyView, link?: LinkScope): TopologyResponse | undefined {
    const state = this.clusters.get(cluster);
    if (!state) return undefined;
    if (link) return this.sharedView(link, view)?.topology;
    const snapshot = view.snapshot();
    return {
      revision: this.revisionCounter,
      clusters: [state.status],
      nodes: snapshot.nodes.map((node) => this.wire.node(cluster, node)),
      edges: snapshot.edges.map((edge) => this.wire.edge(cluster, edge)),
      findings: snapshot.findings.map((item) => this.wire.finding(cluster, item)),
    };
  }

  /** What a share link sees of the whole topology (nothing of an unknown cluster). */
  sharedTopology(link: LinkScope): TopologyResponse {
    return (
      this.sharedView(link)?.topology ?? {
        revision: this.revisionCounter,
        clusters: [],
        nodes: [],
        edges: [],
        findings: [],
      }
    );
  }

  /**
   * A share link's stream: its own snapshot, then deltas of what it sees, computed against what
   * this feed last sent. The admin's frames are shared by every subscriber; these are made per
   * feed, so their cost falls on share streams only. A client resuming from the current revision
   * (it fetched or was sent what the link sees at it) gets no snapshot, only the status; deltas
   * of the link's view are not logged, so one resuming from an earlier revision gets a snapshot.
   */
  sharedFeed(link: LinkScope, resumeFrom?: string): StreamFeed {
    const cluster = this.sharedCluster(link);
    const sent = new SnapshotDiffer();
    const current = resumeFrom !== undefined && this.revisionOf(resumeFrom) === this.revisionCounter;
    if (current) sent.reset(this.sharedTopology(link));
    const status = () => {
      const shared = this.sharedStatus(link);
      return streamFrame({ event: 'clusters', data: { clusters: shared ? [shared] : [] } });
    };
    return {
      ...(current ? { resumed: Buffer.from(status()) } : {}),
      snapshot: () => {
        const snapshot = this.sharedTopology(link);
        sent.reset(snapshot);
        return {
          frame: streamFrame({ event: 'snapshot', data: snapshot, id: this.eventId(snapshot.revision) }),
          shared: false,
        };
      },
      frameFor: (event) => {
        if (event.type === 'clusters') return status();
        if (event.cluster !== cluster) return undefined;
        if (event.type === 'history') {
          const view = this.sharedView(link);
          const entries = view ? scopeHistory(event.entries ?? [], view) : [];
          return entries.length === 0 ? undefined : streamFrame({ event: 'history', data: { entries } });
        }
        const delta: StreamDelta = { revision: event.revision, ...sent.next(this.sharedTopology(link)) };
        return isEmptyDelta(delta)
          ? undefined
          : streamFrame({ event: 'delta', data: delta, id: this.eventId(event.revision) });
      },
    };
  }

  /** A share link's cluster status: no server address, no messages naming namespaces. */
  sharedStatus(link: LinkScope): ClusterStatus | undefined {
    const state = this.clusters.get(this.sharedCluster(link));
    return state ? sharedStatus(state.status) : undefined;
  }

  /** The revision an event id of this server names; undefined for ids of another run or malformed ones. */
  private revisionOf(eventId: string): number | undefined {
    const match = /^([a-z0-9]+)\.(\d+)$/.exec(eventId);
    return match && match[1] === this.boot ? Number(match[2]) : undefined;
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** The id a node has on the wire (prefixed with its cluster when several are served). */
  wireId(cluster: string, id: string): string {
    return this.wire.id(cluster, id);
  }

  private publish(event: HubEvent): void {
    this.log.add(event);
    for (const subscriber of this.subscribers) subscriber(event);
  }
}

function sharedStatus(status: ClusterStatus): ClusterStatus {
  return {
    name: status.name,
    source: status.source,
    state: status.state,
    kinds: status.kinds.map((kind) => ({
      kind: kind.kind,
      group: kind.group,
      ...(kind.version ? { version: kind.version } : {}),
      state: kind.state,
      objects: kind.objects,
    })),
  };
}

function scopeOf(link: LinkScope): ShareScope {
  return { namespaces: link.namespaces, ...(link.routes ? { routes: link.routes } : {}) };
}
