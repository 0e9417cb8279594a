/**
 * Whether the Gateway API already serves an Ingress, judged exactly (§D of the migration rules):
 * each routing key of the Ingress — every rule path (host, pathType, path → Service and port
 * number), the `defaultBackend`, every TLS host — is served or not, and why, against the Routes
 * the analysis accepted on accepted listeners. An Ingress is `covered` when every key is served
 * (it can be deleted), `not-started` when none is, `partial` otherwise.
 *
 * It stays cheap for a live view: the Routes are indexed once per analysis
 * (`indexServedRoutes`, ingress-route-index.ts); `ingressCoverage` then judges one Ingress with a
 * few map lookups per key and no walk over the Routes, so a changed Ingress is recomputed alone,
 * and a changed Route costs one new index and a pass over the Ingresses.
 * @see ../shared/ingress-migration.md beside the repository, §D (C1–C6)
 */
import { compareByAge } from './precedence.ts';
import { ingressClassOf, type Ingress, type IngressBackend, type IngressPathType } from './ingress.ts';
import type { TopologyEngine } from './engine.ts';
import {
  entriesServing,
  indexServedRoutes,
  listenerCovers,
  serviceKey,
  type ServedMatch,
  type ServedRouteIndex,
  type ServingListener,
} from './ingress-route-index.ts';
import { objectLabel } from './mention.ts';
import { objectKey, type ObjectKey } from './object-key.ts';

/** Why an Ingress key is not served identically; each has a message that says it in words. */
export type UncoveredReason =
  | 'no-route'
  | 'route-rejected'
  | 'extra-conditions'
  | 'redirects'
  | 'rewrites'
  | 'no-backend'
  | 'different-backend'
  | 'different-port'
  | 'backend-unresolved'
  | 'port-unresolved'
  | 'not-comparable'
  | 'no-https-listener'
  | 'secret-not-referenced'
  | 'no-https-redirect';

/** Where a key is served: the Route, its rule and the listener. */
export interface ServedBy {
  readonly route: ObjectKey;
  readonly rule: number;
  readonly listener: ServingListener;
}

export type KeyVerdict =
  | { readonly served: true; readonly by: ServedBy }
  | {
      readonly served: false;
      readonly reason: UncoveredReason;
      readonly message: string;
      /** The Route the reason is about (the rejected one, the one with another backend). */
      readonly route?: ObjectKey;
      /** For `route-rejected`: the reason of the Route's `Accepted` condition. */
      readonly routeReason?: string;
    };

/** One rule path or the default backend of an Ingress, and its verdict. */
export interface PathCoverage {
  /** `spec.rules[0].http.paths[1]` or `spec.defaultBackend`. */
  readonly field: string;
  /** Undefined for a rule without host and for the default backend (every host). */
  readonly host?: string;
  readonly pathType: IngressPathType;
  readonly path: string;
  /** The Service and port number the Ingress sends to; port undefined when a name did not resolve. */
  readonly backend?: { readonly service: ObjectKey; readonly port?: number };
  readonly verdict: KeyVerdict;
}

export interface TlsCoverage {
  readonly field: string;
  readonly host: string;
  /**
   * `certificate`: the host is served over HTTPS with the Secret; `redirect`: plain HTTP requests
   * to it are redirected to HTTPS, as ingress-nginx does by default for a TLS host (C5).
   */
  readonly aspect: 'certificate' | 'redirect';
  readonly secret?: ObjectKey;
  readonly verdict: KeyVerdict;
}

export type CoverageState = 'covered' | 'partial' | 'not-started';

export interface IngressCoverage {
  readonly key: ObjectKey;
  readonly namespace: string;
  readonly name: string;
  /** The class asked for (field, else the deprecated annotation, I1). */
  readonly className?: string;
  readonly state: CoverageState;
  readonly paths: readonly PathCoverage[];
  readonly tls: readonly TlsCoverage[];
  /** How many keys are not served. */
  readonly unserved: number;
}

/** Annotations under which a URLRewrite serves the Ingress's behaviour (C4). */
const REWRITE_ANNOTATION = 'nginx.ingress.kubernetes.io/rewrite-target';
/** ingress-nginx redirects HTTP to HTTPS for a TLS host unless this is "false" (C5). */
const SSL_REDIRECT = 'nginx.ingress.kubernetes.io/ssl-redirect';
/** ingress-nginx redirects HTTP to HTTPS for every host when this is "true", TLS or not. */
const FORCE_SSL_REDIRECT = 'nginx.ingress.kubernetes.io/force-ssl-redirect';

