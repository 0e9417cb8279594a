/**
 * The policy kinds of one cluster, kept in sync. CustomResourceDefinitions are listed and watched
 * (one cluster-wide reflector); each established one is read by the core's discovery
 * (`discoverPolicyKinds`: the policy label, else the policy-target-reference schema) and only
 * what that finds is kept, never the CRD itself. Kinds named with `--policy-kinds` are added,
 * located through API discovery, which is open to every identity: when the CRD list is forbidden
 * they are all there is. The policies of every kind are listed and watched like the known kinds
 * (a `KindSync` each, with its per-namespace fallback and forbidden/not-installed states).
 *
 * Order of what goes to the engine: the deletes of a kind that is gone, then the `policy-kinds`
 * change that replaces the set, then the objects of a kind that is new.
 */
import {
  discoverPolicyKinds,
  KINDS,
  type Change,
  type KindStatus,
  type ObjectKey,
  type PolicyKind,
} from '@gatemap/topology';
import { findResource, type FoundResource } from './discovery.ts';
import { KindSync, type KindSyncContext } from './kind-sync.ts';
import { describeError, Reflector, type ReflectorSink } from './reflector.ts';
import type { WatchedKind } from './watched-kind.ts';

export const CRD_KIND: WatchedKind = {
  kind: 'CustomResourceDefinition',
  group: 'apiextensions.k8s.io',
  plural: 'customresourcedefinitions',
  namespaced: false,
};
export const CRD_VERSION = 'v1';
/** CRDs are listed whole (their schemas are read) and some weigh megabytes: small pages. */
export const CRD_PAGE_SIZE = 25;
/**
 * A policy kind's resource answering 404 while its CRD is established is one being set up or
 * torn down (the CRD watch says which): tried again soon, not at the rediscovery interval.
 */
const POLICY_NOT_FOUND_RETRY_MS = 5_000;

/** What became of a kind named with `--policy-kinds`, as API discovery answers. */
type NamedState =
  | { readonly state: 'pending' }
  | { readonly state: 'found'; readonly kind: PolicyKind }
  | { readonly state: 'absent' | 'failed'; readonly message: string };

interface RunningKind {
  readonly kind: PolicyKind;
  readonly sync: KindSync;
}

export interface PolicyKindsSyncOptions {
  readonly context: KindSyncContext;
  /** Policy kinds named as `Kind.group` (validated by the caller), beside those discovered. */
  readonly named: readonly PolicyKind[];
  /** Sends changes to the engine, in order with every other change of the cluster. */
  readonly send: (changes: readonly Change[], immediate: boolean) => void;
  readonly stateChanged: () => void;
}

export class PolicyKindsSync {
  private readonly options: PolicyKindsSyncOptions;
  private readonly context: KindSyncContext;
  private readonly crds: Reflector;
  /** Policy kinds by the key of the established CRD that defines them. */
  private readonly discovered = new Map<ObjectKey, PolicyKind>();
  /** Named kinds by `group/Kind`. */
  private readonly named = new Map<string, NamedState>();
  /** Watched kinds by `group/Kind`. */
  private readonly running = new Map<string, RunningKind>();
  private readonly stopping = new Set<Promise<void>>();
  /** The last `policy-kinds` change sent, as text (none is sent twice). */
  private lastSent = '';

  constructor(options: PolicyKindsSyncOptions) {
    this.options = options;
    const { context } = options;
    this.context = {
      ...context,
      tuning: {
        ...context.tuning,
        notFoundRetryMs: Math.min(context.tuning.notFoundRetryMs, POLICY_NOT_FOUND_RETRY_MS),
      },
    };
    for (const kind of options.named) this.named.set(kindId(kind), { state: 'pending' });
    const sink: ReflectorSink = {
      changes: (changes) => this.receiveCrds(changes),
      invalid: (key, message) => {
        if (message !== undefined) context.log('warn', `${key}: ${message}`);
      },
      stateChanged: () => options.stateChanged(),
    };
    this.crds = new Reflector({
      client: context.client,
      info: CRD_KIND,
      version: CRD_VERSION,
      tuning: { ...context.tuning, pageSize: Math.min(context.tuning.pageSize, CRD_PAGE_SIZE) },
      sink,
      log: context.log,
    });
  }

  start(): void {
    this.crds.start(this.context.signal);
  }

