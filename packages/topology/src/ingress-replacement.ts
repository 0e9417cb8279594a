/**
 * The Gateway API objects that replace Ingresses on a Gateway the user picks (§C, E, F of the
 * migration rules): HTTPRoutes grouped by namespace and host as ingress2gateway groups them,
 * the listeners the Gateway lacks for their hosts and TLS Secrets, and the ReferenceGrants those
 * listeners need for a Secret of another namespace; ingress-nginx annotations translated
 * (nginx-annotations.ts). Pure: the objects are checked against the cluster by migration-plan.ts.
 * @see https://github.com/kubernetes-sigs/ingress2gateway (pkg/i2gw/providers/common, ingressnginx)
 */
import type { Service } from './core-v1.ts';
import type { HTTPIngressPath, Ingress, IngressBackend, IngressTLS } from './ingress.ts';
import { ListenerPlan } from './replacement-listeners.ts';
import { nameFromHost } from './replacement-names.ts';
import type { GeneratedObject, ReplacementTarget } from './replacement-target.ts';
import {
  nginxAnnotation,
  parseCanary,
  planRewrite,
  requestTimeout,
  type CanaryConfig,
} from './nginx-annotations.ts';

/** What generating the replacement of one Ingress found: the Routes made from it and its problems. */
export interface IngressReplacementNotes {
  readonly ingress: string;
  readonly routes: string[];
  /** Paths or annotations that could not be translated, each with why. */
  readonly problems: string[];
}

export interface Replacement {
  readonly routes: readonly GeneratedObject[];
  /** The Gateway with the listeners it lacks, when it lacks any. */
  readonly gateway?: GeneratedObject;
  readonly referenceGrants: readonly GeneratedObject[];
  readonly notes: readonly IngressReplacementNotes[];
}

export interface ReplacementInput {
  readonly ingresses: readonly Ingress[];
  readonly target: ReplacementTarget;
  /** The Services of the cluster, to turn port names into numbers (X7). */
  readonly service: (namespace: string, name: string) => Service | undefined;
}

const GATEWAY_API = 'gateway.networking.k8s.io/v1';
const MAX_RULES = 16;

interface Source {
  readonly ingress: Ingress;
  readonly notes: IngressReplacementNotes;
  readonly path: HTTPIngressPath;
  readonly canary?: CanaryConfig;
}

interface Group {
  readonly namespace: string;
  readonly host: string | undefined;
  readonly name: string;
  readonly keys: Map<string, Source[]>;
  readonly tlsSecrets: Set<string>;
  /** For the group without host: the TLS entries of its Ingresses (E15). */
  readonly hostlessTls: Set<IngressTLS>;
  /** The first Ingress of the group by namespace/name: its name and annotations are the route's (X2). */
  readonly first: Ingress;
  readonly firstNotes: IngressReplacementNotes;
}

