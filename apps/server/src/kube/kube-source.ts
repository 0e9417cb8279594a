/**
 * A live cluster as a source of engine changes: discovers which version of each known kind the
 * API server serves, keeps every served kind in sync with list+watch (per namespace where RBAC
 * allows only that), and reports per-kind and per-cluster sync state.
 *
 * Changes arrive in order per object: one `onChanges` call per LIST page, watch events coalesced
 * for `coalesceMs`. Objects that do not decode are skipped, logged, and reported as
 * `invalid-object` findings (an `input-issues` change under the source `kube:<name>`).
 */
import {
  finding,
  KINDS,
  parseObjectKey,
  type AnalyzerOptions,
  type PolicyKind,
  type Change,
  type ClusterStatus,
  type Finding,
  type KindInfo,
  type KindStatus,
  type ObjectKey,
} from '@gatemap/topology';
import { Backoff, jitter, sleep } from './backoff.ts';
import { ChangeBatcher } from './change-batcher.ts';
import {
  discoverGroup,
  groupsToDiscover,
  notInstalledMessage,
  pickVersion,
  type ServedResources,
} from './discovery.ts';
import { KindSync, type KindSyncContext, type NamespaceAccess } from './kind-sync.ts';
import { createKubeClient, isApiError, type KubeClient } from './kube-client.ts';
import { loadInClusterConfig, loadKubeConfig } from './kubeconfig.ts';
import { PolicyKindsSync } from './policy-kinds-sync.ts';
import { describeError, type Log, type ReflectorSink, type ReflectorTuning } from './reflector.ts';

export { inClusterProblem, listContexts } from './kubeconfig.ts';

export interface KubeSourceOptions {
  /** The cluster's name in gatemap (status, finding sources). */
  readonly name: string;
  /** Default: KUBECONFIG / ~/.kube/config / in-cluster, as kubectl finds it. */
  readonly kubeconfigPath?: string;
  /** Default: the kubeconfig's current context. */
  readonly context?: string;
  /** The pod's own cluster through its ServiceAccount; kubeconfigPath and context are ignored. */
  readonly inCluster?: boolean;
  readonly log?: Log;
  /** LIST page size (default 500). */
  readonly pageSize?: number;
  /** Fixed server-side watch timeout (default: random 300–600 s per watch). */
  readonly watchTimeoutSeconds?: number;
  /** A watch without any byte for this long is reopened (default 120 s; bookmarks come every ~60 s). */
  readonly inactivityTimeoutMs?: number;
  /** How often discovery runs again to pick up installed or removed CRDs (default 60 s). */
  readonly rediscoverIntervalMs?: number;
  /** How often a forbidden LIST is tried again (default 10 min). */
  readonly forbiddenRetryMs?: number;
  /** Per-namespace fallback: at most this many namespaces per kind, newest first (default 200). */
  readonly maxNamespaces?: number;
  /** How long watch changes wait for more before `onChanges` (default 10 ms). */
  readonly coalesceMs?: number;
  /**
   * Policy kinds named as `Kind.group` (`policyKindsFromNames`), watched beside those discovered
   * from the cluster's CustomResourceDefinitions: all there is when the CRD list is forbidden.
   */
  readonly policyKinds?: readonly PolicyKind[];
}

export interface KubeSource {
  /** The cluster's name in gatemap ({@link KubeSourceOptions.name}). */
  readonly name: string;
  /** The API server URL of the selected context. */
  readonly server: string;
  /** Extension kinds (ExtensionRef filter targets) are not watched, so those references are not judged. */
  readonly analyzerOptions: AnalyzerOptions;
  /** Starts syncing; call once. Callbacks are never called after stop(). */
  start(onChanges: (changes: Change[]) => void, onStatus: (status: ClusterStatus) => void): void;
  status(): ClusterStatus;
  /** Ends every request; resolves when all connections are closed. */
  stop(): Promise<void>;
}

/** Loads the kubeconfig (throws on a missing file or context); connects only on start(). */
export function createKubeSource(options: KubeSourceOptions): KubeSource {
  return new LiveKubeSource(options);
}

type Discovery =
  | { readonly state: 'pending' }
  | { readonly state: 'failed'; readonly message: string; readonly unauthorized: boolean }
  | { readonly state: 'absent'; readonly message: string }
  | { readonly state: 'served'; readonly version: string };

interface KindEntry {
  readonly info: KindInfo;
  discovery: Discovery;
  sync: KindSync | undefined;
}

