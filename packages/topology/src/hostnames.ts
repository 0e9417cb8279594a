/**
 * Hostname matching between Routes and Listeners.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec (hostnames)
 */

const DOT = 46;
const HYPHEN = 45;

/**
 * True when `hostname` is a valid Gateway API Hostname (lower case, optional leading `*.`): the
 * spec's pattern `^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`,
 * at most 253 characters. Read character by character: every Route's hostnames are checked,
 * and a loop costs a fraction of the pattern.
 */
export function isValidHostname(hostname: string): boolean {
  if (typeof hostname !== 'string') return false;
  const length = hostname.length;
  if (length > 253) return false;
  let start = hostname.charCodeAt(0) === 42 && hostname.charCodeAt(1) === DOT ? 2 : 0;
  // Labels of [-a-z0-9], each neither empty nor starting or ending with a hyphen; the end of the
  // text closes the last label as a dot would.
  for (let index = start; index <= length; index++) {
    const code = index === length ? DOT : hostname.charCodeAt(index);
    if (code === DOT) {
      if (index === start || hostname.charCodeAt(index - 1) === HYPHEN) return false;
      start = index + 1;
    } else if (code === HYPHEN) {
      if (index === start) return false;
    } else if (!((code >= 97 && code <= 122) || (code >= 48 && code <= 57))) return false;
  }
  return true;
}

function isWildcard(hostname: string): boolean {
  return hostname.startsWith('*.');
}

/**
 * The hostname both sides serve, or undefined when they do not intersect.
 * A wildcard matches one or more labels (`*.example.com` matches `a.b.example.com`, not
 * `example.com`); two wildcards intersect when one suffix contains the other, giving the more
 * specific one.
 */
export function intersectHostname(listener: string, route: string): string | undefined {
  if (listener === route) return route;
  const listenerWild = isWildcard(listener);
  const routeWild = isWildcard(route);
  if (listenerWild && routeWild) {
    const listenerSuffix = listener.slice(1);
    const routeSuffix = route.slice(1);
    if (routeSuffix.endsWith(listenerSuffix)) return route;
    if (listenerSuffix.endsWith(routeSuffix)) return listener;
    return undefined;
  }
  if (listenerWild) return route.endsWith(listener.slice(1)) ? route : undefined;
  if (routeWild) return listener.endsWith(route.slice(1)) ? listener : undefined;
  return undefined;
}

/**
 * The hostnames a Route gets on a Listener: every intersection, or the listener's own hostname
 * (or `*`) when either side leaves hostnames unset. Empty means no intersection.
 */
export function routeHostnamesOnListener(
  listenerHostname: string | undefined,
  routeHostnames: readonly string[],
): readonly string[] {
  if (routeHostnames.length === 0) return [listenerHostname ?? '*'];
  if (listenerHostname === undefined) return routeHostnames;
  // Most Routes get exactly their own hostnames: then their list is returned, not a copy.
  let out: string[] | undefined;
  for (let index = 0; index < routeHostnames.length; index++) {
    const hostname = routeHostnames[index]!;
    const shared = intersectHostname(listenerHostname, hostname);
    if (out === undefined) {
      if (shared === hostname && routeHostnames.indexOf(hostname) === index) continue;
      out = routeHostnames.slice(0, index);
    }
    if (shared !== undefined && !out.includes(shared)) out.push(shared);
  }
  return out ?? routeHostnames;
}