/** Judges one Ingress against the index of what the Gateway API serves (see the module header). */
export function ingressCoverage(ingress: Ingress, index: ServedRouteIndex): IngressCoverage {
  const namespace = ingress.metadata.namespace ?? 'default';
  const rewrites = ingress.metadata.annotations?.[REWRITE_ANNOTATION] !== undefined;
  const paths: PathCoverage[] = [];
  (ingress.spec?.rules ?? []).forEach((rule, ruleIndex) => {
    const host = rule.host === '' ? undefined : rule.host;
    // I3: a rule without http "defaults to a http catch-all", left to the controller.
    if (!rule.http)
      paths.push({
        field: `spec.rules[${ruleIndex}]`,
        ...(host === undefined ? {} : { host }),
        pathType: 'Prefix',
        path: '/',
        verdict: unserved(
          'not-comparable',
          `${host ?? '(every host)'}: a rule without http is a catch-all whose backend is left to the controller`,
        ),
      });
    (rule.http?.paths ?? []).forEach((path, pathIndex) => {
      const key = {
        field: `spec.rules[${ruleIndex}].http.paths[${pathIndex}]`,
        host,
        pathType: path.pathType,
        path: path.path ?? '/',
      };
      paths.push(judgePath(index, namespace, key, path.backend, rewrites));
    });
  });
  const fallback = ingress.spec?.defaultBackend;
  if (fallback)
    paths.push(
      judgePath(
        index,
        namespace,
        { field: 'spec.defaultBackend', host: undefined, pathType: 'Prefix', path: '/' },
        fallback,
        rewrites,
      ),
    );
  const tls: TlsCoverage[] = [];
  const annotations = ingress.metadata.annotations;
  const redirects = annotations?.[SSL_REDIRECT] !== 'false';
  const redirected = new Set<string>();
  (ingress.spec?.tls ?? []).forEach((entry, entryIndex) => {
    const secret = entry.secretName ? objectKey('', 'Secret', namespace, entry.secretName) : undefined;
    for (const host of entry.hosts ?? []) {
      const field = `spec.tls[${entryIndex}]`;
      tls.push({
        field,
        host,
        aspect: 'certificate',
        ...(secret ? { secret } : {}),
        verdict: judgeTls(index, host, secret),
      });
      if (redirects && !redirected.has(host)) {
        redirected.add(host);
        tls.push({ field, host, aspect: 'redirect', verdict: judgeRedirect(index, host) });
      }
    }
  });
  if (annotations?.[FORCE_SSL_REDIRECT] === 'true')
    for (const rule of ingress.spec?.rules ?? [])
      if (rule.host && !redirected.has(rule.host)) {
        redirected.add(rule.host);
        tls.push({
          field: `metadata.annotations["${FORCE_SSL_REDIRECT}"]`,
          host: rule.host,
          aspect: 'redirect',
          verdict: judgeRedirect(index, rule.host),
        });
      }
  const verdicts = [...paths, ...tls].map((item) => item.verdict);
  const unservedCount = verdicts.filter((verdict) => !verdict.served).length;
  const className = ingressClassOf(ingress);
  return {
    key: objectKey('networking.k8s.io', 'Ingress', namespace, ingress.metadata.name),
    namespace,
    name: ingress.metadata.name,
    ...(className === undefined ? {} : { className }),
    // An Ingress with nothing to judge (neither rules nor defaultBackend) is never called covered.
    state:
      verdicts.length > 0 && unservedCount === 0
        ? 'covered'
        : unservedCount === verdicts.length
          ? 'not-started'
          : 'partial',
    paths,
    tls,
    unserved: unservedCount,
  };
}

interface PathKey {
  readonly field: string;
  readonly host: string | undefined;
  readonly pathType: IngressPathType;
  readonly path: string;
}

