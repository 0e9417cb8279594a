/**
 * Which HTTPRoute match actually receives the requests of an Ingress path on one listener, by the
 * Gateway API's precedence (G6): among the matches that admit a request, the most specific
 * hostname first (a precise host, then a wildcard, then every host; more characters first), then
 * an Exact path over a PathPrefix, the longer prefix, a method, more headers, more query
 * parameters, the oldest Route, `{namespace}/{name}`, and the rule and match order.
 *
 * An Ingress path is a set of requests (I5, I6): Exact `p` is `p` alone; Prefix `p` is `p` and
 * every path under it, segment by segment (`/app` holds `/app/x`, not `/apple`). A match relates
 * to that set as `all` (it admits every request of it), `part` (some), or `none`. The path is
 * served on a listener by the highest-ranked match that admits all of it without conditions (the
 * winner); a match that outranks the winner and admits part of the set, or all of it under a
 * method, header or query condition, takes those requests from it.
 *
 * RegularExpression matches are implementation-specific (G4, G6) and are not ranked here.
 * @see ../shared/gateway-api-rules.md and ../shared/ingress-migration.md beside the repository (G1, G2, G3, G6, I5, I6)
 */
import { compareByAge } from './precedence.ts';
import type { ServedMatch } from './ingress-route-index.ts';

/** An Ingress path as a set of requests (ImplementationSpecific is judged before this). */
export interface IngressPathKey {
  readonly pathType: 'Exact' | 'Prefix';
  readonly path: string;
}

export type PathRelation = 'all' | 'part' | 'none';

/** How the requests a Route match admits relate to those of an Ingress path (see the module header). */
export function pathRelation(
  key: IngressPathKey,
  entry: Pick<ServedMatch, 'pathType' | 'path'>,
): PathRelation {
  if (key.pathType === 'Exact') {
    if (entry.pathType === 'Exact') return entry.path === key.path ? 'all' : 'none';
    if (entry.pathType === 'PathPrefix') return underPrefix(trimSlash(entry.path), key.path) ? 'all' : 'none';
    return 'none';
  }
  const prefix = trimSlash(key.path);
  if (entry.pathType === 'Exact') return underPrefix(prefix, entry.path) ? 'part' : 'none';
  if (entry.pathType !== 'PathPrefix') return 'none';
  const other = trimSlash(entry.path);
  if (underPrefix(other, prefix)) return 'all';
  return underPrefix(prefix, other) ? 'part' : 'none';
}

/**
 * Whether every request a match (or another Ingress path, `Prefix` read as `PathPrefix`) admits is
 * one of the Ingress path's requests.
 */
export function admitsOnlyWithin(
  key: IngressPathKey,
  inner: { readonly pathType: string; readonly path: string },
): boolean {
  if (key.pathType === 'Exact') return inner.pathType === 'Exact' && inner.path === key.path;
  const prefix = trimSlash(key.path);
  if (inner.pathType === 'Exact') return underPrefix(prefix, inner.path);
  return (
    (inner.pathType === 'PathPrefix' || inner.pathType === 'Prefix') &&
    underPrefix(prefix, trimSlash(inner.path))
  );
}

/** Negative when `left` takes a request both admit before `right` (G6, with the hostname first). */
export function comparePrecedence(left: ServedMatch, right: ServedMatch): number {
  return (
    hostnameRank(right.hostname, true) - hostnameRank(left.hostname, true) ||
    hostnameRank(right.hostname, false) - hostnameRank(left.hostname, false) ||
    pathRank(right) - pathRank(left) ||
    (right.pathType === 'PathPrefix' ? right.path.length : 0) -
      (left.pathType === 'PathPrefix' ? left.path.length : 0) ||
    Number(right.method) - Number(left.method) ||
    right.headers - left.headers ||
    right.queryParams - left.queryParams ||
    compareByAge(left.routeMeta, right.routeMeta) ||
    left.rule - right.rule ||
    left.match - right.match
  );
}

/** What happens to an Ingress path's requests on one listener. */
export interface ListenerOutcome {
  /** The highest-ranked match admitting all of the path without conditions. */
  readonly winner: ServedMatch;
  /** Matches that outrank the winner and take part of the requests, highest first. */
  readonly takers: readonly ServedMatch[];
}

/**
 * The outcome of an Ingress path on each listener among `entries` (accepted entries serving the
 * path's host), keyed `<parent>#<listener>`; a listener where no match admits all of it is absent.
 */
export function outcomesByListener(
  key: IngressPathKey,
  entries: readonly ServedMatch[],
): Map<string, ListenerOutcome> {
  const related = new Map<string, { entry: ServedMatch; relation: PathRelation }[]>();
  for (const entry of entries) {
    if (!entry.accepted || entry.listener === undefined) continue;
    const relation = pathRelation(key, entry);
    if (relation === 'none') continue;
    const id = `${entry.listener.parent}#${entry.listener.name}`;
    const list = related.get(id);
    if (list) list.push({ entry, relation });
    else related.set(id, [{ entry, relation }]);
  }
  const out = new Map<string, ListenerOutcome>();
  for (const [id, list] of related) {
    let winner: ServedMatch | undefined;
    for (const { entry, relation } of list)
      if (relation === 'all' && !entry.conditions && (!winner || comparePrecedence(entry, winner) < 0))
        winner = entry;
    if (!winner) continue;
    const best = winner;
    const ranked = list
      .map((item) => item.entry)
      .filter((entry) => entry !== best && comparePrecedence(entry, best) < 0)
      .sort(comparePrecedence);
    // A match outranked by one that admits all its requests without conditions receives none.
    const takers: ServedMatch[] = [];
    for (const entry of ranked)
      if (!takers.some((taker) => !taker.conditions && shadows(taker, entry))) takers.push(entry);
    out.set(id, { winner: best, takers });
  }
  return out;
}

/** Whether `outer` admits every request `inner` admits, paths only (RegularExpression: never). */
function shadows(outer: ServedMatch, inner: ServedMatch): boolean {
  if (outer.pathType !== 'Exact' && outer.pathType !== 'PathPrefix') return false;
  const key: IngressPathKey = { pathType: outer.pathType === 'Exact' ? 'Exact' : 'Prefix', path: outer.path };
  return admitsOnlyWithin(key, inner);
}

function hostnameRank(hostname: string, preciseOnly: boolean): number {
  if (hostname === '*') return 0;
  if (hostname.startsWith('*.')) return preciseOnly ? 0 : hostname.length;
  return hostname.length;
}

function pathRank(entry: ServedMatch): number {
  return entry.pathType === 'Exact' ? 2 : entry.pathType === 'PathPrefix' ? 1 : 0;
}

/** Whether `path` is `prefix` or under it, segment by segment (G2). */
function underPrefix(prefix: string, path: string): boolean {
  return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
}

/** `/app/` and `/app` are the same prefix (I6, G2). */
export function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
