/**
 * Reads a live cluster once, for `analyze --context`: which version of each known kind the API
 * server serves (discovery.ts), then one paginated LIST per served kind, no watch, each object
 * decoded as the server's kube source decodes it (ingest-object.ts). A namespaced kind whose
 * cluster-wide LIST is forbidden is listed namespace by namespace, the newest first, as the kube
 * source falls back (kind-sync.ts); where Secrets and ConfigMaps could be read is kept, so that
 * the analysis takes a reference into a namespace RBAC keeps gatemap out of as not checked.
 *
 * Policy kinds are found as the live server finds them (policy-kinds-sync.ts): the established
 * CustomResourceDefinitions read by the core's discovery (the policy label, else the schema), and
 * kinds named with `--policy-kinds` located through API discovery; their objects are listed like
 * the known kinds'. A CRD list RBAC refuses, like a policy kind's, is reported and left out.
 *
 * What RBAC refuses is reported and left out; anything else that fails (the kubeconfig, the
 * network, the API server) fails the whole read, since a prediction from part of a cluster that
 * could be read would be wrong without saying so. So does a read of nothing at all.
 */
import {
  discoverPolicyKinds,
  KINDS,
  type DecodedObject,
  type KindInfo,
  type ObjectKey,
  type PolicyKind,
  type ReadableNamespaces,
  type UnknownObject,
} from '@gatemap/topology';
import {
  discoverGroup,
  findResource,
  groupsToDiscover,
  notInstalledMessage,
  pickVersion,
  type ServedResources,
} from '../kube/discovery.ts';
import { ingestObject } from '../kube/ingest-object.ts';
import { createKubeClient, isApiError, type KubeClient } from '../kube/kube-client.ts';
import type { KubeConfig } from '../kube/kube-config-class.ts';
import { loadKubeConfig } from '../kube/kubeconfig.ts';
import {
  CRD_KIND,
  CRD_PAGE_SIZE,
  CRD_VERSION,
  isEstablished,
  isKnownKind,
  watchOf,
} from '../kube/policy-kinds-sync.ts';
import { describeError, LIST_METADATA_ACCEPT } from '../kube/reflector.ts';
import type { WatchedKind } from '../kube/watched-kind.ts';

/** A kubeconfig with a context selected, checked before any cluster is read. */
export interface ClusterTarget {
  readonly context: string;
  /** The context's namespace, or `default`: where `kubectl apply` puts objects that name none. */
  readonly namespace: string;
  readonly config: KubeConfig;
}

/** A kind the credentials may not list everywhere, and what the API server said. */
export interface UnreadKind {
  readonly kind: string;
  readonly group: string;
  /** The namespaces it could be listed in, when it was listed namespace by namespace. */
  readonly namespaces?: readonly string[];
  readonly message: string;
}

/** A kind the API server does not serve (its CRD is not installed, or in no version gatemap reads). */
interface NotServedKind {
  readonly kind: string;
  readonly message: string;
}

export interface ClusterRead {
  readonly context: string;
  readonly server: string;
  readonly objects: readonly DecodedObject[];
  /** The policy kinds: discovered from established CRDs, then those named that the cluster serves. */
  readonly policyKinds: readonly PolicyKind[];
  /** The objects of the policy kinds (BackendTLSPolicy, read as its own kind, is among `objects`). */
  readonly policies: readonly UnknownObject[];
  readonly readable: readonly ReadableNamespaces[];
  readonly unread: readonly UnreadKind[];
  readonly notServed: readonly NotServedKind[];
  /** Objects the cluster holds that do not decode, left out. */
  readonly skipped: readonly { readonly key: ObjectKey | undefined; readonly message: string }[];
}

/** The cluster could not be read; the message says why. */
export class ClusterReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterReadError';
  }
}

export interface ReadClusterOptions {
  readonly signal?: AbortSignal;
  /** LIST page size (default 500). */
  readonly pageSize?: number;
  /** Namespace by namespace: at most this many namespaces per kind, the newest first (default 200). */
  readonly maxNamespaces?: number;
  /** Policy kinds named with `--policy-kinds`, beside those discovered. */
  readonly policyKinds?: readonly PolicyKind[];
}