/** Generates the replacement of `ingresses` (see the module header). */
export function generateReplacement(input: ReplacementInput): Replacement {
  const ingresses = [...input.ingresses].sort((left, right) =>
    compareText(qualified(left), qualified(right)),
  );
  const notes = new Map<Ingress, IngressReplacementNotes>();
  const groups = new Map<string, Group>();
  const routes: GeneratedObject[] = [];
  const listeners = new ListenerPlan(input.target);
  for (const ingress of ingresses) {
    const note: IngressReplacementNotes = { ingress: qualified(ingress), routes: [], problems: [] };
    notes.set(ingress, note);
    const namespace = ingress.metadata.namespace ?? 'default';
    const annotations = ingress.metadata.annotations;
    const isCanary = nginxAnnotation(annotations, 'canary') === 'true';
    const canary = isCanary ? parseCanary(annotations) : undefined;
    if (canary) note.problems.push(...canary.problems);
    for (const rule of ingress.spec?.rules ?? []) {
      const host = rule.host === '' ? undefined : rule.host;
      const id = `${namespace}/${host ?? ''}`;
      let group = groups.get(id);
      if (!group) {
        group = {
          namespace,
          host,
          name: uniqueName(groups, namespace, `${ingress.metadata.name}-${nameFromHost(host)}`),
          keys: new Map(),
          tlsSecrets: new Set(),
          hostlessTls: new Set(),
          first: ingress,
          firstNotes: note,
        };
        groups.set(id, group);
      }
      for (const tls of ingress.spec?.tls ?? [])
        if (host === undefined) group.hostlessTls.add(tls);
        else if (tls.secretName && (tls.hosts ?? []).includes(host)) group.tlsSecrets.add(tls.secretName);
      for (const path of rule.http?.paths ?? []) {
        const key = `${path.pathType}/${path.path ?? '/'}`;
        const sources = group.keys.get(key) ?? [];
        group.keys.set(key, sources);
        sources.push({ ingress, notes: note, path, ...(canary ? { canary: canary.config } : {}) });
      }
    }
    const fallback = ingress.spec?.defaultBackend;
    if (fallback) {
      const name = `${ingress.metadata.name}-default-backend`;
      const backend = backendRef(input, namespace, fallback, note, 'spec.defaultBackend');
      const parent = listeners.http(namespace, undefined);
      if (backend && parent) {
        routes.push(httpRoute(name, namespace, [parent], undefined, [{ backendRefs: [backend] }]));
        note.routes.push(`${namespace}/${name}`);
      }
    }
  }
  for (const group of groups.values())
    routes.push(...groupRoutes(input, group, listeners, hostlessTlsHost(group, groups)));
  return {
    routes,
    ...(listeners.changed() ? { gateway: listeners.gatewayObject() } : {}),
    referenceGrants: listeners.grants,
    notes: [...notes.values()],
  };
}

function groupRoutes(
  input: ReplacementInput,
  group: Group,
  listeners: ListenerPlan,
  tlsHost: string | undefined,
): GeneratedObject[] {
  if (tlsHost !== undefined)
    for (const tls of group.hostlessTls) if (tls.secretName) group.tlsSecrets.add(tls.secretName);
  const hasTls = group.tlsSecrets.size > 0;
  /** The rules of each host, pathType and path, and whether plain HTTP requests for them go to HTTPS. */
  const sets: { readonly rules: Record<string, unknown>[]; readonly redirect: boolean }[] = [];
  const made = new Set<IngressReplacementNotes>();
  for (const sources of group.keys.values()) {
    const primaries = sources.filter((source) => source.canary === undefined);
    const canaries = sources.filter((source) => source.canary !== undefined);
    const primary = primaries[0];
    if (!primary) {
      for (const canary of canaries)
        canary.notes.problems.push(
          `${where(group, canary.path)}: a canary without a primary Ingress for the same host, pathType and path is not translated`,
        );
      continue;
    }
    for (const extra of primaries.slice(1))
      extra.notes.problems.push(
        `${where(group, extra.path)}: ${primary.notes.ingress} already sends this host, pathType and path to a backend (multiple non-canary backends); not translated`,
      );
    for (const extra of canaries.slice(1))
      extra.notes.problems.push(
        `${where(group, extra.path)}: a second canary for this path is not translated`,
      );
    const ruleSet = ruleFor(input, group, primary, canaries[0]);
    if (!ruleSet) continue;
    // Annotations are read from the path's non-canary source (§F); E14: an Ingress that opts out
    // of ssl-redirect keeps its paths plain on HTTP even when another Ingress gives the host TLS.
    sets.push({ rules: ruleSet, redirect: wantsHttpsRedirect(primary.ingress, hasTls) });
    made.add(primary.notes);
    if (canaries[0]) made.add(canaries[0].notes);
  }
  if (sets.length === 0) return [];
  const redirected = sets.filter((set) => set.redirect);
  const https = hasTls || redirected.length > 0 ? listeners.https({ ...group, tlsHost }) : undefined;
  const http = listeners.http(group.namespace, group.host);
  const out: GeneratedObject[] = [];
  const redirectFilter = {
    type: 'RequestRedirect',
    requestRedirect: { scheme: 'https', statusCode: 308 },
  };
  const parents: Record<string, unknown>[] = [];
  // E15: the HTTPS listener of the rules without host is the TLS host's, so only it is redirected.
  const hostnames = group.host ?? tlsHost;
  // E15: the redirect takes only the TLS host, so the catch-all stays on HTTP for every other host.
  const hostlessTls = group.host === undefined && tlsHost !== undefined;
  if (redirected.length > 0 && https && http) {
    parents.push(https);
    if (hostlessTls) parents.push(http);
    const plain = sets.filter((set) => !set.redirect);
    // Every path redirects: one rule for the whole host; else one per redirected path (E14).
    const redirectRules =
      plain.length === 0
        ? [{ filters: [redirectFilter] }]
        : redirected.flatMap((set) =>
            set.rules.map((rule) => ({ matches: rule['matches'], filters: [redirectFilter] })),
          );
    out.push(httpRoute(`${group.name}-ssl-redirect`, group.namespace, [http], hostnames, redirectRules));
    if (plain.length > 0 && !hostlessTls)
      out.push(
        ...split(
          `${group.name}-http`,
          group.namespace,
          [http],
          group.host,
          plain.flatMap((set) => set.rules),
        ),
      );
  } else {
    if (http) parents.push(http);
    if (https) parents.push(https);
  }
  if (redirected.length > 0 && !https)
    group.firstNotes.problems.push(
      `${group.host ?? '(every host)'}: force-ssl-redirect asks for HTTPS, but the Gateway has no HTTPS listener for the host and the Ingress names no TLS Secret for it; not translated`,
    );
  if (parents.length === 0) return [];
  out.push(
    ...split(
      group.name,
      group.namespace,
      parents,
      group.host,
      sets.flatMap((set) => set.rules),
    ),
  );
  for (const item of made)
    item.routes.push(...out.map((route) => `${group.namespace}/${route.metadata.name}`));
  return out;
}