function judgePath(
  index: ServedRouteIndex,
  namespace: string,
  key: PathKey,
  backend: IngressBackend,
  rewrites: boolean,
): PathCoverage {
  const where = `${key.host ?? '(every host)'}${key.path} (${key.pathType})`;
  const expected = expectedBackend(index, namespace, backend);
  const out = (verdict: KeyVerdict): PathCoverage => ({
    ...key,
    ...(key.host === undefined ? { host: undefined } : {}),
    ...(expected.target ? { backend: expected.target } : {}),
    verdict,
  });
  if (key.pathType === 'ImplementationSpecific')
    return out(
      unserved(
        'not-comparable',
        `${where}: ImplementationSpecific matching is up to the IngressClass (ingress-nginx matches it as a string prefix, so /foo also serves /foobar), and no Gateway API match is known to be the same`,
      ),
    );
  if (expected.problem)
    return out(unserved(expected.problem.reason, `${where}: ${expected.problem.message}`));
  const target = expected.target!;
  const candidates = entriesServing(index, key.host).filter((entry) => sameMatch(key, entry));
  if (candidates.length === 0)
    return out(unserved('no-route', `${where}: no HTTPRoute serves this host and path`));
  const accepted = candidates.filter((entry) => entry.accepted);
  if (accepted.length === 0) {
    const first = candidates[0]!;
    return out({
      served: false,
      reason: 'route-rejected',
      route: first.route,
      routeReason: first.rejected?.reason ?? 'NotAccepted',
      message: `${where}: ${objectLabel(first.route)} matches it but is not accepted by ${first.rejected?.parent === undefined ? 'its parent' : objectLabel(first.rejected.parent)} (${first.rejected?.reason ?? 'NotAccepted'})`,
    });
  }
  const plain = accepted.filter((entry) => !entry.conditions);
  if (plain.length === 0)
    return out({
      served: false,
      reason: 'extra-conditions',
      route: accepted[0]!.route,
      message: `${where}: ${objectLabel(accepted[0]!.route)} matches it only with header, query or method conditions`,
    });
  // C3: on each listener the oldest Route with the identical match serves it, then the first rule.
  const winners = new Map<string, ServedMatch>();
  for (const entry of plain) {
    const listener = `${entry.listener?.parent}#${entry.listener?.name}#${entry.hostname}`;
    const known = winners.get(listener);
    if (!known || compareByAge(entry.routeMeta, known.routeMeta) < 0) winners.set(listener, entry);
  }
  let first: KeyVerdict | undefined;
  for (const entry of winners.values()) {
    const verdict = judgeEntry(entry, target, rewrites, where);
    if (verdict.served) return out(verdict);
    first ??= verdict;
  }
  return out(first!);
}

function judgeEntry(
  entry: ServedMatch,
  target: { readonly service: ObjectKey; readonly port?: number },
  rewrites: boolean,
  where: string,
): KeyVerdict {
  const about = (reason: UncoveredReason, text: string): KeyVerdict => ({
    served: false,
    reason,
    route: entry.route,
    message: `${where}: ${objectLabel(entry.route)} rule ${entry.rule} ${text}`,
  });
  if (entry.filters.includes('RequestRedirect'))
    return about('redirects', 'redirects these requests instead of sending them to a backend');
  if (entry.filters.includes('URLRewrite') && !rewrites)
    return about('rewrites', 'rewrites the URL, which the Ingress does not ask for');
  const weighted = entry.backends.filter((backend) => backend.weight > 0);
  if (weighted.length === 0) return about('no-backend', 'sends these requests to no backend');
  const other = weighted.find((backend) => backend.key !== target.service);
  if (other)
    return about(
      'different-backend',
      `sends ${weighted.length > 1 ? 'part of ' : ''}these requests to ${other.key}, not ${target.service}`,
    );
  const port = weighted.find((backend) => backend.port !== target.port);
  if (port)
    return about(
      'different-port',
      `sends these requests to port ${port.port ?? '(none)'}, not ${target.port}`,
    );
  const broken = weighted.find((backend) => !backend.resolved);
  if (broken)
    return about(
      'backend-unresolved',
      `does not resolve its backend ${broken.key} (${broken.reason ?? 'ResolvedRefs=False'})`,
    );
  if (entry.listener === undefined) return about('route-rejected', 'is on no listener');
  return { served: true, by: { route: entry.route, rule: entry.rule, listener: entry.listener } };
}

function judgeTls(index: ServedRouteIndex, host: string, secret: ObjectKey | undefined): KeyVerdict {
  const listeners = index.httpsListeners.filter(
    (listener) => listener.accepted && listenerCovers(listener.hostname, host),
  );
  if (listeners.length === 0)
    return unserved('no-https-listener', `TLS host ${host} is on no accepted HTTPS listener`);
  const withSecret = secret ? listeners.filter((listener) => listener.secrets.includes(secret)) : listeners;
  if (withSecret.length === 0)
    return unserved(
      'secret-not-referenced',
      `TLS host ${host}: no HTTPS listener that covers it references ${secret}`,
    );
  const served = entriesServing(index, host).find(
    (entry) =>
      entry.accepted &&
      entry.listener !== undefined &&
      withSecret.some((item) => item.parent === entry.listener?.parent && item.name === entry.listener.name),
  );
  if (!served)
    return unserved('no-route', `TLS host ${host}: no accepted HTTPRoute serves it on an HTTPS listener`);
  return { served: true, by: { route: served.route, rule: served.rule, listener: served.listener! } };
}

