/**
 * Hostname matching between Routes and Listeners.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec (hostnames)
 */

const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True when `hostname` is a valid Gateway API Hostname (lower case, optional leading `*.`). */
export function isValidHostname(hostname: string): boolean {
  return hostname.length <= 253 && HOSTNAME.test(hostname);
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