/** Loads a kubeconfig with `context` selected (its current one when undefined); throws with a clear message. */
export function clusterTarget(
  kubeconfigPath: string | undefined,
  context: string | undefined,
): ClusterTarget {
  const config = loadKubeConfig(kubeconfigPath, context);
  const name = config.getCurrentContext();
  return { context: name, namespace: config.getContextObject(name)?.namespace || 'default', config };
}

/** Reads every kind gatemap knows of the target's cluster; rejects with {@link ClusterReadError}. */
export async function readCluster(
  target: ClusterTarget,
  options: ReadClusterOptions = {},
): Promise<ClusterRead> {
  const signal = options.signal ?? new AbortController().signal;
  let client: KubeClient;
  try {
    client = createKubeClient(target.config);
  } catch (error) {
    throw new ClusterReadError(describeError(error));
  }
  try {
    const reader = new KindReader(client, signal, options);
    return { context: target.context, server: client.server, ...(await reader.read()) };
  } finally {
    client.close();
  }
}

type Listed =
  | { readonly state: 'listed'; readonly items: readonly Record<string, unknown>[] }
  | { readonly state: 'forbidden'; readonly message: string }
  | { readonly state: 'gone' };

const MAX_LIST_RESTARTS = 3;

class KindReader {
  private readonly objects: DecodedObject[] = [];
  private readonly policies: UnknownObject[] = [];
  private readonly readable: ReadableNamespaces[] = [];
  private readonly unread: UnreadKind[] = [];
  private readonly skipped: { key: ObjectKey | undefined; message: string }[] = [];
  private readonly client: KubeClient;
  private readonly signal: AbortSignal;
  private readonly pageSize: number;
  private readonly maxNamespaces: number;
  private readonly named: readonly PolicyKind[];

  constructor(client: KubeClient, signal: AbortSignal, options: ReadClusterOptions) {
    this.client = client;
    this.signal = signal;
    this.pageSize = options.pageSize ?? 500;
    this.maxNamespaces = options.maxNamespaces ?? 200;
    this.named = options.policyKinds ?? [];
  }

  async read(): Promise<Omit<ClusterRead, 'context' | 'server'>> {
    const served = await this.discover();
    const kinds: { readonly info: KindInfo; readonly version: string }[] = [];
    const notServed: NotServedKind[] = [];
    for (const info of KINDS) {
      // A group whose discovery was refused is unread, not unserved.
      const resources = served.get(info.group);
      if (resources === undefined) continue;
      const version = pickVersion(info, resources);
      if (version === undefined)
        notServed.push({ kind: info.kind, message: notInstalledMessage(info, resources) });
      else kinds.push({ info, version });
    }
    // Namespaces first: a kind forbidden cluster-wide is then listed in each of them.
    const namespaceKind = kinds.find(({ info }) => info.kind === 'Namespace');
    const namespaces = namespaceKind
      ? await this.readKind(namespaceKind.info, namespaceKind.version)
      : undefined;
    const policyKinds = await this.readPolicyKinds(notServed);
    const results = await Promise.all(
      kinds
        .filter((entry) => entry !== namespaceKind)
        .map(({ info, version }) => this.readKind(info, version, namespaces)),
    );
    // The policies of each kind gatemap does not read itself, at its first served version.
    await Promise.all(
      policyKinds.flatMap((kind) => {
        const watch = isKnownKind(kind) ? undefined : watchOf(kind);
        return watch ? [this.readKind(watch.info, watch.version, namespaces)] : [];
      }),
    );
    if (namespaces === undefined && results.every((result) => result === undefined)) {
      const reasons = this.unread.map((kind) => `${kind.kind}: ${kind.message}`).join('; ');
      throw new ClusterReadError(
        `the credentials may list none of the kinds gatemap reads${reasons ? ` (${reasons})` : ''}`,
      );
    }
    // In key order, whichever LIST finished first: the same cluster reads the same.
    const objects = this.objects.sort((left, right) =>
      left.key < right.key ? -1 : left.key > right.key ? 1 : 0,
    );
    // Known kinds in their order, then the rest (CRDs, policy kinds) by kind.
    const order = (kind: string) => {
      const index = KINDS.findIndex((info) => info.kind === kind);
      return index < 0 ? KINDS.length : index;
    };
    const unread = this.unread.sort(
      (left, right) => order(left.kind) - order(right.kind) || left.kind.localeCompare(right.kind),
    );
    const policies = this.policies.sort((left, right) =>
      left.key < right.key ? -1 : left.key > right.key ? 1 : 0,
    );
    return {
      objects,
      policyKinds,
      policies,
      readable: this.readable,
      unread,
      notServed,
      skipped: this.skipped,
    };
  }