/** Status changes that only move object counts are reported at most this often (and that late). */
const COUNT_ONLY_STATUS_MS = 1_000;
/** Discovery never runs more often than this, even when a reflector finds its resource gone. */
const MIN_DISCOVERY_GAP_MS = 2_000;

class LiveKubeSource implements KubeSource {
  readonly server: string;
  readonly name: string;
  readonly analyzerOptions: AnalyzerOptions = { extensionRefs: 'trust' };
  private readonly log: Log;
  private readonly client: KubeClient;
  private readonly tuning: ReflectorTuning;
  private readonly options: KubeSourceOptions;
  private readonly controller = new AbortController();
  private readonly entries: KindEntry[] = KINDS.map((info) => ({
    info,
    discovery: { state: 'pending' },
    sync: undefined,
  }));
  /** Namespace name → creationTimestamp, from the Namespace reflector's changes. */
  private readonly namespaces = new Map<string, string>();
  private namespaceOrder: string[] | undefined;
  private readonly invalid = new Map<ObjectKey, Finding>();
  private batcher: ChangeBatcher | undefined;
  /** What was last sent of each guarded kind's readable namespaces (see sendReadable). */
  private readonly readableSent = new Map<string, string>();
  private onStatus: ((status: ClusterStatus) => void) | undefined;
  private discovery: Promise<void> | undefined;
  private discoveredOnce = false;
  private wakeDiscovery = new AbortController();
  private refreshQueued = false;
  /** Kinds whose reflector last reported their resource gone (404). */
  private goneKinds = 0;
  private lastSent = '';
  private countTimer: NodeJS.Timeout | undefined;
  private readonly syncContext: KindSyncContext;
  private readonly policies: PolicyKindsSync;

  constructor(options: KubeSourceOptions) {
    this.options = options;
    this.name = options.name;
    this.log =
      options.log ??
      ((level, message) => {
        if (level !== 'info') console.error(`[kube ${options.name}] ${level}: ${message}`);
      });
    const kc = options.inCluster
      ? loadInClusterConfig()
      : loadKubeConfig(options.kubeconfigPath, options.context);
    this.client = createKubeClient(kc);
    this.server = this.client.server;
    this.tuning = {
      pageSize: options.pageSize ?? 500,
      ...(options.watchTimeoutSeconds === undefined
        ? {}
        : { watchTimeoutSeconds: options.watchTimeoutSeconds }),
      inactivityMs: options.inactivityTimeoutMs ?? 120_000,
      forbiddenRetryMs: options.forbiddenRetryMs ?? 600_000,
      notFoundRetryMs: options.rediscoverIntervalMs ?? 60_000,
    };
    const sink: ReflectorSink = {
      changes: (changes, immediate) => this.receive(changes, immediate),
      invalid: (key, message) => this.recordInvalid(key, message),
      stateChanged: () => this.queueRefresh(),
    };
    this.syncContext = {
      client: this.client,
      tuning: this.tuning,
      maxNamespaces: options.maxNamespaces ?? 200,
      sink,
      log: (level, message) => this.log(level, message),
      signal: this.controller.signal,
      namespaces: () => this.namespaceAccess(),
    };
    this.policies = new PolicyKindsSync({
      context: this.syncContext,
      named: options.policyKinds ?? [],
      send: (changes, immediate) => this.receive(changes, immediate),
      stateChanged: () => this.queueRefresh(),
    });
  }

  start(onChanges: (changes: Change[]) => void, onStatus: (status: ClusterStatus) => void): void {
    if (this.batcher) throw new Error(`kube source ${this.name} was started twice`);
    if (this.controller.signal.aborted) throw new Error(`kube source ${this.name} was stopped`);
    this.batcher = new ChangeBatcher(onChanges, this.options.coalesceMs ?? 10);
    this.onStatus = onStatus;
    this.discovery = this.discoverLoop(this.controller.signal);
    this.policies.start();
    this.queueRefresh();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    this.batcher?.close();
    clearTimeout(this.countTimer);
    await this.discovery;
    await Promise.all([...this.entries.map((entry) => entry.sync?.stop()), this.policies.stop()]);
    this.client.close();
  }

