/**
 * What the Gateway API side of a topology serves, as Ingress coverage reads it: one entry per
 * HTTPRoute match on each listener it attaches to (or on each parent that rejects it), keyed by
 * the hostname it serves there, and every HTTPS listener with the Secrets it references. It is
 * built once per analysis from the engine's results (`engine.route`, `engine.gateway`,
 * `engine.listenerSet`), never re-deriving attachment, hostnames or backend resolution; judging
 * one Ingress against it then costs a few map lookups per Ingress path (ingress-coverage.ts).
 * @see ../shared/ingress-migration.md beside the repository, §D
 */
import type { ListenerAnalysis } from './analysis-results.ts';
import type { Service } from './core-v1.ts';
import { objectOfKind, type DecodedObject } from './decode-object.ts';
import type { TopologyEngine } from './engine.ts';
import type { Listener, RouteRule } from './gateway-api.ts';
import { routeHostnamesOnListener } from './hostnames.ts';
import type { ObjectMeta } from './meta.ts';
import { objectKey, type ObjectKey } from './object-key.ts';
import { resolveSecretRef } from './resolve-refs.ts';
import { isPlainObject } from './schema.ts';

/** A listener as coverage names it: its owner (Gateway or ListenerSet) and its name. */
export interface ServingListener {
  readonly parent: ObjectKey;
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
  readonly hostname?: string;
}

/** One backendRef of a rule, as the analysis resolved it. */
export interface ServedBackend {
  readonly key: ObjectKey;
  readonly kind: string;
  readonly port?: number;
  readonly weight: number;
  readonly resolved: boolean;
  /** Why it does not resolve (`BackendNotFound`, `RefNotPermitted`, …). */
  readonly reason?: string;
}

/** What one match of a rule asks of a request. */
interface MatchShape {
  /** `Exact`, `PathPrefix` or `RegularExpression`; a rule without matches is PathPrefix `/`. */
  readonly pathType: string;
  readonly path: string;
  /** The match also asks for headers, query parameters or a method. */
  readonly conditions: boolean;
  /** What ranks matches of equal path after it (G6): a method, how many headers, how many query parameters. */
  readonly method: boolean;
  readonly headers: number;
  readonly queryParams: number;
}

/** One match of one HTTPRoute rule, on one listener (accepted) or one parent (rejected). */
export interface ServedMatch extends MatchShape {
  readonly route: ObjectKey;
  readonly routeMeta: ObjectMeta;
  readonly rule: number;
  /** The hostname served (`*` for every host): the Route's and the listener's intersection. */
  readonly hostname: string;
  /** The index of the match in its rule, the last tie-breaker (G6). */
  readonly match: number;
  /** The Route names no hostname (or `*`): a catch-all that only a listener hostname narrows (E15). */
  readonly catchAll: boolean;
  /** Undefined for a parent that rejects the Route. */
  readonly listener?: ServingListener;
  readonly accepted: boolean;
  /** For a Route that is not accepted: the parent and the reason of its `Accepted` condition. */
  readonly rejected?: { readonly parent: ObjectKey; readonly reason: string };
  readonly backends: readonly ServedBackend[];
  /** The types of the rule's filters (`RequestRedirect`, `URLRewrite`, …). */
  readonly filters: readonly string[];
  /** A RequestRedirect of the rule sends to the `https` scheme. */
  readonly redirectsToHttps: boolean;
}

/** An HTTPS listener and the certificate Secrets it references. */
export interface HttpsListener extends ServingListener {
  readonly accepted: boolean;
  readonly secrets: readonly ObjectKey[];
}

/** The index coverage is judged against; build it with `indexServedRoutes`. */
export interface ServedRouteIndex {
  /** Entries by the hostname they serve (`*` for every host). */
  readonly byHostname: ReadonlyMap<string, readonly ServedMatch[]>;
  readonly httpsListeners: readonly HttpsListener[];
  /** Entries of Routes without hostnames that a listener hostname narrows to one host (E15). */
  readonly narrowedCatchAll: () => readonly ServedMatch[];
  /** The Service of a key, to read port names. */
  readonly service: (key: ObjectKey) => Service | undefined;
}

