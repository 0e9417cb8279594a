/**
 * The migration coverage of every Ingress of a graph, kept current as the cluster changes: judged
 * by the core's rules (`ingressCoverage`) against an index of what the HTTPRoutes serve, turned
 * into the summary the map shows, and judged again only when something it reads changed.
 *
 * The index (`ingress-route-index.ts`) is built once, when the first Ingress is judged, and then
 * kept current object by object: a changed HTTPRoute replaces its own entries, a changed Gateway
 * or ListenerSet its HTTPS listeners. What a change re-judges: a changed Ingress, with the
 * Ingresses sharing its hosts before or now (their paths carve up the host, I8); a changed
 * HTTPRoute, the Ingresses of the hosts it served before or serves now (every Ingress for a Route
 * that serves every host; those without host too for a Route a listener hostname narrows, E15), so
 * a Route that takes a sub-path of a host's Ingress path re-judges that Ingress; HTTPS listeners
 * that changed, the Ingresses with TLS hosts; a changed Service, the Ingresses of its namespace
 * (their backend edges and named ports); a changed IngressClass, every Ingress (their class
 * edges). A graph without Ingresses keeps no index and pays only a look at the kind of each
 * changed key.
 *
 * Cost: building the index is O(Routes × matches + listeners); a Route change O(its entries +
 * the entries of its hostnames) plus judging the Ingresses of those hosts; judging a key walks
 * the entries serving its host (its bucket, its wildcard suffixes, the catch-all), never every Route.
 * Measured by `pnpm bench:ingress`.
 */
import { objectOfKind, type DecodedObject } from './decode-object.ts';
import type { ChangeSet, TopologyEngine } from './engine.ts';
import { ingressCoverage, type IngressCoverage, type PathCoverage } from './ingress-coverage.ts';
import type { Ingress } from './ingress.ts';
import {
  httpsListenersOf,
  isNarrowedCatchAll,
  servedMatchesOf,
  type HttpsListener,
  type ServedMatch,
  type ServedRouteIndex,
} from './ingress-route-index.ts';
import { parseObjectKey, type ObjectKey } from './object-key.ts';
import type { IngressCoverageSummary, UnservedIngressKey } from './protocol.ts';

const LISTENER_KINDS: ReadonlySet<string> = new Set(['Gateway', 'ListenerSet', 'XListenerSet']);
/** The host bucket of Ingress keys without a host (a rule without one, the defaultBackend). */
const EVERY_HOST = '';
const NONE: readonly never[] = Object.freeze([]);

/** The served-Route index, kept current object by object. */
class LiveIndex implements ServedRouteIndex {
  readonly byHostname = new Map<string, ServedMatch[]>();
  readonly entriesOf = new Map<ObjectKey, readonly ServedMatch[]>();
  readonly listenersOf = new Map<ObjectKey, readonly HttpsListener[]>();
  /** Every HTTPS listener, listed again after one changed. */
  private listed: readonly HttpsListener[] | undefined;
  /** The narrowed catch-all entries (E15), listed again after a Route changed. */
  private narrowed: readonly ServedMatch[] | undefined;
  readonly service: ServedRouteIndex['service'];

  constructor(engine: TopologyEngine) {
    this.service = (key) => objectOfKind(engine.object(key), 'Service');
  }

  get httpsListeners(): readonly HttpsListener[] {
    return (this.listed ??= [...this.listenersOf.values()].flat());
  }

  listenersChanged(): void {
    this.listed = undefined;
  }

  readonly narrowedCatchAll = (): readonly ServedMatch[] =>
    (this.narrowed ??= [...this.entriesOf.values()].flat().filter(isNarrowedCatchAll));

  routesChanged(): void {
    this.narrowed = undefined;
  }
}

export class IngressCoverageView {
  private readonly engine: TopologyEngine;
  /** The Ingresses of the graph by namespace, as their coverage was asked for. */
  private readonly byNamespace = new Map<string, Set<ObjectKey>>();
  /** The Ingresses by each host they route or terminate TLS for (`EVERY_HOST` for none). */
  private readonly byHost = new Map<string, Set<ObjectKey>>();
  private readonly hostsOf = new Map<ObjectKey, readonly string[]>();
  /** Ingresses with TLS hosts, judged again when an HTTPS listener changes. */
  private readonly withTls = new Set<ObjectKey>();
  private readonly summaries = new Map<ObjectKey, IngressCoverageSummary>();
  private live: LiveIndex | undefined;

  constructor(engine: TopologyEngine) {
    this.engine = engine;
  }