  /**
   * The policy kinds: those the established CRDs define, then those named that no CRD read
   * describes, located through API discovery (open to every identity, so still found when the CRD
   * list is refused); a named kind the cluster does not serve is added to `notServed`.
   */
  private async readPolicyKinds(notServed: NotServedKind[]): Promise<readonly PolicyKind[]> {
    const crds = await this.list(CRD_KIND, CRD_VERSION, undefined, CRD_PAGE_SIZE);
    const kinds: PolicyKind[] = [];
    // LIST items carry no apiVersion or kind: discovery reads them as the CRDs they are.
    const typed = (raw: Record<string, unknown>) => ({
      ...raw,
      apiVersion: `${CRD_KIND.group}/${CRD_VERSION}`,
      kind: CRD_KIND.kind,
    });
    if (crds.state === 'listed')
      kinds.push(...discoverPolicyKinds(crds.items.filter(isEstablished).map(typed)).kinds);
    else if (crds.state === 'forbidden')
      this.unread.push({
        kind: CRD_KIND.kind,
        group: CRD_KIND.group,
        message: `${crds.message}; policy kinds are not discovered${this.named.length > 0 ? ', only those --policy-kinds names are read' : '; name them with --policy-kinds'}`,
      });
    const named = await Promise.all(
      this.named
        .filter((kind) => !kinds.some((found) => found.group === kind.group && found.kind === kind.kind))
        .map(async (kind): Promise<PolicyKind | undefined> => {
          let found;
          try {
            found = await findResource(this.client, kind.group, kind.kind, this.signal);
          } catch (error) {
            throw new ClusterReadError(
              `discovery of ${kind.kind}.${kind.group} (--policy-kinds) failed: ${describeError(error)}`,
            );
          }
          if (found !== undefined)
            return { ...kind, plural: found.plural, versions: found.versions, namespaced: found.namespaced };
          notServed.push({
            kind: kind.kind,
            message: `${kind.kind}.${kind.group}, named by --policy-kinds, is not served by the API server`,
          });
          return undefined;
        }),
    );
    for (const kind of named) if (kind !== undefined) kinds.push(kind);
    return kinds;
  }

  /** Group → what it serves; a group whose discovery is forbidden serves nothing gatemap may read. */
  private async discover(): Promise<Map<string, ServedResources>> {
    const served = new Map<string, ServedResources>();
    await Promise.all(
      [...groupsToDiscover()].map(async ([group, versions]) => {
        try {
          served.set(group, await discoverGroup(this.client, group, versions, this.signal));
        } catch (error) {
          const what = group === '' ? 'the core API' : `API group ${group}`;
          if (!isApiError(error, 403))
            throw new ClusterReadError(`discovery of ${what} failed: ${describeError(error)}`);
          for (const info of KINDS)
            if (info.group === group)
              this.unread.push({ kind: info.kind, group, message: `discovery of ${what}: ${error.message}` });
        }
      }),
    );
    return served;
  }

