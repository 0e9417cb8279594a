/**
 * A Route's backend and mirror references: kind (`InvalidKind`), permission across namespaces
 * (`RefNotPermitted`, with the ReferenceGrant that would permit it), existence
 * (`BackendNotFound`), and the Service's port; each backend's share of its rule's traffic.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#referencegrant
 */
import type { BackendAnalysis } from './analysis-results.ts';
import type { AnalysisContext } from './analysis-context.ts';
import type { DecodedObject } from './decode-object.ts';
import { finding, type Finding } from './findings.ts';
import {
  CORE_GROUP,
  GATEWAY_GROUP,
  MULTICLUSTER_GROUP,
  type BackendRef,
  type HTTPRouteFilter,
  type Route,
  type RouteKind,
  type RouteRule,
} from './gateway-api.ts';
import { objectKey, type ObjectKey } from './object-key.ts';
import {
  checkReferencePermitted,
  explainMissingGrant,
  referenceGrantYaml,
  type Permission,
} from './reference-grants.ts';
import {
  backendRefGroup,
  backendRefKind,
  backendRefNamespace,
  resolveBackendRef,
  type ResolvedBackendRef,
} from './resolve-refs.ts';

/** A Route's backend and mirror references, checked, with what its status needs of them. */
export interface RouteBackends {
  readonly backends: readonly BackendAnalysis[];
  /** Whether every reference resolves (`ResolvedRefs` as far as backends go). */
  readonly allResolved: boolean;
  /** The ReferenceGrants that permit a reference, each once. */
  readonly grants: ReadonlySet<ObjectKey>;
  /** The Services referred to that a policy (BackendTLSPolicy or of a discovered kind) targets, each once. */
  readonly services: readonly ObjectKey[];
}

const NO_GRANTS: ReadonlySet<ObjectKey> = new Set();

/** Checks every backend and mirror reference of a Route's rules, in one pass over them. */
export function analyzeBackends(
  ctx: AnalysisContext,
  key: ObjectKey,
  route: Route,
  namespace: string,
  rules: readonly RouteRule[],
  findings: Finding[],
): RouteBackends {
  const out = ctx.shared.backendList;
  out.length = 0;
  const pass: BackendsPass = {
    group: GATEWAY_GROUP,
    kind: route.kind,
    namespace,
    name: route.metadata.name,
    key,
    findings,
    allResolved: true,
    grants: undefined,
    services: undefined,
  };
  let ruleIndex = -1;
  for (const rule of rules) {
    ruleIndex++;
    const backendRefs = rule.backendRefs ?? NONE;
    const total = backendRefs.reduce(addWeight, 0);
    let index = -1;
    for (const backend of backendRefs) {
      index++;
      const field = ctx.shared.backendField(ruleIndex, index);
      const share = total > 0 ? ((backend.weight ?? 1) / total) * 100 : 0;
      keep(
        ctx,
        pass,
        checkBackend(ctx, pass, { raw: backend, field, rule: ruleIndex, role: 'backend', share }),
      );
      if (backend.filters) checkMirrors(ctx, pass, backend.filters, field, ruleIndex);
    }
    if (rule.filters) checkMirrors(ctx, pass, rule.filters, `spec.rules[${ruleIndex}]`, ruleIndex);
  }
  // Kept for the Route's life: a copy holds exactly its entries, where the list grown by push
  // holds room for more.
  const backends = out.slice();
  out.length = 0;
  return {
    backends,
    allResolved: pass.allResolved,
    grants: pass.grants ?? NO_GRANTS,
    services: pass.services ?? NONE,
  };
}

/**
 * Adds a result to the Route's list (`SharedValues.backendList`) and to what the Route's
 * references add up to, as it comes, so that the list is not walked again.
 */
function keep(ctx: AnalysisContext, pass: BackendsPass, backend: BackendAnalysis): void {
  ctx.shared.backendList.push(backend);
  // A reference to a missing target still uses the grant that permits it.
  if (backend.grant) (pass.grants ??= new Set()).add(backend.grant);
  if (!backend.resolved) {
    pass.allResolved = false;
    return;
  }
  const target = backend.ref.key;
  if (
    (ctx.policiesFor(target).length > 0 || ctx.policiesTargeting(target).length > 0) &&
    !pass.services?.includes(target)
  )
    (pass.services ??= []).push(target);
}