  async stop(): Promise<void> {
    await Promise.all([
      this.crds.stop(),
      ...[...this.running.values()].map(({ sync }) => sync.stop()),
      ...this.stopping,
    ]);
  }

  /**
   * Locates the named kinds that no CRD read describes (their plural, versions and scope) through
   * API discovery; called at each discovery round. Returns the failures, for the cluster's log.
   */
  async resolveNamed(signal: AbortSignal): Promise<string[]> {
    const failures: string[] = [];
    await Promise.all(
      this.options.named.map(async (named) => {
        const id = kindId(named);
        if (this.discoveredKind(id)) return;
        let found: FoundResource | undefined;
        try {
          found = await findResource(this.context.client, named.group, named.kind, signal);
        } catch (error) {
          if (signal.aborted) return;
          const message = `discovery of ${named.kind}.${named.group} (--policy-kinds) failed: ${describeError(error)}`;
          failures.push(message);
          if (this.named.get(id)?.state !== 'found') this.named.set(id, { state: 'failed', message });
          return;
        }
        this.named.set(
          id,
          found === undefined
            ? {
                state: 'absent',
                message: `${named.kind}.${named.group}, named by --policy-kinds, is not served by the API server`,
              }
            : {
                state: 'found',
                kind: {
                  ...named,
                  plural: found.plural,
                  versions: found.versions,
                  storageVersion: undefined,
                  namespaced: found.namespaced,
                },
              },
        );
      }),
    );
    if (!signal.aborted) this.reconcile();
    return failures;
  }

  /** Lets each policy kind re-evaluate its per-namespace fallback. */
  update(): void {
    for (const { sync } of this.running.values()) sync.update();
  }

  /** The CRD list's state, then each policy kind's, in order of group then kind. */
  statuses(): KindStatus[] {
    const statuses = [this.crdStatus()];
    for (const [id, kind] of this.wanted())
      if (!isKnownKind(kind)) statuses.push(this.running.get(id)?.sync.status() ?? this.idleStatus(id, kind));
    return statuses;
  }

  /** The first error of the CRD list or a policy kind waiting to reconnect, or undefined. */
  retryError(): string | undefined {
    const state = this.crds.state();
    if (state.phase === 'retrying') return `${CRD_KIND.plural}: ${state.error ?? ''}`;
    for (const { kind, sync } of this.running.values())
      if (sync.isRetrying()) return `${kind.kind}: ${sync.retryError() ?? ''}`;
    return undefined;
  }

  private receiveCrds(changes: readonly Change[]): void {
    let touched = false;
    for (const change of changes) {
      if (change.type === 'delete') {
        touched = this.discovered.delete(change.key) || touched;
        continue;
      }
      if (change.type !== 'upsert-unknown') continue;
      const crd = change.object.object;
      const kind = isEstablished(crd) ? discoverPolicyKinds([crd]).kinds[0] : undefined;
      const before = this.discovered.get(change.object.key);
      if (kind === undefined) touched = this.discovered.delete(change.object.key) || touched;
      else if (before === undefined || JSON.stringify(before) !== JSON.stringify(kind)) {
        this.discovered.set(change.object.key, kind);
        touched = true;
      }
    }
    if (touched) this.reconcile();
  }

  private discoveredKind(id: string): PolicyKind | undefined {
    for (const kind of this.discovered.values()) if (kindId(kind) === id) return kind;
    return undefined;
  }