const DEFAULT_MATCH: readonly { readonly path: unknown }[] = [{ path: { type: 'PathPrefix', value: '/' } }];

/** Indexes every HTTPRoute of an analyzed engine (see the module header). */
export function indexServedRoutes(engine: TopologyEngine): ServedRouteIndex {
  const byHostname = new Map<string, ServedMatch[]>();
  const httpsListeners: HttpsListener[] = [];
  const narrowed: ServedMatch[] = [];
  for (const decoded of engine.allObjects()) {
    for (const listener of httpsListenersOf(engine, decoded)) httpsListeners.push(listener);
    for (const entry of servedMatchesOf(engine, decoded)) {
      if (isNarrowedCatchAll(entry)) narrowed.push(entry);
      const bucket = byHostname.get(entry.hostname);
      if (bucket) bucket.push(entry);
      else byHostname.set(entry.hostname, [entry]);
    }
  }
  return {
    byHostname,
    httpsListeners,
    narrowedCatchAll: () => narrowed,
    service: (key) => objectOfKind(engine.object(key), 'Service'),
  };
}

/** The HTTPS listeners of a Gateway or ListenerSet, as analyzed; none for another object. */
export function httpsListenersOf(engine: TopologyEngine, decoded: DecodedObject): HttpsListener[] {
  if (decoded.role !== 'gateway' && decoded.role !== 'listenerset') return [];
  const analysis = decoded.role === 'gateway' ? engine.gateway(decoded.key) : engine.listenerSet(decoded.key);
  const namespace = decoded.object.metadata.namespace ?? 'default';
  const out: HttpsListener[] = [];
  for (const listener of analysis?.listeners ?? []) {
    if (listener.protocol !== 'HTTPS') continue;
    const spec = decoded.object.spec.listeners?.find((item) => item.name === listener.name);
    out.push({
      ...servingListener(decoded.key, listener),
      accepted: listener.accepted,
      secrets: secretsOf(namespace, spec),
    });
  }
  return out;
}

/** The entries one HTTPRoute adds to the index, as analyzed; none for another object. */
export function servedMatchesOf(engine: TopologyEngine, decoded: DecodedObject): ServedMatch[] {
  if (decoded.role !== 'route' || decoded.object.kind !== 'HTTPRoute') return [];
  const analysis = engine.route(decoded.key);
  if (!analysis) return [];
  const out: ServedMatch[] = [];
  const route = decoded.object;
  const dropped = new Set(
    analysis.findings.filter((item) => item.slug === 'route-rule-invalid').map((item) => item.field),
  );
  const rules = route.spec.rules ?? [];
  const specHostnames = route.spec.hostnames ?? [];
  const catchAll = specHostnames.length === 0 || specHostnames.includes('*');
  for (const parent of analysis.parents) {
    const owner = parent.parent.key;
    const listeners = engine.gateway(owner)?.listeners ?? engine.listenerSet(owner)?.listeners ?? [];
    const places: { listener?: ServingListener; hostnames: readonly string[]; rejected?: string }[] = [];
    if (!parent.accepted) {
      const reason =
        parent.conditions.find((item) => item.type === 'Accepted')?.reason ??
        parent.unwrittenReason ??
        'NotAccepted';
      places.push({ hostnames: specHostnames.length > 0 ? specHostnames : ['*'], rejected: reason });
    } else
      for (const name of parent.listeners) {
        const listener = listeners.find((item) => item.name === name);
        if (!listener) continue;
        places.push({
          listener: servingListener(owner, listener),
          hostnames: routeHostnamesOnListener(listener.hostname, specHostnames),
          ...(listener.accepted ? {} : { rejected: 'ListenerNotAccepted' }),
        });
      }
    for (const place of places)
      rules.forEach((rule, index) => {
        if (dropped.has(`spec.rules[${index}]`)) return;
        const backends = analysis.backends
          .filter((item) => item.rule === index && item.role === 'backend')
          .map((item): ServedBackend => ({
            key: item.ref.key,
            kind: item.ref.kind,
            ...(item.ref.port === undefined ? {} : { port: item.ref.port }),
            weight: item.ref.weight,
            resolved: item.resolved,
            ...(item.reason === undefined ? {} : { reason: item.reason }),
          }));
        const filters = (rule.filters ?? []).map((filter) => filter.type);
        const redirectsToHttps = (rule.filters ?? []).some(
          (filter) => filter.type === 'RequestRedirect' && filter.requestRedirect?.['scheme'] === 'https',
        );
        matchesOf(rule).forEach((match, matchIndex) => {
          for (const hostname of place.hostnames)
            out.push({
              route: decoded.key,
              routeMeta: route.metadata,
              rule: index,
              match: matchIndex,
              hostname,
              catchAll,
              ...match,
              ...(place.listener ? { listener: place.listener } : {}),
              accepted: place.rejected === undefined,
              ...(place.rejected === undefined
                ? {}
                : { rejected: { parent: owner, reason: place.rejected } }),
              backends,
              filters,
              redirectsToHttps,
            });
        });
      });
  }
  return out;
}