  /** The coverage summary of an Ingress of the engine. */
  summary(object: DecodedObject<'Ingress'>): IngressCoverageSummary {
    const known = this.summaries.get(object.key);
    if (known) return known;
    this.track(object.key, object);
    const siblings = new Set<Ingress>();
    for (const host of this.hostsOf.get(object.key) ?? NONE)
      for (const key of this.byHost.get(host) ?? NONE) {
        const other = key === object.key ? undefined : objectOfKind(this.engine.object(key), 'Ingress');
        if (other) siblings.add(other);
      }
    const index = (this.live ??= this.buildIndex());
    const summary = toSummary(ingressCoverage(object.object, index, [...siblings]));
    this.summaries.set(object.key, summary);
    return summary;
  }

  /**
   * The Ingresses whose node or edges a change set may change (see the module header); their
   * coverage is forgotten, to be judged again when their nodes are built.
   */
  affected(changes: ChangeSet): ObjectKey[] {
    const out = new Set<ObjectKey>();
    const hosts = new Set<string>();
    const namespaces = new Set<string>();
    const shared = new Set<string>();
    let everything = false;
    let tls = false;
    const live = this.live;
    const visit = (key: ObjectKey): void => {
      const kind = key.slice(0, key.indexOf('/'));
      if (kind === 'Ingress') {
        out.add(key);
        // Ingresses sharing a host share its paths (I8): those of its hosts before and after.
        for (const host of this.hostsOf.get(key) ?? NONE) shared.add(host);
        this.track(key, this.engine.object(key));
        for (const host of this.hostsOf.get(key) ?? NONE) shared.add(host);
      } else if (kind === 'HTTPRoute') {
        if (live) for (const hostname of this.replaceEntries(live, key)) hosts.add(hostname);
      } else if (LISTENER_KINDS.has(kind)) {
        if (live && this.replaceListeners(live, key)) tls = true;
      } else if (kind === 'IngressClass') everything = true;
      else if (kind === 'Service') {
        const namespace = parseObjectKey(key).namespace;
        if (namespace !== undefined) namespaces.add(namespace);
      }
    };
    for (const key of changes.changed) visit(key);
    for (const key of changes.removed) visit(key);
    if (this.byNamespace.size === 0) {
      // No Ingress left: nothing to keep an index for.
      this.live = undefined;
      return [...out];
    }
    if (everything || hosts.has('*'))
      for (const keys of this.byNamespace.values()) for (const key of keys) out.add(key);
    else {
      for (const hostname of hosts) for (const key of this.ingressesServedBy(hostname)) out.add(key);
      for (const host of shared) for (const key of this.byHost.get(host) ?? NONE) out.add(key);
      if (tls) for (const key of this.withTls) out.add(key);
      for (const namespace of namespaces)
        for (const key of this.byNamespace.get(namespace) ?? NONE) out.add(key);
    }
    for (const key of out) this.summaries.delete(key);
    return [...out];
  }

  /** The Ingresses an index entry for `hostname` may serve (as `entriesServing` looks entries up). */
  private *ingressesServedBy(hostname: string): Iterable<ObjectKey> {
    yield* this.byHost.get(hostname) ?? NONE;
    if (!hostname.startsWith('*.')) return;
    // A Gateway API wildcard serves every precise host under it.
    const suffix = hostname.slice(1);
    for (const [host, keys] of this.byHost)
      if (host !== EVERY_HOST && !host.startsWith('*.') && host.endsWith(suffix)) yield* keys;
  }

  private buildIndex(): LiveIndex {
    const engine = this.engine;
    const live = new LiveIndex(engine);
    for (const decoded of engine.allObjects()) {
      const listeners = httpsListenersOf(engine, decoded);
      if (listeners.length > 0) live.listenersOf.set(decoded.key, listeners);
      const entries = servedMatchesOf(engine, decoded);
      if (entries.length > 0) {
        live.entriesOf.set(decoded.key, entries);
        for (const entry of entries) addEntry(live.byHostname, entry);
      }
    }
    return live;
  }