/**
 * E15: the host of the HTTPS listener for the rules without host: the host of the sole TLS entry
 * of their Ingresses when it has one host (X5) and no rule of the namespace names that host (its
 * own group has the TLS then). Unlike ingress2gateway, the HTTP listener keeps no hostname, so
 * the catch-all still serves every host over plain HTTP, as the Ingress does.
 */
function hostlessTlsHost(group: Group, groups: ReadonlyMap<string, Group>): string | undefined {
  if (group.host !== undefined || group.hostlessTls.size !== 1) return undefined;
  const [tls] = group.hostlessTls;
  const host = tls?.hosts?.length === 1 ? tls.hosts[0] : undefined;
  if (host === undefined || !tls?.secretName || groups.has(`${group.namespace}/${host}`)) return undefined;
  return host;
}

/** A Route of at most 16 rules (G5), then `<name>-2`, `<name>-3`, … for the rest (E12). */
function split(
  name: string,
  namespace: string,
  parents: readonly Record<string, unknown>[],
  host: string | undefined,
  rules: readonly Record<string, unknown>[],
): GeneratedObject[] {
  const out: GeneratedObject[] = [];
  for (let start = 0, part = 1; start < rules.length; start += MAX_RULES, part++)
    out.push(
      httpRoute(
        part === 1 ? name : `${name}-${part}`,
        namespace,
        parents,
        host,
        rules.slice(start, start + MAX_RULES),
      ),
    );
  return out;
}

/** ssl-redirect: on by default when the host has TLS, off with `"false"`; force-ssl-redirect: on without TLS too. */
function wantsHttpsRedirect(ingress: Ingress, hasTls: boolean): boolean {
  const annotations = ingress.metadata.annotations;
  if (nginxAnnotation(annotations, 'force-ssl-redirect') === 'true') return true;
  return hasTls && nginxAnnotation(annotations, 'ssl-redirect') !== 'false';
}

