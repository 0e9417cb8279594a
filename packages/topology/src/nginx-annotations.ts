/**
 * ingress-nginx annotations as the migration reads them (§F of the migration rules): the ones
 * gatemap translates, parsed with a clear problem for a bad value, and the meaning of every
 * other one, so that an annotation gatemap does not translate is listed, never dropped silently.
 * The meanings follow ingress-nginx's annotations reference; what each means in Gateway API terms
 * follows kubernetes-sigs/ingress2gateway's ingress-nginx provider.
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/
 */

const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';

/** The annotations gatemap translates, without the prefix. */
export const TRANSLATED_ANNOTATIONS: readonly string[] = [
  'rewrite-target',
  'ssl-redirect',
  'force-ssl-redirect',
  'canary',
  'canary-weight',
  'canary-weight-total',
  'canary-by-header',
  'canary-by-header-value',
  'proxy-connect-timeout',
  'proxy-send-timeout',
  'proxy-read-timeout',
  'mirror-target',
];

/**
 * What ingress-nginx does for the annotations gatemap does not translate, and why there is no
 * translation; an annotation not listed here is named as one gatemap does not know.
 */
const MEANINGS: Readonly<Record<string, string>> = {
  'use-regex':
    'paths are case-insensitive regular expressions for every path of the host; Gateway API RegularExpression matching is implementation-specific',
  'app-root': 'redirects / to this path (302)',
  'backend-protocol':
    'the protocol to the backend (HTTPS, GRPC, …): a GRPCRoute or a BackendTLSPolicy, chosen per implementation',
  'ssl-passthrough': 'passes TLS through to the backend: a TLSRoute on a Passthrough listener',
  'enable-cors': 'answers CORS preflight requests and adds CORS headers',
  'cors-allow-origin': 'the CORS allowed origins',
  'cors-allow-methods': 'the CORS allowed methods',
  'cors-allow-headers': 'the CORS allowed headers',
  'cors-allow-credentials': 'whether CORS allows credentials',
  'cors-max-age': 'how long a CORS preflight answer may be cached',
  'custom-headers': 'response headers from a ConfigMap',
  'upstream-vhost': 'the Host header sent to the backend',
  'connection-proxy-header': 'the Connection header sent to the backend',
  'whitelist-source-range': 'client CIDRs allowed; no standard Gateway API field',
  'denylist-source-range': 'client CIDRs denied; no standard Gateway API field',
  affinity: 'sticky sessions (cookie); sessionPersistence is experimental',
  'session-cookie-name': 'the sticky session cookie name',
  'proxy-body-size': 'the largest request body (413 above it); no standard Gateway API field',
  'client-body-buffer-size': 'the request body buffer size; no Gateway API field',
  'proxy-buffering': 'buffering of backend responses; no Gateway API field',
  'proxy-next-upstream': 'when to retry the next backend; retries are an extended, per-rule field',
  'auth-url': 'external authentication by a subrequest; no standard Gateway API filter',
  'auth-signin': 'where to send unauthenticated users',
  'auth-type': 'basic or digest authentication',
  'auth-secret': 'the Secret with the basic authentication users',
  'auth-realm': 'the authentication realm',
  'server-snippet': 'raw NGINX configuration for the server block; no Gateway API equivalent',
  'configuration-snippet': 'raw NGINX configuration for the location block; no Gateway API equivalent',
  'limit-rps': 'a rate limit per client; rate limiting is implementation-specific policy',
  'limit-connections': 'a connection limit per client; implementation-specific policy',
  'permanent-redirect': 'a 301 redirect to a URL',
  'temporal-redirect': 'a 302 redirect to a URL',
  'from-to-www-redirect': 'redirects between www.host and host',
  'canary-by-header-pattern': 'canary by a header regular expression (implementation-specific)',
  'canary-by-cookie': 'canary by a cookie; the Gateway API has no cookie match',
  'load-balance': 'the load-balancing algorithm; no Gateway API field',
  'upstream-hash-by': 'consistent hashing of backends; no Gateway API field',
  'service-upstream': 'sends to the Service IP instead of the endpoints',
  'x-forwarded-prefix': 'adds X-Forwarded-Prefix',
  'enable-access-log': 'switches the access log',
  'ssl-ciphers': 'the TLS ciphers; listener TLS options are implementation-specific',
  'proxy-ssl-secret': 'the client certificate to the backend (BackendTLSPolicy and Gateway backend TLS)',
  'proxy-ssl-verify': 'verification of the backend certificate (BackendTLSPolicy)',
};

/** An annotation gatemap does not translate, with its meaning. */
export interface UntranslatedAnnotation {
  readonly annotation: string;
  readonly value: string;
  readonly meaning: string;
}

/** Annotations that are bookkeeping rather than routing, never reported. */
const BOOKKEEPING: ReadonlySet<string> = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'kubernetes.io/ingress.class',
]);

/** Every annotation of an Ingress that gatemap does not translate, with what it means. */
export function untranslatedAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
): UntranslatedAnnotation[] {
  const out: UntranslatedAnnotation[] = [];
  for (const [annotation, value] of Object.entries(annotations ?? {}).sort(([left], [right]) =>
    left < right ? -1 : left > right ? 1 : 0,
  )) {
    if (BOOKKEEPING.has(annotation)) continue;
    if (!annotation.startsWith(NGINX_PREFIX)) {
      out.push({
        annotation,
        value,
        meaning: 'not an ingress-nginx annotation: what its controller does with it is unknown to gatemap',
      });
      continue;
    }
    const short = annotation.slice(NGINX_PREFIX.length);
    if (TRANSLATED_ANNOTATIONS.includes(short)) continue;
    out.push({
      annotation,
      value,
      meaning: MEANINGS[short] ?? 'an ingress-nginx annotation gatemap does not know',
    });
  }
  return out;
}