  /** Replaces a Route's entries with those of its current analysis; the hostnames of both. */
  private replaceEntries(live: LiveIndex, key: ObjectKey): Set<string> {
    const hostnames = new Set<string>();
    const before = live.entriesOf.get(key) ?? NONE;
    live.routesChanged();
    for (const entry of before) hostnames.add(entry.hostname);
    for (const hostname of hostnames) {
      const bucket = live.byHostname.get(hostname)?.filter((entry) => entry.route !== key) ?? [];
      if (bucket.length > 0) live.byHostname.set(hostname, bucket);
      else live.byHostname.delete(hostname);
    }
    const object = this.engine.object(key);
    const after = object ? servedMatchesOf(this.engine, object) : NONE;
    if (after.length > 0) live.entriesOf.set(key, after);
    else live.entriesOf.delete(key);
    for (const entry of after) {
      addEntry(live.byHostname, entry);
      hostnames.add(entry.hostname);
    }
    // E15: a catch-all narrowed by its listener is judged against the Ingress keys without host.
    for (const entry of [...before, ...after]) if (isNarrowedCatchAll(entry)) hostnames.add(EVERY_HOST);
    return hostnames;
  }

  /** Replaces a Gateway's or ListenerSet's HTTPS listeners; whether they changed. */
  private replaceListeners(live: LiveIndex, key: ObjectKey): boolean {
    const object = this.engine.object(key);
    const after = object ? httpsListenersOf(this.engine, object) : NONE;
    const before = live.listenersOf.get(key) ?? NONE;
    if (JSON.stringify(before) === JSON.stringify(after)) return false;
    if (after.length > 0) live.listenersOf.set(key, after);
    else live.listenersOf.delete(key);
    live.listenersChanged();
    return true;
  }

  /** Files an Ingress under its namespace and hosts as it is now (undefined: it is gone). */
  private track(key: ObjectKey, object: DecodedObject | undefined): void {
    for (const host of this.hostsOf.get(key) ?? NONE) {
      const keys = this.byHost.get(host);
      keys?.delete(key);
      if (keys?.size === 0) this.byHost.delete(host);
    }
    this.hostsOf.delete(key);
    this.withTls.delete(key);
    const namespace = parseObjectKey(key).namespace ?? 'default';
    let keys = this.byNamespace.get(namespace);
    const ingress = objectOfKind(object, 'Ingress');
    if (!ingress) {
      keys?.delete(key);
      if (keys?.size === 0) this.byNamespace.delete(namespace);
      this.summaries.delete(key);
      return;
    }
    if (!keys) this.byNamespace.set(namespace, (keys = new Set()));
    keys.add(key);
    const spec = ingress.spec;
    const hosts = new Set<string>();
    for (const rule of spec?.rules ?? []) hosts.add(rule.host || EVERY_HOST);
    if (spec?.defaultBackend) hosts.add(EVERY_HOST);
    for (const entry of spec?.tls ?? []) for (const host of entry.hosts ?? []) hosts.add(host);
    if ((spec?.tls ?? []).length > 0) this.withTls.add(key);
    this.hostsOf.set(key, [...hosts]);
    for (const host of hosts) {
      let byHost = this.byHost.get(host);
      if (!byHost) this.byHost.set(host, (byHost = new Set()));
      byHost.add(key);
    }
  }
}

function addEntry(byHostname: Map<string, ServedMatch[]>, entry: ServedMatch): void {
  const bucket = byHostname.get(entry.hostname);
  if (bucket) bucket.push(entry);
  else byHostname.set(entry.hostname, [entry]);
}

/** The wire summary of a coverage judgement: counts, the state, and each key not served with why. */
function toSummary(coverage: IngressCoverage): IngressCoverageSummary {
  const unserved: UnservedIngressKey[] = [];
  for (const path of coverage.paths)
    if (!path.verdict.served) unserved.push(unservedKey(describePath(path), path.field, path.verdict));
  for (const tls of coverage.tls)
    if (!tls.verdict.served) unserved.push(unservedKey(`TLS ${tls.host}`, tls.field, tls.verdict));
  return {
    state: coverage.state,
    served: coverage.paths.length + coverage.tls.length - coverage.unserved,
    total: coverage.paths.length + coverage.tls.length,
    unserved,
  };
}

function unservedKey(
  key: string,
  field: string,
  verdict: Extract<PathCoverage['verdict'], { served: false }>,
): UnservedIngressKey {
  return {
    key,
    field,
    reason: verdict.reason,
    ...(verdict.routeReason === undefined ? {} : { routeReason: verdict.routeReason }),
    message: verdict.message,
  };
}

/** `shop.example.com/api (Prefix) → storefront:80`; `*` for every host. */
function describePath(path: PathCoverage): string {
  const target = path.backend
    ? ` → ${parseObjectKey(path.backend.service).name}${path.backend.port === undefined ? '' : `:${path.backend.port}`}`
    : '';
  const where =
    path.field === 'spec.defaultBackend'
      ? 'default backend'
      : `${path.host ?? '*'}${path.path} (${path.pathType})`;
  return `${where}${target}`;
}