  status(): ClusterStatus {
    const kinds = [...this.entries.map((entry) => this.kindStatus(entry)), ...this.policies.statuses()];
    const base = { name: this.name, source: 'kube' as const, server: this.server, kinds };
    const unauthorized = this.entries.find(
      (entry) => entry.discovery.state === 'failed' && entry.discovery.unauthorized && !entry.sync,
    );
    if (unauthorized?.discovery.state === 'failed') {
      return { ...base, state: 'error', message: unauthorized.discovery.message };
    }
    const failedDiscovery = this.entries.find((entry) => entry.discovery.state === 'failed');
    const discoveryMessage =
      failedDiscovery?.discovery.state === 'failed' ? failedDiscovery.discovery.message : undefined;
    if (!this.discoveredOnce || kinds.some((kind) => kind.state === 'syncing')) {
      return { ...base, state: 'connecting', ...(discoveryMessage ? { message: discoveryMessage } : {}) };
    }
    const retrying = this.entries.find((entry) => entry.sync?.isRetrying());
    const policyRetry = this.policies.retryError();
    if (retrying || policyRetry !== undefined || discoveryMessage) {
      const message = retrying
        ? `${retrying.info.kind}: ${retrying.sync?.retryError() ?? ''}`
        : (policyRetry ?? discoveryMessage);
      return { ...base, state: 'reconnecting', ...(message ? { message } : {}) };
    }
    return { ...base, state: 'synced' };
  }

  private kindStatus(entry: KindEntry): KindStatus {
    if (entry.sync) return entry.sync.status();
    const base = { kind: entry.info.kind, group: entry.info.group, objects: 0 };
    switch (entry.discovery.state) {
      case 'pending':
      case 'served':
        return { ...base, state: 'syncing' };
      case 'failed':
        return { ...base, state: 'error', message: entry.discovery.message };
      case 'absent':
        return { ...base, state: 'not-installed', message: entry.discovery.message };
    }
  }

  // --- discovery -------------------------------------------------------------------------------

  private async discoverLoop(signal: AbortSignal): Promise<void> {
    const groups = groupsToDiscover();
    const backoff = new Backoff();
    while (!signal.aborted) {
      const startedAt = Date.now();
      const failures: string[] = [];
      const named = this.policies.resolveNamed(signal);
      await Promise.all(
        [...groups].map(async ([group, versions]) => {
          let served: ServedResources;
          try {
            served = await discoverGroup(this.client, group, versions, signal);
          } catch (error) {
            if (signal.aborted) return;
            const message = `discovery of ${group === '' ? 'the core API' : `API group ${group}`} failed: ${describeError(error)}`;
            failures.push(message);
            for (const entry of this.entries) {
              // A kind already known to be absent stays so; running kinds keep their watches.
              if (entry.info.group === group && !entry.sync && entry.discovery.state !== 'absent') {
                entry.discovery = { state: 'failed', message, unauthorized: isApiError(error, 401) };
              }
            }
            return;
          }
          this.discoveredOnce = true;
          await Promise.all(
            this.entries
              .filter((entry) => entry.info.group === group)
              .map((entry) => this.reconcile(entry, served)),
          );
        }),
      );
      failures.push(...(await named));
      this.queueRefresh();
      if (signal.aborted) break;
      const failed = failures.length > 0;
      if (failed) this.log('warn', failures.join('; '));
      else backoff.reset();
      const wake = this.wakeDiscovery.signal;
      const delay = failed ? backoff.next() : jitter(this.options.rediscoverIntervalMs ?? 60_000);
      await sleep(delay, AbortSignal.any([signal, wake]));
      const since = Date.now() - startedAt;
      if (since < MIN_DISCOVERY_GAP_MS) await sleep(MIN_DISCOVERY_GAP_MS - since, signal);
    }
  }

  /** Starts, switches or stops the kind's sync to match what discovery found. */
  private async reconcile(entry: KindEntry, served: ServedResources): Promise<void> {
    if (this.controller.signal.aborted) return;
    const version = pickVersion(entry.info, served);
    if (version === undefined) {
      entry.discovery = { state: 'absent', message: notInstalledMessage(entry.info, served) };
      const sync = entry.sync;
      if (sync) {
        entry.sync = undefined;
        const stopped = sync.stop();
        this.receive(sync.dropAll(), true);
        this.log('info', `${entry.info.kind}: ${entry.discovery.message}; no longer watched`);
        await stopped;
      }
      return;
    }
    entry.discovery = { state: 'served', version };
    if (entry.sync?.version === version) return;
    const previous = entry.sync;
    let carried: Map<ObjectKey, string> | undefined;
    if (previous) {
      const stopped = previous.stop();
      carried = previous.known();
      this.log('info', `${entry.info.kind}: now served as ${version} (was ${previous.version})`);
      await stopped;
    }
    if (this.controller.signal.aborted) return;
    entry.sync = new KindSync(entry.info, version, this.syncContext, carried);
    entry.sync.start();
  }