/** The Route whose references are checked, and where its findings go. */
interface ReferringRoute {
  readonly group: string;
  readonly kind: RouteKind;
  readonly namespace: string;
  readonly name: string;
  readonly key: ObjectKey;
  readonly findings: Finding[];
}

/** A Route's references being checked: the Route, and what its references add up to so far. */
interface BackendsPass extends ReferringRoute {
  allResolved: boolean;
  grants: Set<ObjectKey> | undefined;
  services: ObjectKey[] | undefined;
}

function checkMirrors(
  ctx: AnalysisContext,
  pass: BackendsPass,
  filters: readonly HTTPRouteFilter[],
  field: string,
  rule: number,
): void {
  let index = -1;
  for (const filter of filters) {
    index++;
    if (filter.type === 'RequestMirror' && filter.requestMirror)
      keep(
        ctx,
        pass,
        checkBackend(ctx, pass, {
          raw: filter.requestMirror.backendRef,
          field: `${field}.filters[${index}].requestMirror.backendRef`,
          rule,
          role: 'mirror',
          share: undefined,
        }),
      );
  }
}

/** One backendRef or mirror's backendRef of a Route, where it is written. */
interface BackendUse {
  readonly raw: BackendRef;
  readonly field: string;
  readonly rule: number;
  readonly role: 'backend' | 'mirror';
  readonly share: number | undefined;
}

/**
 * How a reference resolves, but for the ReferenceGrant that permits it: a resolved reference
 * shares `RESOLVED`, so that only a failure (which carries its message) makes one.
 */
interface BackendOutcome {
  readonly resolved: boolean;
  readonly reason?: string;
  readonly message?: string;
}

/** One backend result; every result has the same shape (absent fields undefined). */
function backendResult(
  use: BackendUse,
  ref: ResolvedBackendRef,
  outcome: BackendOutcome,
  grant: ObjectKey | undefined,
): BackendAnalysis {
  return {
    field: use.field,
    rule: use.rule,
    role: use.role,
    ref,
    share: use.share,
    resolved: outcome.resolved,
    reason: outcome.reason,
    message: outcome.message,
    grant,
  };
}

/** The Route as messages name it (made only for a message, which most references never need). */
function routeLabel(from: ReferringRoute): string {
  return `${from.kind} ${from.namespace}/${from.name}`;
}

/** A reference's target as messages name it. */
function targetName(ref: ResolvedBackendRef): string {
  return `${ref.kind}${ref.group === CORE_GROUP ? '' : `.${ref.group}`} ${ref.namespace}/${ref.name}`;
}

