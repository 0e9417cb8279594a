/**
 * A Route's rules as the drill-down shows them: matches, filters, backends with their weights
 * and share of the rule's traffic, and timeouts. Reads the object as stored, defensively: any
 * field may be missing or malformed (gatemap shows what is there; the analyzer reports problems).
 */
import { resolveBackendRef, type TopologyEdge } from '@gatemap/topology';

interface BackendView {
  readonly field: string;
  readonly ref: string;
  readonly weight: number | undefined;
  readonly share: number | undefined;
  readonly state: TopologyEdge['state'] | undefined;
  readonly reason: string | undefined;
}

export interface RuleView {
  readonly index: number;
  readonly name: string | undefined;
  readonly matches: readonly string[];
  readonly filters: readonly string[];
  readonly backends: readonly BackendView[];
  readonly timeouts: string | undefined;
}

type Loose = Readonly<Record<string, unknown>>;

function record(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function describeRef(ref: Loose): string {
  // The kind with the resolver's default; the namespace only as written (most backends are local).
  const written = text(ref.kind);
  const { kind } = resolveBackendRef('', {
    name: text(ref.name) ?? '?',
    ...(written ? { kind: written } : {}),
  });
  const namespace = text(ref.namespace);
  const port = text(ref.port);
  return `${kind === 'Service' ? '' : `${kind} `}${namespace ? `${namespace}/` : ''}${text(ref.name) ?? '?'}${port ? `:${port}` : ''}`;
}

function describeMatch(match: Loose): string {
  const parts: string[] = [];
  const path = record(match.path);
  if (path) parts.push(`path ${text(path.type) ?? 'PathPrefix'} ${text(path.value) ?? '/'}`);
  const method = match.method;
  if (typeof method === 'string') parts.push(`method ${method}`);
  const grpc = record(method);
  if (grpc)
    parts.push(
      `method ${text(grpc.type) ?? 'Exact'} ${text(grpc.service) ?? '*'}/${text(grpc.method) ?? '*'}`,
    );
  for (const header of list(match.headers).map(record)) {
    if (header)
      parts.push(
        `header ${text(header.name)} ${text(header.type) === 'RegularExpression' ? '~' : '='} ${text(header.value)}`,
      );
  }
  for (const query of list(match.queryParams).map(record)) {
    if (query)
      parts.push(
        `query ${text(query.name)} ${text(query.type) === 'RegularExpression' ? '~' : '='} ${text(query.value)}`,
      );
  }
  return parts.length === 0 ? 'everything' : parts.join(', ');
}

function describeHeaders(modifier: Loose | undefined): string {
  if (!modifier) return '';
  const parts = [
    ...list(modifier.set).map((item) => `set ${text(record(item)?.name)}: ${text(record(item)?.value)}`),
    ...list(modifier.add).map((item) => `add ${text(record(item)?.name)}: ${text(record(item)?.value)}`),
    ...list(modifier.remove).map((item) => `remove ${text(item)}`),
  ];
  return parts.join(', ');
}

function describeFilter(filter: Loose): string {
  const type = text(filter.type) ?? '?';
  switch (type) {
    case 'RequestHeaderModifier':
      return `${type}: ${describeHeaders(record(filter.requestHeaderModifier))}`;
    case 'ResponseHeaderModifier':
      return `${type}: ${describeHeaders(record(filter.responseHeaderModifier))}`;
    case 'RequestRedirect': {
      const redirect = record(filter.requestRedirect) ?? {};
      const parts = ['scheme', 'hostname', 'port', 'statusCode']
        .map((key) => (text(redirect[key]) ? `${key} ${text(redirect[key])}` : undefined))
        .filter((part) => part !== undefined);
      const path = record(redirect.path);
      if (path) parts.push(`path ${text(path.replaceFullPath) ?? text(path.replacePrefixMatch) ?? ''}`);
      return `${type}: ${parts.join(', ')}`;
    }
    case 'URLRewrite': {
      const rewrite = record(filter.urlRewrite) ?? {};
      const path = record(rewrite.path);
      const parts = [
        text(rewrite.hostname) ? `hostname ${text(rewrite.hostname)}` : undefined,
        path ? `path ${text(path.replaceFullPath) ?? text(path.replacePrefixMatch) ?? ''}` : undefined,
      ].filter((part) => part !== undefined);
      return `${type}: ${parts.join(', ')}`;
    }
    case 'RequestMirror': {
      const mirror = record(filter.requestMirror) ?? {};
      const ref = record(mirror.backendRef);
      const percent = text(mirror.percent);
      return `${type}: to ${ref ? describeRef(ref) : '?'}${percent ? ` (${percent}%)` : ''}`;
    }
    case 'ExtensionRef': {
      const ref = record(filter.extensionRef) ?? {};
      return `${type}: ${text(ref.kind)} ${text(ref.name)}`;
    }
    default:
      return type;
  }
}

/** Rules of any Route kind; `edges` are the Route's edges, which carry backend shares and states. */
export function describeRules(
  object: Readonly<Record<string, unknown>>,
  edges: readonly TopologyEdge[],
): RuleView[] {
  const spec = record(object.spec) ?? {};
  const byField = new Map(edges.map((edge) => [edge.field, edge]));
  return list(spec.rules).map((raw, index) => {
    const rule = record(raw) ?? {};
    const timeouts = record(rule.timeouts);
    const timeoutText = timeouts
      ? Object.entries(timeouts)
          .map(([key, value]) => `${key} ${text(value) ?? ''}`)
          .join(', ')
      : undefined;
    return {
      index,
      name: text(rule.name),
      matches: list(rule.matches).map((match) => describeMatch(record(match) ?? {})),
      filters: list(rule.filters).map((filter) => describeFilter(record(filter) ?? {})),
      backends: list(rule.backendRefs).map((ref, refIndex) => {
        const field = `spec.rules[${index}].backendRefs[${refIndex}]`;
        const backend = record(ref) ?? {};
        const edge = byField.get(field);
        const weight = backend.weight;
        return {
          field,
          ref: describeRef(backend),
          weight: typeof weight === 'number' ? weight : undefined,
          share: edge?.share,
          state: edge?.state,
          reason: edge?.reason,
        };
      }),
      timeouts: timeoutText === '' ? undefined : timeoutText,
    };
  });
}