/** An annotation's value, without the prefix in `name`. */
export function nginxAnnotation(
  annotations: Readonly<Record<string, string>> | undefined,
  name: string,
): string | undefined {
  return annotations?.[NGINX_PREFIX + name];
}

/** The canary settings of an Ingress (`canary: "true"`), as ingress-nginx reads them. */
export interface CanaryConfig {
  readonly header?: string;
  readonly headerValue?: string;
  /** Set when `canary-weight` is given and valid. */
  readonly weight?: number;
  readonly weightTotal: number;
}

/**
 * Parses the canary annotations as ingress2gateway's `parseCanaryConfig` does: a bad weight
 * counts as none, a bad total as 100, a weight above the total is capped; each says so in
 * `problems`.
 */
export function parseCanary(annotations: Readonly<Record<string, string>> | undefined): {
  readonly config: CanaryConfig;
  readonly problems: readonly string[];
} {
  const problems: string[] = [];
  const header = nginxAnnotation(annotations, 'canary-by-header') || undefined;
  const headerValue = nginxAnnotation(annotations, 'canary-by-header-value') || undefined;
  let weight: number | undefined;
  const weightText = nginxAnnotation(annotations, 'canary-weight');
  if (weightText !== undefined && weightText !== '') {
    if (!/^-?\d+$/.test(weightText))
      problems.push(`canary-weight "${weightText}" is not an integer; no weight is set`);
    else if (Number(weightText) < 0)
      problems.push(`canary-weight ${weightText} is negative; no weight is set`);
    else weight = Number(weightText);
  }
  let weightTotal = 100;
  const totalText = nginxAnnotation(annotations, 'canary-weight-total');
  if (totalText !== undefined && totalText !== '') {
    if (!/^-?\d+$/.test(totalText) || Number(totalText) <= 0)
      problems.push(`canary-weight-total "${totalText}" is not a positive integer; 100 is used`);
    else weightTotal = Number(totalText);
  }
  if (weight !== undefined && weight > weightTotal) {
    problems.push(
      `canary-weight ${weight} exceeds canary-weight-total ${weightTotal}; it is capped to ${weightTotal}`,
    );
    weight = weightTotal;
  }
  return {
    config: {
      ...(header === undefined ? {} : { header }),
      ...(headerValue === undefined ? {} : { headerValue }),
      ...(weight === undefined ? {} : { weight }),
      weightTotal,
    },
    problems,
  };
}

/**
 * `timeouts.request` from `proxy-{connect,send,read}-timeout` (integer seconds, TCP-level): ten
 * times the largest, as ingress2gateway's emitter does, as a Gateway API Duration (`1m40s`).
 * A value that is not an integer is skipped with a problem.
 */
export function requestTimeout(annotations: Readonly<Record<string, string>> | undefined): {
  readonly timeout?: string;
  readonly problems: readonly string[];
} {
  const problems: string[] = [];
  let largest: number | undefined;
  for (const name of ['proxy-connect-timeout', 'proxy-send-timeout', 'proxy-read-timeout']) {
    const text = nginxAnnotation(annotations, name);
    if (text === undefined) continue;
    if (!/^\d+$/.test(text)) {
      problems.push(`${name} "${text}" is not a whole number of seconds; it is skipped`);
      continue;
    }
    largest = Math.max(largest ?? 0, Number(text));
  }
  return largest === undefined || largest === 0
    ? { problems }
    : { timeout: formatDuration(largest * 10), problems };
}

/** Seconds as a Gateway API Duration (GEP-2257): `1h2m3s`, `1m40s`, `30s`. */
function formatDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return `${hours > 0 ? `${hours}h` : ''}${minutes > 0 ? `${minutes}m` : ''}${rest > 0 || seconds === 0 ? `${rest}s` : ''}`;
}

/** What `rewrite-target` becomes on a path, or why it cannot be translated. */
export type RewritePlan =
  | { readonly kind: 'full'; readonly path: string }
  | { readonly kind: 'prefix'; readonly matchPrefix: string; readonly replacePrefix: string }
  | { readonly kind: 'untranslatable'; readonly why: string };

/**
 * `rewrite-target` on a path (§F): a static target is `ReplaceFullPath`; the documented pattern
 * `/x(/|$)(.*)` with `/$2` is PathPrefix `/x` with `ReplacePrefixMatch: /` (E10); other capture
 * groups have no Gateway API equivalent.
 */
export function planRewrite(path: string, target: string): RewritePlan {
  if (!target.includes('$')) return { kind: 'full', path: target };
  const strip = /^(\/[^()$]*?)\(\/\|\$\)\(\.\*\)$/.exec(path);
  if (strip && target === '/$2') return { kind: 'prefix', matchPrefix: strip[1] || '/', replacePrefix: '/' };
  return {
    kind: 'untranslatable',
    why: `rewrite-target "${target}" refers to capture groups of "${path}", which no Gateway API filter can`,
  };
}