function checkBackend(ctx: AnalysisContext, from: ReferringRoute, use: BackendUse): BackendAnalysis {
  const { key, namespace, findings } = from;
  const { raw, field, rule, role } = use;
  // The reference is resolved once its target is looked up, so that it holds the key the target
  // is kept under (see `foundBackend`); until then its defaulted parts are enough.
  const group = backendRefGroup(raw);
  const kind = backendRefKind(raw);
  const targetNamespace = backendRefNamespace(namespace, raw);
  const what = role === 'mirror' ? 'mirror backend' : 'backend';
  if (
    !(group === CORE_GROUP && kind === 'Service') &&
    !(group === MULTICLUSTER_GROUP && kind === 'ServiceImport')
  ) {
    const ref = resolveBackendRef(namespace, raw);
    const message = `${field} refers to ${targetName(ref)}; supported ${what} kinds are Service and ServiceImport (multicluster.x-k8s.io).`;
    findings.push(
      finding('backend-invalid-kind', {
        subject: key,
        related: [ref.key],
        field,
        message: `${routeLabel(from)}: ${message}`,
      }),
    );
    return backendResult(use, ref, { resolved: false, reason: 'InvalidKind', message }, undefined);
  }
  const permission =
    targetNamespace === namespace
      ? SAME_NAMESPACE
      : checkReferencePermitted(ctx, from, { group, kind, namespace: targetNamespace, name: raw.name });
  if (!permission.permitted) {
    const ref = resolveBackendRef(namespace, raw);
    const to = { group, kind, namespace: targetNamespace, name: raw.name };
    const message = `${field} refers to ${targetName(ref)} in another namespace, and no ReferenceGrant in ${ref.namespace} permits ${from.kind}s from ${namespace} to use it.`;
    findings.push(
      finding('reference-not-permitted', {
        subject: key,
        related: [ref.key],
        field,
        message: `${routeLabel(from)} sends ${role === 'mirror' ? 'mirrored ' : ''}traffic to ${targetName(ref)}, but no ReferenceGrant in namespace ${ref.namespace} allows ${from.kind}s from namespace ${namespace} to reference it. ${role === 'mirror' ? 'The mirror receives nothing' : `Requests matched by rule ${rule} get HTTP 500 (or the connection is refused)`} until one exists.`,
        hints: explainMissingGrant(ctx, from, to),
        fix: {
          description: `Ask the owner of namespace ${ref.namespace} to apply:`,
          yaml: referenceGrantYaml(from, to),
        },
      }),
    );
    return backendResult(use, ref, { resolved: false, reason: 'RefNotPermitted', message }, undefined);
  }
  const grant = permission.grant;
  const targetKey = objectKey(group, kind, targetNamespace, raw.name);
  const found = ctx.get(targetKey);
  const ref = resolveBackendRef(namespace, raw, found?.key ?? targetKey);
  if (!found) {
    const message = `${field} refers to ${targetName(ref)}, which does not exist.`;
    findings.push(
      finding('backend-not-found', {
        subject: key,
        related: [ref.key],
        field,
        message: `${routeLabel(from)}: ${message} Create it or fix the name and namespace.`,
      }),
    );
    return backendResult(use, ref, { resolved: false, reason: 'BackendNotFound', message }, grant);
  }
  return foundBackend(from, use, ref, found, grant);
}

/**
 * A backend whose object exists. `ref` holds the key the object is kept under, not an equal copy:
 * one string fewer per reference, and every later lookup by it is found by identity.
 */
function foundBackend(
  from: ReferringRoute,
  use: BackendUse,
  ref: ResolvedBackendRef,
  found: DecodedObject,
  grant: ObjectKey | undefined,
): BackendAnalysis {
  const { key, findings } = from;
  const { field } = use;
  if (found.object.kind === 'Service') {
    const service = found.object;
    if (ref.port === undefined) {
      findings.push(
        finding('admission-rejected', {
          subject: key,
          field: `${field}.port`,
          message: `${routeLabel(from)}: ${field} refers to a Service without a port; a Service backendRef must set port. The API server rejects this Route.`,
        }),
      );
    } else if (service.spec?.type === 'ExternalName') {
      findings.push(
        finding('backend-external-name', {
          subject: key,
          related: [ref.key],
          field,
          message: `${routeLabel(from)}: ${targetName(ref)} is an ExternalName Service; implementations should not support it, and many reject it.`,
        }),
      );
    } else if (service.spec?.ports && !hasPort(service.spec.ports, ref.port)) {
      findings.push(
        finding('backend-port-not-found', {
          subject: key,
          related: [ref.key],
          field: `${field}.port`,
          message: `${routeLabel(from)}: ${targetName(ref)} has no port ${ref.port} (it exposes ${service.spec.ports.map((port) => port.port).join(', ') || 'no ports'}); traffic to it fails.`,
        }),
      );
    }
  }
  return backendResult(use, ref, RESOLVED, grant);
}

function hasPort(ports: readonly { readonly port: number }[], port: number): boolean {
  for (const each of ports) if (each.port === port) return true;
  return false;
}

const NONE: readonly never[] = Object.freeze([]);

/** A rule's total weight, its backends' weights added up (1 where none is written). */
const addWeight = (total: number, backend: BackendRef) => total + (backend.weight ?? 1);

/** The outcome of every reference that resolves (with the grant, if any, beside it). */
const RESOLVED: BackendOutcome = Object.freeze({ resolved: true });

/** A reference within the Route's namespace needs no grant. */
const SAME_NAMESPACE: Permission = Object.freeze({ permitted: true });