/** C5: an accepted HTTP rule for the host, matching every path, that redirects to https. */
function judgeRedirect(index: ServedRouteIndex, host: string): KeyVerdict {
  const served = entriesServing(index, host).find(
    (entry) =>
      entry.accepted &&
      entry.listener?.protocol === 'HTTP' &&
      entry.redirectsToHttps &&
      !entry.conditions &&
      entry.pathType === 'PathPrefix' &&
      entry.path === '/',
  );
  if (!served || !served.listener)
    return unserved(
      'no-https-redirect',
      `${host}: plain HTTP requests are not redirected to HTTPS, as ingress-nginx does for a TLS host unless ssl-redirect is "false"`,
    );
  return { served: true, by: { route: served.route, rule: served.rule, listener: served.listener } };
}

/** C2: Exact↔Exact; Prefix↔PathPrefix with values equal after dropping a trailing `/`. */
function sameMatch(key: PathKey, entry: ServedMatch): boolean {
  if (key.pathType === 'Exact') return entry.pathType === 'Exact' && entry.path === key.path;
  return entry.pathType === 'PathPrefix' && trimSlash(entry.path) === trimSlash(key.path);
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function unserved(reason: UncoveredReason, message: string): KeyVerdict {
  return { served: false, reason, message };
}

/** The Service and port number an Ingress backend names, or why it cannot be compared. */
function expectedBackend(
  index: ServedRouteIndex,
  namespace: string,
  backend: IngressBackend,
): {
  readonly target?: { readonly service: ObjectKey; readonly port?: number };
  readonly problem?: { readonly reason: UncoveredReason; readonly message: string };
} {
  if (!backend.service)
    return {
      problem: {
        reason: 'not-comparable',
        message: `the backend is a ${backend.resource?.kind ?? 'resource'}, which the Gateway API leaves implementation-specific`,
      },
    };
  const service = serviceKey(namespace, backend.service.name);
  const port = backend.service.port;
  if (port?.number !== undefined) return { target: { service, port: port.number } };
  if (port?.name === undefined)
    return {
      target: { service },
      problem: { reason: 'port-unresolved', message: `the backend ${service} names no port` },
    };
  const found = index.service(service)?.spec?.ports?.find((item) => item.name === port.name);
  if (!found)
    return {
      target: { service },
      problem: {
        reason: 'port-unresolved',
        message: `the backend's port "${port.name}" is not a port of ${service}${index.service(service) ? '' : ' (the Service is not among the objects)'}`,
      },
    };
  return { target: { service, port: found.port } };
}

/** The migration's progress in a namespace, or in the whole cluster. */
export interface CoverageCounts {
  readonly total: number;
  readonly covered: number;
  readonly partial: number;
  readonly notStarted: number;
}

export interface NamespaceCoverage extends CoverageCounts {
  readonly namespace: string;
  /** The Ingresses not covered yet, with how many of their keys are not served. */
  readonly remaining: readonly {
    readonly key: ObjectKey;
    readonly state: CoverageState;
    readonly unserved: number;
  }[];
}

export interface CoverageSummary extends CoverageCounts {
  readonly namespaces: readonly NamespaceCoverage[];
}

/** Counts per namespace (sorted) and for all, with what remains to migrate. */
export function summarizeCoverage(coverages: readonly IngressCoverage[]): CoverageSummary {
  const byNamespace = new Map<string, IngressCoverage[]>();
  for (const coverage of coverages) {
    const list = byNamespace.get(coverage.namespace);
    if (list) list.push(coverage);
    else byNamespace.set(coverage.namespace, [coverage]);
  }
  const namespaces = [...byNamespace.keys()].sort().map((namespace): NamespaceCoverage => {
    const list = byNamespace.get(namespace) ?? [];
    return {
      namespace,
      ...countStates(list),
      remaining: list
        .filter((item) => item.state !== 'covered')
        .map((item) => ({ key: item.key, state: item.state, unserved: item.unserved })),
    };
  });
  return { ...countStates(coverages), namespaces };
}

function countStates(list: readonly IngressCoverage[]): CoverageCounts {
  const count = (state: CoverageState) => list.filter((item) => item.state === state).length;
  return {
    total: list.length,
    covered: count('covered'),
    partial: count('partial'),
    notStarted: count('not-started'),
  };
}

/** Every Ingress of an analyzed engine judged against one index of its Routes, with the summary. */
export function migrationCoverage(engine: TopologyEngine): {
  readonly coverages: readonly IngressCoverage[];
  readonly summary: CoverageSummary;
} {
  const index = indexServedRoutes(engine);
  const coverages: IngressCoverage[] = [];
  for (const decoded of engine.allObjects())
    if (decoded.role === 'ingress') coverages.push(ingressCoverage(decoded.object, index));
  coverages.sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
  return { coverages, summary: summarizeCoverage(coverages) };
}