/** The rules of one host, pathType and path: the base rule, and the header rules of a canary. */
function ruleFor(
  input: ReplacementInput,
  group: Group,
  primary: Source,
  canary: Source | undefined,
): Record<string, unknown>[] | undefined {
  const annotations = primary.ingress.metadata.annotations;
  const problems = primary.notes.problems;
  const at = where(group, primary.path);
  let type = primary.path.pathType === 'Exact' ? 'Exact' : 'PathPrefix';
  let value = primary.path.path ?? '/';
  const filters: Record<string, unknown>[] = [];
  if (primary.path.pathType === 'ImplementationSpecific')
    problems.push(
      `${at}: ImplementationSpecific becomes PathPrefix, which is narrower than ingress-nginx's string prefix (/foo no longer serves /foobar)`,
    );
  const target = nginxAnnotation(annotations, 'rewrite-target');
  if (target !== undefined) {
    const plan = planRewrite(value, target);
    if (plan.kind === 'full')
      filters.push({
        type: 'URLRewrite',
        urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: plan.path } },
      });
    else if (plan.kind === 'prefix') {
      type = 'PathPrefix';
      value = plan.matchPrefix;
      filters.push({
        type: 'URLRewrite',
        urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: plan.replacePrefix } },
      });
    } else problems.push(`${at}: ${plan.why}; not translated`);
  }
  // N3: with use-regex or rewrite-target, ingress-nginx reads every path of the host as a regex.
  const regex =
    nginxAnnotation(annotations, 'use-regex') === 'true' || target !== undefined
      ? /[()[\]*+?|^$\\{}]/.test(value)
      : false;
  if (regex) {
    problems.push(
      `${at}: "${value}" is a regular expression to ingress-nginx (use-regex or rewrite-target); Gateway API RegularExpression matching is implementation-specific, so the path is not translated`,
    );
    return undefined;
  }
  const invalid = invalidPath(value);
  if (invalid) {
    problems.push(
      `${at}: ${invalid}; the HTTPRoute CRD rejects it (a RegularExpression match would be implementation-specific), so the path is not translated`,
    );
    return undefined;
  }
  const mirror = nginxAnnotation(annotations, 'mirror-target');
  if (mirror !== undefined) {
    const ref = mirrorBackend(input, group.namespace, mirror);
    if (typeof ref === 'string') problems.push(`${at}: mirror-target ${ref}; not translated`);
    else filters.push({ type: 'RequestMirror', requestMirror: { backendRef: ref } });
  }
  const primaryRef = backendRef(input, group.namespace, primary.path.backend, primary.notes, at);
  if (!primaryRef) return undefined;
  const canaryRef = canary && backendRef(input, group.namespace, canary.path.backend, canary.notes, at);
  const match = { path: { type, value } };
  const timeout = requestTimeout(annotations);
  problems.push(...timeout.problems.map((problem) => `${at}: ${problem}`));
  const base = (backendRefs: Record<string, unknown>[], matches = [match]): Record<string, unknown> => ({
    matches,
    ...(filters.length > 0 ? { filters } : {}),
    backendRefs,
    ...(timeout.timeout ? { timeouts: { request: timeout.timeout } } : {}),
  });
  if (!canary?.canary || !canaryRef) return [base([primaryRef])];
  const config = canary.canary;
  const rules: Record<string, unknown>[] = [];
  // As ingress2gateway: weights when a weight is set or no header is (all to the primary then).
  if (config.weight !== undefined || config.header === undefined) {
    const weight = config.weight ?? 0;
    rules.push(
      base([
        { ...primaryRef, weight: config.weightTotal - weight },
        { ...canaryRef, weight },
      ]),
    );
  } else rules.push(base([primaryRef]));
  if (config.header !== undefined) {
    const header = (value: string) => [{ ...match, headers: [{ name: config.header, value }] }];
    rules.push(base([canaryRef], header(config.headerValue ?? 'always')));
    if (config.headerValue === undefined) rules.push(base([primaryRef], header('never')));
  }
  return rules;
}

