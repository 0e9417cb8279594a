/**
 * A Route's spec as the CRD's validation and the spec judge it: hostnames, parentRefs that name
 * one parent twice, match and filter types (a rule with one a controller does not support is
 * dropped: `PartiallyInvalid`, or not `Accepted` when every rule is), limits across rules, and
 * ExtensionRef filters whose object is missing (`ResolvedRefs`).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcrouterule
 */
import type { AnalysisContext } from './analysis-context.ts';
import { finding, type Finding } from './findings.ts';
import type { HTTPRouteFilter, Route, RouteKind, RouteRule } from './gateway-api.ts';
import { isValidHostname } from './hostnames.ts';
import type { ObjectKey } from './object-key.ts';
import { resolveLocalRef, resolveParentRef } from './resolve-refs.ts';

/** Kinds of Route that have hostnames; the others serve any hostname (`*`). */
export const HOSTNAME_KINDS: ReadonlySet<RouteKind> = new Set<RouteKind>([
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
]);
const HTTP_PATH_TYPES: ReadonlySet<string> = new Set(['Exact', 'PathPrefix', 'RegularExpression']);

const MATCH_TYPES: ReadonlySet<string> = new Set(['Exact', 'RegularExpression']);

const HTTP_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);

const FILTER_TYPES: Partial<Record<RouteKind, ReadonlySet<string>>> = {
  HTTPRoute: new Set([
    'RequestHeaderModifier',
    'ResponseHeaderModifier',
    'RequestRedirect',
    'URLRewrite',
    'RequestMirror',
    'ExtensionRef',
    'CORS',
    'ExternalAuth',
  ]),
  GRPCRoute: new Set(['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'ExtensionRef']),
};

const NONE: readonly never[] = Object.freeze([]);

/** Hostnames the CRD's validation rejects (reported; the Route is still analyzed). */
export function checkHostnames(
  key: ObjectKey,
  kind: RouteKind,
  hostnames: readonly string[],
  findings: Finding[],
): void {
  let index = -1;
  for (const hostname of hostnames) {
    index++;
    if (!isValidHostname(hostname)) {
      findings.push(
        finding('admission-rejected', {
          subject: key,
          field: `spec.hostnames[${index}]`,
          message: `hostname "${hostname}" is not a valid hostname (lower-case DNS name, optionally starting with "*."). The API server rejects this ${kind}.`,
        }),
      );
    }
  }
}

const NO_INVALID_RULES: ReadonlyMap<number, string> = new Map();

export function checkParentRefUniqueness(route: Route, key: ObjectKey, findings: Finding[]): void {
  const refs = route.spec.parentRefs ?? [];
  if (refs.length < 2) return;
  // Several parentRefs to one parent must each name a section (or port) and must differ.
  const byParent = new Map<ObjectKey, number[]>();
  refs.forEach((ref, index) => {
    const parent = resolveParentRef(route.metadata.namespace ?? 'default', ref).key;
    byParent.set(parent, [...(byParent.get(parent) ?? []), index]);
  });
  for (const [parent, indexes] of byParent) {
    if (indexes.length < 2) continue;
    const seen = new Map<string, number>();
    for (const index of indexes) {
      const ref = refs[index];
      if (!ref) continue;
      const section = `${ref.sectionName ?? ''}|${ref.port ?? ''}`;
      const repeated = seen.get(section);
      if (ref.sectionName === undefined && ref.port === undefined) {
        findings.push(
          finding('admission-rejected', {
            subject: key,
            field: `spec.parentRefs[${index}]`,
            message: `parentRefs[${index}] is one of ${indexes.length} references to ${parent} and names no sectionName (or port); when a Route refers to one parent several times, each reference must name a distinct section. The API server rejects this Route.`,
          }),
        );
      } else if (repeated !== undefined) {
        findings.push(
          finding('admission-rejected', {
            subject: key,
            field: `spec.parentRefs[${index}]`,
            message: `parentRefs[${index}] repeats parentRefs[${repeated}]; references to one parent must name distinct sections. The API server rejects this Route.`,
          }),
        );
      }
      seen.set(section, index);
    }
  }
}

/** What one pass over a Route's rules finds, beyond what it reports. */
export interface RulesCheck {
  /** The rules a controller drops as invalid, by index, with why. */
  readonly invalidRules: ReadonlyMap<number, string>;
  /** Whether a rule or one of its backends has an ExtensionRef filter. */
  readonly extensionRefs: boolean;
}

/** Every rule valid and no ExtensionRef: most Routes. */
const PLAIN_RULES: RulesCheck = Object.freeze({ invalidRules: NO_INVALID_RULES, extensionRefs: false });

/**
 * Checks a Route's rules in one pass over them, and reports in this order: the rules the CRD's
 * validation enforces across rules (the Route is still analyzed; the length of each list is
 * checked, and the list cut, when it is decoded: `limits.ts`), then the rules a controller drops
 * as invalid. Also says whether any rule has an ExtensionRef filter (`checkExtensionRefs`).
 */
export function checkRules(
  key: ObjectKey,
  label: string,
  kind: RouteKind,
  rules: readonly RouteRule[],
  findings: Finding[],
): RulesCheck {
  let matches = 0;
  let combined: number[] | undefined;
  let invalidRules: Map<number, string> | undefined;
  let extensionRefs = false;
  let index = -1;
  for (const rule of rules) {
    index++;
    matches += rule.matches?.length ?? 0;
    const filters = rule.filters;
    if (filters !== undefined && filters.length > 0) {
      if (!extensionRefs) extensionRefs = hasExtensionFilter(filters);
      if (
        filters.length > 1 &&
        filters.some((filter) => filter.type === 'RequestRedirect') &&
        filters.some((filter) => filter.type === 'URLRewrite')
      )
        (combined ??= []).push(index);
    }
    // A backend's filters: the first that a controller does not support, and any ExtensionRef.
    let backendProblem: string | undefined;
    if (rule.backendRefs !== undefined)
      for (const backend of rule.backendRefs) {
        if (backend.filters === undefined) continue;
        backendProblem ??= filterProblem(kind, backend.filters);
        if (!extensionRefs) extensionRefs = hasExtensionFilter(backend.filters);
      }
    const problem = ruleProblem(kind, rule, backendProblem);
    if (problem) (invalidRules ??= new Map()).set(index, problem);
  }
  if (matches > 128) {
    findings.push(
      finding('admission-rejected', {
        subject: key,
        field: 'spec.rules',
        message: `${kind} has ${matches} matches in all; at most 128 are allowed. The API server rejects this Route.`,
      }),
    );
  }
  if (combined !== undefined)
    for (const at of combined) {
      findings.push(
        finding('admission-rejected', {
          subject: key,
          field: `spec.rules[${at}].filters`,
          message: `rule ${at} combines RequestRedirect and URLRewrite, which may not be used together. The API server rejects this Route.`,
        }),
      );
    }
  if (invalidRules === undefined)
    return extensionRefs ? { invalidRules: NO_INVALID_RULES, extensionRefs } : PLAIN_RULES;
  for (const [at, problem] of invalidRules) {
    findings.push(
      finding('route-rule-invalid', {
        subject: key,
        field: `spec.rules[${at}]`,
        message: `${label}: rule ${at} is dropped: ${problem}.`,
      }),
    );
  }
  return { invalidRules, extensionRefs };
}

/**
 * Why a rule is invalid (and dropped by a controller), or undefined when it is valid; the first
 * unsupported filter of its backends is found by the caller's pass over them.
 */
function ruleProblem(
  kind: RouteKind,
  rule: RouteRule,
  backendProblem: string | undefined,
): string | undefined {
  const matches = (rule.matches ?? NONE) as readonly Record<string, unknown>[];
  if (kind === 'HTTPRoute') {
    for (const match of matches) {
      const path = match['path'] as { type?: string; value?: string } | undefined;
      if (path?.type !== undefined && !HTTP_PATH_TYPES.has(path.type))
        return `path match type "${path.type}" is not supported`;
      if (path?.value !== undefined && !path.value.startsWith('/'))
        return `path "${path.value}" must start with "/"`;
      const listProblem = matchListProblem(match, 'headers') ?? matchListProblem(match, 'queryParams');
      if (listProblem) return listProblem;
      const method = match['method'];
      if (typeof method === 'string' && !HTTP_METHODS.has(method))
        return `method "${method}" is not an HTTP method`;
    }
  }
  if (kind === 'GRPCRoute') {
    for (const match of matches) {
      const method = match['method'] as { type?: string } | undefined;
      if (method?.type !== undefined && !MATCH_TYPES.has(method.type))
        return `method match type "${method.type}" is not supported`;
    }
  }
  const ruleFilters = filterProblem(kind, rule.filters);
  if (ruleFilters) return ruleFilters;
  if (backendProblem) return backendProblem;
  const prefixRewrite = rule.filters !== undefined && rule.filters.some(hasReplacePrefix);
  if (
    prefixRewrite &&
    matches.some(
      (match) => ((match['path'] as { type?: string } | undefined)?.type ?? 'PathPrefix') !== 'PathPrefix',
    )
  ) {
    return 'ReplacePrefixMatch needs a PathPrefix match';
  }
  return undefined;
}

/** Why a match's header or query parameter matches are not supported, or undefined. */
function matchListProblem(
  match: Record<string, unknown>,
  list: 'headers' | 'queryParams',
): string | undefined {
  const entries = match[list] as readonly { type?: string }[] | undefined;
  if (entries === undefined) return undefined;
  for (const { type } of entries)
    if (type !== undefined && !MATCH_TYPES.has(type)) return `${list} match type "${type}" is not supported`;
  return undefined;
}

/** Why filters are not supported on a kind of Route, or undefined when they are. */
function filterProblem(kind: RouteKind, filters: readonly HTTPRouteFilter[] | undefined): string | undefined {
  if (filters === undefined || filters.length === 0) return undefined;
  const allowedFilters = FILTER_TYPES[kind];
  if (!allowedFilters) return `${kind} rules have no filters`;
  for (const filter of filters)
    if (!allowedFilters.has(filter.type)) return `filter type "${filter.type}" is not supported on ${kind}`;
  return undefined;
}

function hasReplacePrefix(filter: HTTPRouteFilter): boolean {
  const pathModifier = (filter.urlRewrite?.['path'] ?? filter.requestRedirect?.['path']) as
    { type?: string } | undefined;
  return pathModifier?.type === 'ReplacePrefixMatch';
}

function hasExtensionFilter(filters: readonly HTTPRouteFilter[]): boolean {
  for (const filter of filters) if (filter.type === 'ExtensionRef') return true;
  return false;
}

/**
 * ExtensionRef filters (rule- and backend-level) whose object is missing; `rules` says whether
 * there are any (`checkRules`).
 */
export function checkExtensionRefs(
  ctx: AnalysisContext,
  key: ObjectKey,
  label: string,
  namespace: string,
  rules: readonly RouteRule[],
  checked: RulesCheck,
  findings: Finding[],
): readonly { reason: string; message: string }[] {
  if (ctx.options.extensionRefs !== 'verify' || !checked.extensionRefs) return NONE;
  const out: { reason: string; message: string }[] = [];
  rules.forEach((rule, ruleIndex) => {
    const filters: [HTTPRouteFilter, string][] = [
      ...(rule.filters ?? []).map((filter, index): [HTTPRouteFilter, string] => [
        filter,
        `spec.rules[${ruleIndex}].filters[${index}]`,
      ]),
      ...(rule.backendRefs ?? []).flatMap((backend, backendIndex) =>
        (backend.filters ?? []).map((filter, index): [HTTPRouteFilter, string] => [
          filter,
          `spec.rules[${ruleIndex}].backendRefs[${backendIndex}].filters[${index}]`,
        ]),
      ),
    ];
    for (const [filter, field] of filters) {
      const ref = filter.extensionRef;
      if (filter.type !== 'ExtensionRef' || !ref) continue;
      const target = resolveLocalRef(namespace, ref).key;
      if (ctx.exists(target)) continue;
      const message = `${field}.extensionRef refers to ${ref.kind}${ref.group ? `.${ref.group}` : ''} ${namespace}/${ref.name}, which is not among the objects analyzed.`;
      out.push({ reason: 'InvalidKind', message });
      findings.push(
        finding('extension-ref-not-found', {
          subject: key,
          related: [target],
          field: `${field}.extensionRef`,
          message: `${label}: ${message} Requests matched by rule ${ruleIndex} get HTTP 500 until it exists.`,
        }),
      );
    }
  });
  return out;
}