  /**
   * Lists one kind into `objects`; returns the names of what was listed (newest first, for
   * Namespaces), or undefined when nothing of the kind could be read.
   */
  private async readKind(
    info: WatchedKind,
    version: string,
    namespaces?: readonly string[],
  ): Promise<readonly string[] | undefined> {
    const whole = await this.list(info, version);
    if (whole.state === 'gone') return [];
    if (whole.state === 'listed') {
      this.noteReadable(info, 'all');
      return this.ingest(info, version, whole.items);
    }
    if (!info.namespaced || namespaces === undefined) {
      const why = info.namespaced ? '; namespaces cannot be listed either, so none was tried on its own' : '';
      this.unread.push({ kind: info.kind, group: info.group, message: `${whole.message}${why}` });
      this.noteReadable(info, []);
      return undefined;
    }
    const tried = namespaces.slice(0, this.maxNamespaces);
    const lists = await Promise.all(tried.map((namespace) => this.list(info, version, namespace)));
    const readable: string[] = [];
    lists.forEach((listed, index) => {
      if (listed.state !== 'listed') return;
      readable.push(tried[index] ?? '');
      this.ingest(info, version, listed.items);
    });
    const capped =
      namespaces.length > tried.length
        ? `; only the newest ${tried.length} of ${namespaces.length} namespaces were tried`
        : '';
    this.unread.push({
      kind: info.kind,
      group: info.group,
      namespaces: readable.sort(),
      message: `${whole.message}; listed in ${readable.length} of ${namespaces.length} namespaces${capped}`,
    });
    this.noteReadable(info, readable);
    return readable.length > 0 ? readable : undefined;
  }

  private noteReadable(info: WatchedKind, namespaces: 'all' | readonly string[]): void {
    if (info.group === '' && (info.kind === 'Secret' || info.kind === 'ConfigMap'))
      this.readable.push({ kind: info.kind, namespaces });
  }

  /** Decodes listed items into `objects`; returns their names, the newest first. */
  private ingest(info: WatchedKind, version: string, items: readonly Record<string, unknown>[]): string[] {
    const named: { name: string; created: string }[] = [];
    for (const raw of items) {
      const result = ingestObject(info, version, raw);
      if (!result.ok) {
        this.skipped.push({ key: result.key, message: result.message });
        continue;
      }
      if (result.change.type === 'upsert-unknown' && result.change.object.why === 'unknown-kind')
        this.policies.push(result.change.object);
      if (result.change.type !== 'upsert') continue;
      this.objects.push(result.change.object);
      const { name, creationTimestamp } = result.change.object.object.metadata;
      named.push({ name, created: creationTimestamp ?? '' });
    }
    return named
      .sort((left, right) =>
        left.created === right.created
          ? left.name.localeCompare(right.name)
          : left.created < right.created
            ? 1
            : -1,
      )
      .map(({ name }) => name);
  }

  /** Every page of one LIST; 403 is `forbidden`, 404 (the CRD went away) `gone`, anything else throws. */
  private async list(
    info: WatchedKind,
    version: string,
    namespace?: string,
    pageSize = this.pageSize,
  ): Promise<Listed> {
    const groupPath = info.group === '' ? `/api/${version}` : `/apis/${info.group}/${version}`;
    const scope = namespace === undefined ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
    const path = `${groupPath}${scope}/${info.plural}`;
    const accept = info.metadataOnly ? LIST_METADATA_ACCEPT : undefined;
    for (let restarts = 0; ; restarts += 1) {
      const items: Record<string, unknown>[] = [];
      let token: string | undefined;
      try {
        do {
          const query = new URLSearchParams({ limit: String(pageSize) });
          if (token !== undefined) query.set('continue', token);
          const page = (await this.client.get(`${path}?${query}`, {
            ...(accept ? { accept } : {}),
            signal: this.signal,
          })) as ListPage;
          for (const raw of page.items ?? [])
            if (typeof raw === 'object' && raw !== null && !Array.isArray(raw))
              items.push(raw as Record<string, unknown>);
          token = page.metadata?.continue || undefined;
        } while (token !== undefined);
        return { state: 'listed', items };
      } catch (error) {
        if (isApiError(error, 403)) return { state: 'forbidden', message: error.message };
        if (isApiError(error, 404)) return { state: 'gone' };
        // An expired continue token: the snapshot is gone, start over from the first page.
        if (token !== undefined && isApiError(error, 410) && restarts < MAX_LIST_RESTARTS) continue;
        const where = namespace === undefined ? '' : ` in namespace ${namespace}`;
        throw new ClusterReadError(`listing ${info.plural}${where} failed: ${describeError(error)}`);
      }
    }
  }
}

interface ListPage {
  readonly items?: readonly unknown[] | null;
  readonly metadata?: { readonly continue?: string };
}
