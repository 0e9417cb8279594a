/**
 * The verdict on one routing key of an Ingress against the index of what the HTTPRoutes serve
 * (§D of the migration rules): a path (C2, C3 with the precedence of ingress-precedence.ts), a
 * TLS host (C5) and the HTTPS redirect of a TLS host (C5).
 * @see ../shared/ingress-migration.md beside the repository, §D (C1–C6), E14, E15
 */
import {
  admitsOnlyWithin,
  outcomesByListener,
  trimSlash,
  type IngressPathKey,
  type ListenerOutcome,
} from './ingress-precedence.ts';
import {
  entriesServing,
  listenerCovers,
  type ServedMatch,
  type ServedRouteIndex,
  type ServingListener,
} from './ingress-route-index.ts';
import { objectLabel } from './mention.ts';
import type { ObjectKey } from './object-key.ts';

/** Why an Ingress key is not served identically; each has a message that says it in words. */
export type UncoveredReason =
  | 'no-route'
  | 'route-rejected'
  | 'extra-conditions'
  | 'captured'
  | 'https-only'
  | 'narrowed-host'
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
      /** The Route the reason is about (the rejected one, the one with another backend, the one taking a sub-path). */
      readonly route?: ObjectKey;
      /** For `route-rejected`: the reason of the Route's `Accepted` condition. */
      readonly routeReason?: string;
      /** For `captured`: the path of the match that takes part of the requests. */
      readonly capturedPath?: string;
    };

/** The Service and port number an Ingress backend sends to. */
export interface BackendTarget {
  readonly service: ObjectKey;
  readonly port?: number;
}

/** A path key of an Ingress to judge, with what it sends to and how. */
export interface PathQuestion {
  /** The key in words, the start of every message: `shop.example.com/cart (Prefix)`. */
  readonly where: string;
  /** Undefined: a rule without host or the defaultBackend. */
  readonly host: string | undefined;
  readonly key: IngressPathKey;
  readonly target: BackendTarget;
  /** The Ingress asked for a rewrite, so a URLRewrite is part of its behaviour (C4). */
  readonly rewrites: boolean;
  /** ssl-redirect is "false": plain HTTP keeps serving the path, even on a TLS host (E14). */
  readonly plainHttp: boolean;
  /**
   * The other paths of the host, in this Ingress and the Ingresses of its class sharing the host:
   * requests under them are theirs (I8, longest path first), so a Route taking them from this
   * path's Route takes nothing from this path.
   */
  readonly carved: readonly IngressPathKey[];
}

export function unserved(reason: UncoveredReason, message: string): KeyVerdict {
  return { served: false, reason, message };
}

/**
 * C2, C3: a Route names the path (the equivalent match, without conditions), and on one of the
 * listeners it is attached to, the match that receives the path's requests by precedence sends
 * them to the same Service and port, with no higher-ranked match taking part of them elsewhere.
 */
export function judgeServedPath(index: ServedRouteIndex, question: PathQuestion): KeyVerdict {
  const { where, host, key } = question;
  const entries = entriesServing(index, host);
  const candidates = entries.filter((entry) => sameMatch(key, entry));
  if (candidates.length === 0)
    return (
      (host === undefined ? narrowedCatchAll(index, question) : undefined) ??
      unserved('no-route', `${where}: no HTTPRoute serves this host and path`)
    );
  const accepted = candidates.filter((entry) => entry.accepted);
  if (accepted.length === 0) {
    const first = candidates[0]!;
    const reason = first.rejected?.reason ?? 'NotAccepted';
    return {
      served: false,
      reason: 'route-rejected',
      route: first.route,
      routeReason: reason,
      message: `${where}: ${objectLabel(first.route)} matches it but is not accepted by ${first.rejected === undefined ? 'its parent' : objectLabel(first.rejected.parent)} (${reason})`,
    };
  }
  const plain = accepted.filter((entry) => !entry.conditions);
  if (plain.length === 0)
    return {
      served: false,
      reason: 'extra-conditions',
      route: accepted[0]!.route,
      message: `${where}: ${objectLabel(accepted[0]!.route)} matches it only with header, query or method conditions`,
    };
  const carved = question.carved.filter((other) => !sameKey(other, key) && admitsOnlyWithin(key, other));
  const named = new Set(plain.map((entry) => `${entry.listener?.parent}#${entry.listener?.name}`));
  let overHttps: KeyVerdict | undefined;
  let first: KeyVerdict | undefined;
  for (const [id, outcome] of outcomesByListener(key, entries)) {
    if (!named.has(id)) continue;
    const verdict = judgeOutcome(outcome, { ...question, carved });
    if (!verdict.served) first ??= verdict;
    else if (!question.plainHttp || verdict.by.listener.protocol !== 'HTTPS') return verdict;
    else overHttps ??= verdict;
  }
  if (first) return first;
  const listener = overHttps?.served ? overHttps.by.listener : undefined;
  return unserved(
    'https-only',
    `${where}: ssl-redirect is "false", so ingress-nginx serves it over plain HTTP as well, but only ${listener ? `HTTPS listener "${listener.name}" of ${objectLabel(listener.parent)}` : 'an HTTPS listener'} serves it`,
  );
}