/** Why a path is not a valid HTTPRoute Exact or PathPrefix value (G5), or undefined. */
function invalidPath(path: string): string | undefined {
  if (!path.startsWith('/')) return `path "${path}" does not start with /`;
  if (/\/\/|\/\.\/|\/\.\.\/|%2f|%2F|#/.test(path) || /\/\.\.?$/.test(path))
    return `path "${path}" holds //, /./, /../, %2f or #, or ends in /. or /..`;
  if (!/^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*$/.test(path))
    return `path "${path}" holds a character an HTTPRoute path may not`;
  return undefined;
}

/** The backendRef of an Ingress backend, the port name turned into the Service's number (X7). */
function backendRef(
  input: ReplacementInput,
  namespace: string,
  backend: IngressBackend,
  notes: IngressReplacementNotes,
  at: string,
): Record<string, unknown> | undefined {
  const service = backend.service;
  if (!service) {
    notes.problems.push(
      `${at}: a ${backend.resource?.kind ?? 'resource'} backend is implementation-specific; not translated`,
    );
    return undefined;
  }
  if (service.port?.number !== undefined) return { name: service.name, port: service.port.number };
  const portName = service.port?.name;
  const found =
    portName && input.service(namespace, service.name)?.spec?.ports?.find((port) => port.name === portName);
  if (!found) {
    notes.problems.push(
      `${at}: cannot find port with name "${portName ?? ''}" in Service ${namespace}/${service.name}; not translated`,
    );
    return undefined;
  }
  return { name: service.name, port: found.port };
}

/**
 * The backendRef a `mirror-target` URL names, when its host is a Service of the namespace
 * (`name`, `name.namespace`, `name.namespace.svc[.cluster.local]`), or why it cannot be one.
 */
function mirrorBackend(
  input: ReplacementInput,
  namespace: string,
  target: string,
): Record<string, unknown> | string {
  const parsed = /^(https?):\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(target);
  if (!parsed) return `"${target}" is not an http(s) URL`;
  const labels = (parsed[2] ?? '').split('.');
  const name = labels[0] ?? '';
  const serviceNamespace = labels[1] ?? namespace;
  const rest = labels.slice(2).join('.');
  if ((rest !== '' && rest !== 'svc' && rest !== 'svc.cluster.local') || serviceNamespace !== namespace)
    return `"${target}" is not a Service of namespace ${namespace} (RequestMirror sends to a backendRef, not to a URL)`;
  const service = input.service(namespace, name);
  if (!service) return `"${target}": Service ${namespace}/${name} is not among the objects`;
  const ports = service.spec?.ports ?? [];
  const port = parsed[3] ? Number(parsed[3]) : ports.length === 1 ? ports[0]?.port : undefined;
  if (port === undefined || !ports.some((item) => item.port === port))
    return `"${target}": the port is not one of Service ${namespace}/${name}`;
  return { name, port };
}

function httpRoute(
  name: string,
  namespace: string,
  parentRefs: readonly Record<string, unknown>[],
  host: string | undefined,
  rules: readonly Record<string, unknown>[],
): GeneratedObject {
  return {
    apiVersion: GATEWAY_API,
    kind: 'HTTPRoute',
    metadata: { name, namespace },
    spec: { parentRefs, ...(host === undefined ? {} : { hostnames: [host] }), rules },
  };
}

/**
 * The route name of a new group, numbered when another group of the namespace has it already
 * (E5: `*.foo.com` and `foo.com` both name `foo-com`).
 */
function uniqueName(groups: ReadonlyMap<string, Group>, namespace: string, base: string): string {
  const taken = new Set(
    [...groups.values()].filter((group) => group.namespace === namespace).map((group) => group.name),
  );
  let name = base;
  for (let count = 2; taken.has(name); count++) name = `${base}-${count}`;
  return name;
}

function where(group: Group, path: HTTPIngressPath): string {
  return `${group.host ?? '(every host)'}${path.path ?? '/'} (${path.pathType})`;
}

function qualified(ingress: Ingress): string {
  return `${ingress.metadata.namespace ?? 'default'}/${ingress.metadata.name}`;
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