  // --- changes ---------------------------------------------------------------------------------

  private receive(changes: readonly Change[], immediate: boolean): void {
    if (this.controller.signal.aborted) return;
    if (changes.length === 0) return;
    const namespacesChanged = this.trackNamespaces(changes);
    this.batcher?.add(changes, immediate);
    if (namespacesChanged) {
      this.namespaceOrder = undefined;
      this.queueRefresh();
    } else {
      // Only object counts moved: report them, but not per event.
      this.countTimer ??= setTimeout(() => {
        this.countTimer = undefined;
        this.refresh();
      }, COUNT_ONLY_STATUS_MS);
    }
  }

  /** Keeps the namespace set for the per-namespace fallback; true when it changed. */
  private trackNamespaces(changes: readonly Change[]): boolean {
    let changed = false;
    for (const change of changes) {
      if (change.type === 'upsert' && change.object.info.kind === 'Namespace') {
        const { name, creationTimestamp } = change.object.object.metadata;
        if (!this.namespaces.has(name)) changed = true;
        this.namespaces.set(name, creationTimestamp ?? '');
      } else if (change.type === 'delete' && change.key.startsWith('Namespace/')) {
        changed = this.namespaces.delete(parseObjectKey(change.key).name) || changed;
      }
    }
    return changed;
  }

  private namespaceAccess(): NamespaceAccess {
    const entry = this.entries.find((candidate) => candidate.info.kind === 'Namespace');
    if (!entry) return { state: 'unavailable', reason: 'gatemap does not know the Namespace kind' };
    const status = this.kindStatus(entry);
    switch (status.state) {
      case 'syncing':
        return { state: 'pending' };
      case 'synced':
        this.namespaceOrder ??= [...this.namespaces]
          .sort(([nameA, createdA], [nameB, createdB]) =>
            createdA === createdB ? nameA.localeCompare(nameB) : createdA < createdB ? 1 : -1,
          )
          .map(([name]) => name);
        return { state: 'ready', names: this.namespaceOrder };
      default:
        return { state: 'unavailable', reason: status.message ?? status.state };
    }
  }

  private recordInvalid(key: ObjectKey, message: string | undefined): void {
    if (message === undefined) {
      if (!this.invalid.delete(key)) return;
    } else {
      const entry = finding('invalid-object', {
        subject: key,
        message: `${message}. gatemap skips this object until it is fixed.`,
      });
      if (this.invalid.get(key)?.message === entry.message) return;
      this.invalid.set(key, entry);
    }
    this.batcher?.add(
      [{ type: 'input-issues', source: `kube:${this.name}`, findings: [...this.invalid.values()] }],
      false,
    );
  }

  /**
   * Tells the analysis where Secrets and ConfigMaps may be read, so that a reference into a
   * namespace RBAC keeps gatemap out of is "not checked" rather than "does not exist".
   */
  private sendReadable(): void {
    for (const entry of this.entries) {
      const kind = entry.info.kind;
      if (entry.info.group !== '' || (kind !== 'Secret' && kind !== 'ConfigMap')) continue;
      const namespaces = entry.sync?.readableNamespaces();
      if (namespaces === undefined) continue;
      const text = JSON.stringify(namespaces);
      if (this.readableSent.get(kind) === text) continue;
      this.readableSent.set(kind, text);
      this.batcher?.add([{ type: 'readable', kind, namespaces }], true);
    }
  }

  // --- status ----------------------------------------------------------------------------------

  private queueRefresh(): void {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    queueMicrotask(() => {
      this.refreshQueued = false;
      this.refresh();
    });
  }

  /** Lets kinds react to namespace and state changes, then reports the status if it changed. */
  private refresh(): void {
    if (this.controller.signal.aborted) return;
    for (const entry of this.entries) entry.sync?.update();
    this.policies.update();
    const gone = this.entries.filter((entry) => entry.sync?.status().state === 'not-installed').length;
    if (gone > this.goneKinds) {
      // A reflector found its resource gone (CRD deleted): let discovery confirm it now.
      this.wakeDiscovery.abort();
      this.wakeDiscovery = new AbortController();
    }
    this.goneKinds = gone;
    this.sendReadable();
    const status = this.status();
    const text = JSON.stringify(status);
    if (text === this.lastSent) return;
    this.lastSent = text;
    this.onStatus?.(status);
  }
}