/** The winner of a listener serves the path identically, and no match outranking it takes part of it elsewhere. */
function judgeOutcome(outcome: ListenerOutcome, question: PathQuestion): KeyVerdict {
  const { winner } = outcome;
  const problem = entryProblem(winner, question);
  if (problem)
    return {
      served: false,
      reason: problem.reason,
      route: winner.route,
      message: `${question.where}: ${objectLabel(winner.route)} rule ${winner.rule} ${problem.text}`,
    };
  for (const taker of outcome.takers) {
    // The converse: a more specific match to the same Service and port takes nothing away.
    if (question.carved.some((carved) => admitsOnlyWithin(carved, taker))) continue;
    const taken = entryProblem(taker, question);
    if (!taken) continue;
    const what = `${taker.pathType} ${taker.path}${taker.conditions ? ' (with method, header or query conditions)' : ''}`;
    const on = taker.hostname === '*' ? 'every host' : `host ${taker.hostname}`;
    return {
      served: false,
      reason: 'captured',
      route: taker.route,
      capturedPath: taker.path,
      message: `${question.where}: ${objectLabel(taker.route)} rule ${taker.rule} takes ${what} for ${on} ahead of ${objectLabel(winner.route)}, and ${taken.text}`,
    };
  }
  return { served: true, by: { route: winner.route, rule: winner.rule, listener: winner.listener! } };
}

/** Why the requests an entry receives are not served as the Ingress serves them (C2, C4), or undefined. */
function entryProblem(
  entry: ServedMatch,
  question: PathQuestion,
): { readonly reason: UncoveredReason; readonly text: string } | undefined {
  const target = question.target;
  if (entry.filters.includes('RequestRedirect'))
    return { reason: 'redirects', text: 'redirects these requests instead of sending them to a backend' };
  if (entry.filters.includes('URLRewrite') && !question.rewrites)
    return { reason: 'rewrites', text: 'rewrites the URL, which the Ingress does not ask for' };
  const weighted = entry.backends.filter((backend) => backend.weight > 0);
  if (weighted.length === 0) return { reason: 'no-backend', text: 'sends these requests to no backend' };
  const other = weighted.find((backend) => backend.key !== target.service);
  if (other)
    return {
      reason: 'different-backend',
      text: `sends ${weighted.length > 1 ? 'part of ' : ''}these requests to ${other.key}, not ${target.service}`,
    };
  const port = weighted.find((backend) => backend.port !== target.port);
  if (port)
    return {
      reason: 'different-port',
      text: `sends these requests to port ${port.port ?? '(none)'}, not ${target.port}`,
    };
  const broken = weighted.find((backend) => !backend.resolved);
  if (broken)
    return {
      reason: 'backend-unresolved',
      text: `does not resolve its backend ${broken.key} (${broken.reason ?? 'ResolvedRefs=False'})`,
    };
  if (entry.listener === undefined) return { reason: 'route-rejected', text: 'is on no listener' };
  return undefined;
}

/**
 * E15: a Route without hostnames that serves a host-less key only through a listener hostname
 * (as ingress2gateway's listener for a host-less rule with one TLS host is), which narrows the
 * Ingress's catch-all to that host.
 */
function narrowedCatchAll(index: ServedRouteIndex, question: PathQuestion): KeyVerdict | undefined {
  const found = index
    .narrowedCatchAll()
    .find((entry) => entry.accepted && entry.listener !== undefined && sameMatch(question.key, entry));
  if (!found?.listener) return undefined;
  return {
    served: false,
    reason: 'narrowed-host',
    route: found.route,
    message: `${question.where}: ${objectLabel(found.route)} serves it only for ${found.hostname}, the hostname of listener "${found.listener.name}" of ${objectLabel(found.listener.parent)}, while the Ingress rule serves every host`,
  };
}

export function judgeTls(index: ServedRouteIndex, host: string, secret: ObjectKey | undefined): KeyVerdict {
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

/**
 * C5: plain HTTP requests for each path of the host (PathPrefix `/` for a TLS host without rules)
 * reach, on an HTTP listener, a match that redirects them to https (by precedence: a longer
 * match that serves the path over HTTP keeps them plain).
 */
export function judgeRedirect(
  index: ServedRouteIndex,
  host: string,
  paths: readonly IngressPathKey[],
): KeyVerdict {
  const entries = entriesServing(index, host).filter((entry) => entry.listener?.protocol === 'HTTP');
  const missing = (where: string): KeyVerdict =>
    unserved(
      'no-https-redirect',
      `${where}: plain HTTP requests are not redirected to HTTPS, as ingress-nginx does for a TLS host unless ssl-redirect is "false"`,
    );
  let by: ServedBy | undefined;
  for (const key of paths.length > 0 ? paths : [{ pathType: 'Prefix' as const, path: '/' }]) {
    let redirected: ServedMatch | undefined;
    for (const outcome of outcomesByListener(key, entries).values())
      if (outcome.winner.redirectsToHttps) redirected = outcome.winner;
    if (!redirected?.listener) return missing(`${host}${paths.length > 0 ? key.path : ''}`);
    by ??= { route: redirected.route, rule: redirected.rule, listener: redirected.listener };
  }
  return by === undefined ? missing(host) : { served: true, by };
}

function sameKey(left: IngressPathKey, right: IngressPathKey): boolean {
  return left.pathType === right.pathType && trimSlash(left.path) === trimSlash(right.path);
}

/** C2: Exact↔Exact; Prefix↔PathPrefix with values equal after dropping a trailing `/`. */
function sameMatch(key: IngressPathKey, entry: ServedMatch): boolean {
  if (key.pathType === 'Exact') return entry.pathType === 'Exact' && entry.path === key.path;
  return entry.pathType === 'PathPrefix' && trimSlash(entry.path) === trimSlash(key.path);
}