/** A Route without hostnames whose listener's hostname narrows it to one host (E15). */
export function isNarrowedCatchAll(entry: ServedMatch): boolean {
  return entry.catchAll && entry.hostname !== '*';
}

/** The entries that serve `host` (undefined: an Ingress rule without host, served only by `*`). */
export function entriesServing(index: ServedRouteIndex, host: string | undefined): readonly ServedMatch[] {
  const all = index.byHostname.get('*') ?? [];
  if (host === undefined) return all;
  const out = [...(index.byHostname.get(host) ?? []), ...all];
  // A precise host is served by every Gateway API wildcard suffix of it (G1); an Ingress
  // wildcard only through the identical wildcard (C2), which is the lookup above.
  if (!host.startsWith('*.'))
    for (let dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1))
      out.push(...(index.byHostname.get(`*${host.slice(dot)}`) ?? []));
  return out;
}

/** Whether a listener hostname (or none) admits `host`, as Gateway API hostnames match (G1). */
export function listenerCovers(listenerHostname: string | undefined, host: string): boolean {
  if (listenerHostname === undefined || listenerHostname === host) return true;
  return (
    listenerHostname.startsWith('*.') && !host.startsWith('*.') && host.endsWith(listenerHostname.slice(1))
  );
}

function servingListener(parent: ObjectKey, listener: ListenerAnalysis): ServingListener {
  return {
    parent,
    name: listener.name,
    protocol: listener.protocol,
    port: listener.port,
    ...(listener.hostname === undefined ? {} : { hostname: listener.hostname }),
  };
}

function secretsOf(namespace: string, listener: Listener | undefined): readonly ObjectKey[] {
  return (listener?.tls?.certificateRefs ?? []).map((ref) => resolveSecretRef(namespace, ref).key);
}

function matchesOf(rule: RouteRule): MatchShape[] {
  const matches: readonly unknown[] = rule.matches && rule.matches.length > 0 ? rule.matches : DEFAULT_MATCH;
  return matches.map((match) => {
    const fields = isPlainObject(match) ? match : {};
    const path = isPlainObject(fields['path']) ? fields['path'] : {};
    const type = typeof path['type'] === 'string' ? path['type'] : 'PathPrefix';
    const value = typeof path['value'] === 'string' ? path['value'] : '/';
    const count = (field: string): number => {
      const list = fields[field];
      return Array.isArray(list) ? list.length : 0;
    };
    const method = typeof fields['method'] === 'string';
    const headers = count('headers');
    const queryParams = count('queryParams');
    return {
      pathType: type,
      path: value,
      conditions: method || headers > 0 || queryParams > 0,
      method,
      headers,
      queryParams,
    };
  });
}

/** The key of a Service of `namespace`, as an Ingress backend names it. */
export function serviceKey(namespace: string, name: string): ObjectKey {
  return objectKey('', 'Service', namespace, name);
}
