/**
 * Keeps one kind of one cluster in sync: a cluster-wide reflector, or, when the cluster-wide LIST
 * is forbidden and Namespaces can be listed, one reflector per namespace (RBAC that grants a user
 * only some namespaces). Reports the kind's {@link KindStatus}.
 */
import type { Change, KindStatus, ObjectKey } from '@gatemap/topology';
import type { KubeClient } from './kube-client.ts';
import { Reflector, type Log, type ReflectorSink, type ReflectorTuning } from './reflector.ts';
import type { WatchedKind } from './watched-kind.ts';

/** What the kind syncs know about the cluster's namespaces (from the Namespace reflector). */
export type NamespaceAccess =
  | { readonly state: 'pending' }
  | { readonly state: 'unavailable'; readonly reason: string }
  /** Names newest first (the order in which the per-namespace fallback picks them). */
  | { readonly state: 'ready'; readonly names: readonly string[] };

export interface KindSyncContext {
  readonly client: KubeClient;
  readonly tuning: ReflectorTuning;
  /** At most this many namespaces are watched per kind in the per-namespace fallback. */
  readonly maxNamespaces: number;
  readonly sink: ReflectorSink;
  readonly log: Log;
  readonly signal: AbortSignal;
  namespaces(): NamespaceAccess;
}

/** The most namespace names a status message lists. */
const MAX_NAMES_IN_MESSAGE = 20;

export class KindSync {
  private mode: 'cluster' | 'namespaces' = 'cluster';
  /** By namespace; `''` is the cluster-wide reflector. */
  private readonly reflectors = new Map<string, Reflector>();
  /** Stops that are under way; stop() waits for them too. */
  private readonly stopping = new Set<Promise<void>>();
  private totalNamespaces = 0;
  /** Every namespace reflector has finished its first LIST once (see status()). */
  private firstRoundDone = false;
  /** Why the cluster-wide LIST was refused (kept for messages once in namespace mode). */
  private clusterWideRefusal: string | undefined;

  readonly info: WatchedKind;
  readonly version: string;
  private readonly context: KindSyncContext;
  /** Keys sent by an earlier KindSync of this kind (another version): the first LIST deletes those that are gone. */
  private carried: ReadonlyMap<ObjectKey, string> | undefined;

  constructor(
    info: WatchedKind,
    version: string,
    context: KindSyncContext,
    carried?: ReadonlyMap<ObjectKey, string>,
  ) {
    this.info = info;
    this.version = version;
    this.context = context;
    this.carried = carried;
  }

  start(): void {
    this.startReflector('');
  }

  /** Stops every reflector; resolves when all their connections are closed. */
  async stop(): Promise<void> {
    await Promise.all([
      ...[...this.reflectors.values()].map((reflector) => reflector.stop()),
      ...this.stopping,
    ]);
  }

  /** Deletes for everything this kind sent (after stop(), when the kind is gone for good). */
  dropAll(): Change[] {
    return [...this.reflectors.values()].flatMap((reflector) => reflector.dropAll());
  }

  /** Key → resourceVersion of everything sent, to hand over to a KindSync of another version. */
  known(): Map<ObjectKey, string> {
    return new Map([...this.reflectors.values()].flatMap((reflector) => [...reflector.known]));
  }

  /** Re-evaluates the fallback after a reflector state change or a change of the namespace set. */
  update(): void {
    if (!this.info.namespaced || this.context.signal.aborted) return;
    const access = this.context.namespaces();
    if (this.mode === 'cluster') {
      const clusterWide = this.reflectors.get('');
      if (clusterWide?.state().phase !== 'forbidden' || access.state !== 'ready') return;
      this.clusterWideRefusal = clusterWide.state().error;
      this.context.log(
        'info',
        `${this.info.plural}: the cluster-wide list is forbidden; listing per namespace instead`,
      );
      this.mode = 'namespaces';
      this.stopReflector('');
    }
    if (access.state !== 'ready') return;
    const wanted = access.names.slice(0, this.context.maxNamespaces);
    this.totalNamespaces = access.names.length;
    const wantedSet = new Set(wanted);
    for (const namespace of [...this.reflectors.keys()]) {
      if (!wantedSet.has(namespace)) this.stopReflector(namespace);
    }
    for (const namespace of wanted) {
      if (!this.reflectors.has(namespace)) this.startReflector(namespace);
    }
  }

  /**
   * Where this kind's objects are known, as far as RBAC goes: `all` (the cluster-wide list
   * works), the namespaces whose lists work, or undefined while that is not known yet (still
   * syncing, or failing for reasons other than a refusal).
   */
  readableNamespaces(): 'all' | string[] | undefined {
    if (this.mode === 'cluster') {
      const state = this.reflectors.get('')?.state();
      if (!state?.attempted) return undefined;
      if (state.phase === 'forbidden') return [];
      return state.synced ? 'all' : undefined;
    }
    if (!this.firstRoundDone) return undefined;
    return [...this.reflectors.entries()]
      .filter(([, reflector]) => reflector.state().synced)
      .map(([namespace]) => namespace)
      .sort();
  }