  /**
   * The policy kinds, by `group/Kind`, sorted: those discovered from CRDs, then the named ones no
   * CRD describes (as discovery located them, else as named).
   */
  private wanted(): Map<string, PolicyKind> {
    const kinds = new Map<string, PolicyKind>();
    for (const kind of this.discovered.values()) kinds.set(kindId(kind), kind);
    for (const named of this.options.named) {
      const id = kindId(named);
      if (kinds.has(id)) continue;
      const state = this.named.get(id);
      kinds.set(id, state?.state === 'found' ? state.kind : named);
    }
    return new Map([...kinds].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)));
  }

  /** Stops the kinds that are gone, tells the engine the set, starts the kinds that are new. */
  private reconcile(): void {
    if (this.context.signal.aborted) return;
    const wanted = this.wanted();
    for (const [id, running] of [...this.running]) {
      const kind = wanted.get(id);
      if (kind !== undefined && watchOf(kind)?.info.plural === running.sync.info.plural) continue;
      this.running.delete(id);
      this.stopSync(running.sync);
      const deletes = running.sync.dropAll();
      if (deletes.length > 0) this.options.send(deletes, true);
      this.context.log('info', `${running.kind.kind}.${running.kind.group}: no longer a policy kind here`);
    }
    const kinds = [...wanted.values()];
    const text = JSON.stringify(kinds);
    if (text !== this.lastSent) {
      this.lastSent = text;
      this.options.send([{ type: 'policy-kinds', kinds }], true);
    }
    for (const [id, kind] of wanted) {
      // Kinds gatemap reads itself (BackendTLSPolicy) are watched as such.
      if (isKnownKind(kind)) continue;
      const watch = watchOf(kind);
      const running = this.running.get(id);
      if (watch === undefined || running?.sync.version === watch.version) continue;
      let carried: Map<ObjectKey, string> | undefined;
      if (running) {
        // Another version of the same resource: what was sent is handed over, not sent again.
        this.stopSync(running.sync);
        carried = running.sync.known();
        this.context.log('info', `${kind.kind}.${kind.group}: now read as ${watch.version}`);
      }
      const sync = new KindSync(watch.info, watch.version, this.context, carried);
      this.running.set(id, { kind, sync });
      sync.start();
    }
    this.options.stateChanged();
  }

  private stopSync(sync: KindSync): void {
    const stopped = sync.stop().finally(() => this.stopping.delete(stopped));
    this.stopping.add(stopped);
  }

  private crdStatus(): KindStatus {
    const state = this.crds.state();
    const base = { kind: CRD_KIND.kind, group: CRD_KIND.group, version: CRD_VERSION, objects: state.objects };
    if (!state.attempted) return { ...base, state: 'syncing' };
    if (state.phase === 'forbidden') {
      const fallback =
        this.options.named.length > 0
          ? 'policy kinds are not discovered; only those --policy-kinds names are watched'
          : 'policy kinds are not discovered; name them with --policy-kinds';
      return { ...base, state: 'forbidden', message: `${state.error ?? 'forbidden'}; ${fallback}` };
    }
    if (state.phase === 'not-found')
      return { ...base, state: 'not-installed', message: state.error ?? 'not found' };
    if (!state.synced) return { ...base, state: 'error', message: state.error ?? 'not synced' };
    return state.phase === 'retrying'
      ? { ...base, state: 'synced', message: `reconnecting: ${state.error ?? ''}` }
      : { ...base, state: 'synced' };
  }

  /** A policy kind that is not watched: a named one not located (yet), or one without a version. */
  private idleStatus(id: string, kind: PolicyKind): KindStatus {
    const base = { kind: kind.kind, group: kind.group, objects: 0 };
    const named = this.named.get(id);
    if (named?.state === 'pending') return { ...base, state: 'syncing' };
    if (named?.state === 'absent') return { ...base, state: 'not-installed', message: named.message };
    if (named?.state === 'failed') return { ...base, state: 'error', message: named.message };
    return {
      ...base,
      state: 'not-installed',
      message: `CRD ${kind.plural ?? kind.kind}.${kind.group} serves no version`,
    };
  }
}

/** A kind gatemap reads itself (BackendTLSPolicy): watched as such, never as a policy kind. */
export function isKnownKind(kind: PolicyKind): boolean {
  return KINDS.some((info) => info.group === kind.group && info.kind === kind.kind);
}

function kindId(kind: { readonly group: string; readonly kind: string }): string {
  return `${kind.group}/${kind.kind}`;
}

/** What to list and watch of a policy kind: its first served version (the storage one when served). */
export function watchOf(
  kind: PolicyKind,
): { readonly info: WatchedKind; readonly version: string } | undefined {
  const version = kind.versions[0];
  if (kind.plural === undefined || version === undefined) return undefined;
  return {
    info: { kind: kind.kind, group: kind.group, plural: kind.plural, namespaced: kind.namespaced },
    version,
  };
}

/** A CRD whose `Established` condition is True: its resource is served. */
export function isEstablished(crd: { readonly status?: unknown }): boolean {
  const status = crd.status as { conditions?: unknown } | undefined;
  const conditions = Array.isArray(status?.conditions) ? (status.conditions as unknown[]) : [];
  return conditions.some(
    (condition) =>
      typeof condition === 'object' &&
      condition !== null &&
      (condition as { type?: unknown }).type === 'Established' &&
      (condition as { status?: unknown }).status === 'True',
  );
}
