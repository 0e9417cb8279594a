/**
 * Whether the Gateway API already serves an Ingress, judged exactly (§D of the migration rules):
 * each routing key of the Ingress — every rule path (host, pathType, path → Service and port
 * number), the `defaultBackend`, every TLS host — is served or not, and why, against the Routes
 * the analysis accepted on accepted listeners. An Ingress is `covered` when every key is served
 * (it can be deleted), `not-started` when none is, `partial` otherwise.
 *
 * A path is served when a Route names it and, on a listener, the match that receives its requests
 * by the Gateway API's precedence sends them to the same Service and port, with no match that
 * outranks it taking part of them elsewhere (ingress-precedence.ts, ingress-path-verdict.ts). The
 * paths the Ingress itself, or another Ingress of its class on the host, routes under a path are
 * theirs, not taken from it (I8).
 *
 * It stays cheap for a live view: the Routes are indexed once per analysis
 * (`indexServedRoutes`, ingress-route-index.ts); `ingressCoverage` then judges one Ingress with a
 * few map lookups per key and no walk over the Routes, so a changed Ingress is recomputed alone,
 * and a changed Route costs one new index and a pass over the Ingresses.
 * @see ../shared/ingress-migration.md beside the repository, §D (C1–C6)
 */
import { ingressClassOf, type Ingress, type IngressBackend, type IngressPathType } from './ingress.ts';
import type { TopologyEngine } from './engine.ts';
import { indexServedRoutes, serviceKey, type ServedRouteIndex } from './ingress-route-index.ts';
import {
  judgeRedirect,
  judgeServedPath,
  judgeTls,
  unserved,
  type BackendTarget,
  type KeyVerdict,
  type UncoveredReason,
} from './ingress-path-verdict.ts';
import type { IngressPathKey } from './ingress-precedence.ts';
import { objectKey, type ObjectKey } from './object-key.ts';

export type { KeyVerdict, ServedBy, UncoveredReason } from './ingress-path-verdict.ts';

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
export function ingressCoverage(
  ingress: Ingress,
  index: ServedRouteIndex,
  siblings: readonly Ingress[] = [],
): IngressCoverage {
  const namespace = ingress.metadata.namespace ?? 'default';
  const hostPaths = pathsByHost([ingress, ...siblings], ingressClassOf(ingress));
  const annotations = ingress.metadata.annotations;
  const redirects = annotations?.[SSL_REDIRECT] !== 'false';
  const options = {
    rewrites: annotations?.[REWRITE_ANNOTATION] !== undefined,
    // E14: an Ingress that opts out keeps plain HTTP, even when another Ingress gives its host TLS.
    plainHttp: !redirects,
  };
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
      paths.push(
        judgePath(index, namespace, key, path.backend, {
          ...options,
          carved: hostPaths.get(host ?? '') ?? [],
        }),
      );
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
        { ...options, carved: [] },
      ),
    );
  const tls: TlsCoverage[] = [];
  const redirectKeys = (host: string): IngressPathKey[] => {
    // The paths of the host's rules; for a TLS host without rules, those of the host-less rules (E15).
    const own = paths.filter((path) => path.host === host && path.field !== 'spec.defaultBackend');
    const list = own.length > 0 ? own : paths.filter((path) => path.host === undefined);
    return list.map((path) => ({
      pathType: path.pathType === 'Exact' ? 'Exact' : 'Prefix',
      path: path.path,
    }));
  };
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
        tls.push({
          field,
          host,
          aspect: 'redirect',
          verdict: judgeRedirect(index, host, redirectKeys(host)),
        });
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
          verdict: judgeRedirect(index, rule.host, redirectKeys(rule.host)),
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

interface PathOptions {
  readonly rewrites: boolean;
  readonly plainHttp: boolean;
  readonly carved: readonly IngressPathKey[];
}

function judgePath(
  index: ServedRouteIndex,
  namespace: string,
  key: PathKey,
  backend: IngressBackend,
  options: PathOptions,
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
  if (expected.problem || !expected.target)
    return out(
      unserved(
        expected.problem?.reason ?? 'not-comparable',
        `${where}: ${expected.problem?.message ?? 'no backend'}`,
      ),
    );
  return out(
    judgeServedPath(index, {
      where,
      host: key.host,
      key: { pathType: key.pathType, path: key.path },
      target: expected.target,
      ...options,
    }),
  );
}

/**
 * The Exact and Prefix paths of each host ('' for none) of Ingresses of one class, which
 * ingress-nginx merges into one server per host (I8: the longest path takes a request first).
 */
function pathsByHost(
  ingresses: readonly Ingress[],
  className: string | undefined,
): Map<string, IngressPathKey[]> {
  const out = new Map<string, IngressPathKey[]>();
  for (const item of ingresses) {
    if (ingressClassOf(item) !== className) continue;
    for (const rule of item.spec?.rules ?? [])
      for (const path of rule.http?.paths ?? []) {
        if (path.pathType === 'ImplementationSpecific') continue;
        const host = rule.host ?? '';
        const list = out.get(host) ?? [];
        out.set(host, list);
        list.push({ pathType: path.pathType, path: path.path ?? '/' });
      }
  }
  return out;
}

/** The Service and port number an Ingress backend names, or why it cannot be compared. */
function expectedBackend(
  index: ServedRouteIndex,
  namespace: string,
  backend: IngressBackend,
): {
  readonly target?: BackendTarget;
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
  const ingresses: Ingress[] = [];
  const byHost = new Map<string, Ingress[]>();
  for (const decoded of engine.allObjects())
    if (decoded.role === 'ingress') {
      ingresses.push(decoded.object);
      for (const host of new Set((decoded.object.spec?.rules ?? []).map((rule) => rule.host ?? ''))) {
        const list = byHost.get(host) ?? [];
        byHost.set(host, list);
        list.push(decoded.object);
      }
    }
  // The Routes are indexed only for an estate that has Ingresses to judge.
  if (ingresses.length === 0) return { coverages: [], summary: summarizeCoverage([]) };
  const index = indexServedRoutes(engine);
  const coverages: IngressCoverage[] = [];
  for (const ingress of ingresses) {
    const siblings = new Set<Ingress>();
    for (const rule of ingress.spec?.rules ?? [])
      for (const other of byHost.get(rule.host ?? '') ?? []) if (other !== ingress) siblings.add(other);
    coverages.push(ingressCoverage(ingress, index, [...siblings]));
  }
  coverages.sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
  return { coverages, summary: summarizeCoverage(coverages) };
}