  status(): KindStatus {
    const base = { kind: this.info.kind, group: this.info.group, version: this.version };
    const states = [...this.reflectors.values()].map((reflector) => ({
      reflector,
      state: reflector.state(),
    }));
    const objects = states.reduce((sum, { state }) => sum + state.objects, 0);
    if (this.mode === 'cluster') {
      const state = states[0]?.state;
      if (!state || !state.attempted) return { ...base, state: 'syncing', objects };
      switch (state.phase) {
        case 'forbidden': {
          // Only namespaced kinds ask: the Namespace kind's own status must not depend on itself.
          const access: NamespaceAccess | undefined = this.info.namespaced
            ? this.context.namespaces()
            : undefined;
          if (access?.state === 'pending') return { ...base, state: 'syncing', objects };
          const why =
            access?.state === 'unavailable'
              ? `; namespaces cannot be listed either, so no namespace can be tried on its own (${access.reason})`
              : '';
          return { ...base, state: 'forbidden', message: `${state.error ?? 'forbidden'}${why}`, objects };
        }
        case 'not-found':
          return { ...base, state: 'not-installed', message: state.error ?? 'not found', objects };
        default:
          if (!state.synced) {
            return { ...base, state: 'error', message: state.error ?? 'not synced', objects };
          }
          return state.phase === 'retrying'
            ? { ...base, state: 'synced', message: `reconnecting: ${state.error ?? ''}`, objects }
            : { ...base, state: 'synced', objects };
      }
    }
    const pending = states.filter(({ state }) => !state.attempted);
    if (pending.length === 0) this.firstRoundDone = true;
    // Namespaces that appear later do not send the whole kind back to syncing.
    if (!this.firstRoundDone) {
      const done = states.length - pending.length;
      return {
        ...base,
        state: 'syncing',
        message: `listing per namespace: ${done} of ${states.length}`,
        objects,
      };
    }
    const forbidden = states
      .filter(({ state }) => state.attempted && state.phase === 'forbidden')
      .map(({ reflector }) => reflector.namespace ?? '');
    const synced = states.filter(({ state }) => state.synced);
    const failing = states.filter(
      ({ state }) => state.attempted && !state.synced && state.phase !== 'forbidden',
    );
    const capped =
      this.totalNamespaces > this.context.maxNamespaces
        ? `; only the newest ${this.context.maxNamespaces} of ${this.totalNamespaces} namespaces are tried`
        : '';
    if (synced.length === 0 && failing.length === 0) {
      return {
        ...base,
        state: 'forbidden',
        message: `${this.clusterWideRefusal ?? 'cannot list at the cluster scope'}; and forbidden in all ${forbidden.length} namespaces tried${capped}`,
        objects,
      };
    }
    if (synced.length === 0) {
      const error = failing[0]?.state.error ?? 'not synced';
      return { ...base, state: 'error', message: `${error}${capped}`, objects };
    }
    const parts = [
      forbidden.length > 0
        ? `forbidden in namespaces: ${listNames(forbidden)}`
        : 'the cluster-wide list is forbidden; listed per namespace',
    ];
    if (failing.length > 0) {
      const first = failing[0];
      parts.push(
        `reconnecting in ${failing.length} namespace(s): ${first?.reflector.namespace}: ${first?.state.error ?? ''}`,
      );
    }
    return { ...base, state: 'synced', message: parts.join('; ') + capped, objects };
  }

  /** Some reflector is waiting to reconnect after an error (not a slow retry of a 403/404). */
  isRetrying(): boolean {
    return [...this.reflectors.values()].some((reflector) => reflector.state().phase === 'retrying');
  }

  /** The first error of a retrying reflector, for the cluster's message. */
  retryError(): string | undefined {
    for (const reflector of this.reflectors.values()) {
      const state = reflector.state();
      if (state.phase === 'retrying') return state.error;
    }
    return undefined;
  }

  private startReflector(namespace: string): void {
    const reflector = new Reflector({
      client: this.context.client,
      info: this.info,
      version: this.version,
      ...(namespace === '' ? {} : { namespace }),
      tuning: this.context.tuning,
      sink: this.context.sink,
      log: this.context.log,
      ...(this.carried ? { known: this.carried } : {}),
    });
    this.carried = undefined;
    this.reflectors.set(namespace, reflector);
    reflector.start(this.context.signal);
    this.context.sink.stateChanged();
  }

  /** Stops one reflector and deletes what it sent (its scope is no longer watched). */
  private stopReflector(namespace: string): void {
    const reflector = this.reflectors.get(namespace);
    if (!reflector) return;
    this.reflectors.delete(namespace);
    // stop() aborts synchronously, so nothing the reflector sends can follow these deletes.
    const stopped = reflector.stop().finally(() => this.stopping.delete(stopped));
    this.stopping.add(stopped);
    const changes = reflector.dropAll();
    if (changes.length > 0) this.context.sink.changes(changes, true);
    this.context.sink.stateChanged();
  }
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMES_IN_MESSAGE).join(', ');
  return names.length > MAX_NAMES_IN_MESSAGE
    ? `${shown} and ${names.length - MAX_NAMES_IN_MESSAGE} more`
    : shown;
}
