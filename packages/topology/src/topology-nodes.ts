/**
 * The nodes of the graph: one per object (with its summary, predicted and reported conditions,
 * and how many findings are about it), one per unanalyzed object, and a ghost per id that only
 * references name. Equal summaries are shared between nodes (a node is never mutated).
 */
import type { ListenerAnalysis } from './analyze-listeners.ts';
import type { PredictedCondition } from './conditions.ts';
import type { Service, ServiceImport, ServicePort } from './core-v1.ts';
import type { DecodedObject } from './decode-object.ts';
import type { TopologyEngine } from './engine.ts';
import type { Finding, Severity } from './findings.ts';
import type { ListenerStatus } from './gateway-api.ts';
import { DEFAULT_CLASS_ANNOTATION, ingressClassOf, type IngressBackend } from './ingress.ts';
import { kindInfo } from './kinds.ts';
import { formatLabelSelector } from './label-selector.ts';
import type { Condition } from './meta.ts';
import { parseObjectKey, type ObjectKey } from './object-key.ts';
import type {
  IngressCoverageSummary,
  IngressResourceBackend,
  ListenerSummary,
  NodeSummary,
  TopologyNode,
} from './protocol.ts';
import { partsKey, remember } from './remember.ts';
import { resolveListenerSetParent } from './resolve-refs.ts';

/** Shared by every node without conditions or a summary; nodes are never mutated. */
const NONE: readonly never[] = Object.freeze([]);
const OTHER: NodeSummary = Object.freeze({ type: 'other' });
const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };
/** Kinds shown only while something references them. */
const SHOWN_WHEN_REFERENCED: ReadonlySet<string> = new Set(['secret', 'configmap', 'namespace']);

/** Whether an object's node is shown only while something refers to it (Secrets, ConfigMaps, Namespaces). */
export function isShownWhenReferenced(object: DecodedObject): boolean {
  return SHOWN_WHEN_REFERENCED.has(object.info.role);
}

/** What a node is built from besides its object: the findings about it, and whether anything refers to it. */
export interface NodeSlot {
  readonly findings: readonly Finding[] | undefined;
  readonly referrers: unknown;
}

/** An Ingress's migration coverage, as the graph keeps it current (`ingress-coverage-view.ts`). */
export type IngressCoverageLookup = (ingress: DecodedObject<'Ingress'>) => IngressCoverageSummary;

/** Builds nodes for one graph, keeping the summaries its nodes share. */
export class NodeBuilder {
  private readonly engine: TopologyEngine;
  private readonly coverage: IngressCoverageLookup;

  constructor(engine: TopologyEngine, coverage: IngressCoverageLookup) {
    this.engine = engine;
    this.coverage = coverage;
  }

  /** The node of an id; `slot` is its slot (or EMPTY), `known` its object when the caller has it. */
  build(key: ObjectKey, slot: NodeSlot, known?: DecodedObject): TopologyNode | undefined {
    const own = slot.findings;
    let severity: Severity | undefined;
    if (own)
      for (const item of own) {
        if (severity === undefined || SEVERITY_RANK[item.severity] > SEVERITY_RANK[severity])
          severity = item.severity;
      }
    const findings = own?.length ?? 0;
    const object = known ?? this.engine.object(key);
    if (object) {
      if (isShownWhenReferenced(object) && slot.referrers === undefined) return undefined;
      return this.objectNode(key, object, findings, severity);
    }
    const unknown = this.engine.unknownObject(key);
    if (unknown) {
      const meta = unknown.object.metadata;
      const policy = this.engine.genericPolicyObject(key);
      const analysis = policy && this.engine.genericPolicy(key);
      // A policy of a discovered kind is analyzed: its targets and Accepted, as for BackendTLSPolicy.
      if (policy && analysis)
        return node({
          key,
          kind: unknown.object.kind,
          group: unknown.group,
          namespace: meta.namespace,
          name: meta.name,
          labels: meta.labels,
          generation: meta.generation,
          summary: { type: 'policy', targets: analysis.targets.map((target) => target.target.key) },
          predicted: analysis.conditions,
          reported: policy.conditions ?? NONE,
          findings,
          severity,
        });
      return node({
        key,
        kind: unknown.object.kind,
        group: unknown.group,
        namespace: meta.namespace,
        name: meta.name,
        unanalyzed: true,
        findings,
        severity,
      });
    }
    if (slot.referrers === undefined || key.startsWith('Input/')) return undefined;
    const parsed = parseObjectKey(key);
    const kind = parsed.kind.split('.')[0] ?? parsed.kind;
    return node({
      key,
      kind,
      group: kindInfo(kind)?.group ?? parsed.kind.split('.').slice(1).join('.'),
      namespace: parsed.namespace,
      name: parsed.name,
      ghost: true,
      findings,
      severity,
    });
  }

  /**
   * The node of an object, the one nearly every node is: built in one literal, in `node`'s order
   * of fields (so of the same shape), without a record of its fields made first.
   */
  private objectNode(
    key: ObjectKey,
    object: DecodedObject,
    findings: number,
    severity: Severity | undefined,
  ): TopologyNode {
    const meta = object.object.metadata;
    const reported = (object.object.status as { conditions?: Condition[] } | undefined)?.conditions;
    return {
      id: key,
      key,
      kind: object.info.kind,
      group: object.info.group,
      namespace: meta.namespace,
      name: meta.name,
      ghost: false,
      unanalyzed: undefined,
      labels: meta.labels,
      generation: meta.generation,
      stale: isStale(object),
      summary: this.summary(object),
      predicted: this.predictedConditions(object),
      reported: reported ?? NONE,
      findings,
      severity,
    };
  }

  private predictedConditions(object: DecodedObject): readonly PredictedCondition[] {
    switch (object.info.role) {
      case 'gateway':
        return this.engine.gateway(object.key)?.conditions ?? NONE;
      case 'listenerset':
        return this.engine.listenerSet(object.key)?.conditions ?? NONE;
      case 'gatewayclass':
        return this.engine.gatewayClass(object.key)?.conditions ?? NONE;
      case 'policy':
        return this.engine.policy(object.key)?.conditions ?? NONE;
      default:
        return NONE;
    }
  }

  private summary(object: DecodedObject): NodeSummary {
    switch (object.role) {
      case 'gatewayclass':
        return { type: 'gatewayclass', controllerName: object.object.spec.controllerName };
      case 'gateway': {
        const analysis = this.engine.gateway(object.key);
        const status = object.object.status;
        return {
          type: 'gateway',
          className: object.object.spec.gatewayClassName,
          listeners: (analysis?.listeners ?? []).map((listener) =>
            this.listenerSummary(object.key, listener, status?.listeners),
          ),
          ...(this.engine.attachedListenerSetCount(object.key) > 0
            ? { attachedListenerSets: this.engine.attachedListenerSetCount(object.key) }
            : {}),
        };
      }
      case 'listenerset': {
        const analysis = this.engine.listenerSet(object.key);
        const set = object.object;
        return {
          type: 'listenerset',
          parent: resolveListenerSetParent(set.metadata.namespace ?? 'default', set.spec.parentRef).key,
          listeners: (analysis?.listeners ?? []).map((listener) =>
            this.listenerSummary(object.key, listener, set.status?.listeners),
          ),
        };
      }
      case 'route': {
        const route = object.object;
        return {
          type: 'route',
          hostnames: route.spec.hostnames ?? [],
          rules: route.spec.rules?.length ?? 0,
          parents: route.spec.parentRefs?.length ?? 0,
        };
      }
      case 'backend':
        return this.backendSummary(object.object);
      case 'referencegrant': {
        const grant = object.object;
        return {
          type: 'referencegrant',
          from: grant.spec.from.map((from) => `${from.kind} in ${from.namespace}`),
          to: grant.spec.to.map((to) => (to.name ? `${to.kind} ${to.name}` : `${to.kind} (any)`)),
          usedBy: this.engine.grant(object.key)?.usedBy.length ?? 0,
        };
      }
      case 'policy':
        return {
          type: 'policy',
          targets: (this.engine.policy(object.key)?.targets ?? []).map((target) => target.key),
        };
      case 'ingress':
        return ingressSummary(object, this.coverage(object));
      case 'ingressclass':
        return {
          type: 'ingressclass',
          controller: object.object.spec?.controller ?? '',
          isDefault: object.object.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true',
        };
      default:
        return OTHER;
    }
  }

  /**
   * Most Services of an estate expose the same few port lists: their summaries are made once and
   * shared (nodes are never mutated). Bounded, as names come from the input.
   */
  private readonly backendSummaries = new Map<string, NodeSummary>();
  /** The common case, a Service with one port, found without building a key: by type, port, protocol, name. */
  private readonly onePortSummaries = new Map<string, Map<number, Map<string, Map<string, NodeSummary>>>>();
  private onePortSummaryCount = 0;
  private lastOnePort:
    { type: string; port: number; protocol: string; name: string; summary: NodeSummary } | undefined;

  private backendSummary(service: Service | ServiceImport): NodeSummary {
    const ports = service.spec?.ports ?? [];
    const serviceType = service.spec?.type || undefined;
    const port = ports[0];
    if (ports.length === 1 && port !== undefined) {
      // Absent and empty read alike (`|| undefined` above), so both are filed under ''.
      const type = serviceType ?? '';
      const protocol = port.protocol || '';
      const name = port.name || '';
      // Services listed one after another mostly have the same port: the last one is checked first.
      const last = this.lastOnePort;
      if (
        last !== undefined &&
        last.port === port.port &&
        last.type === type &&
        last.protocol === protocol &&
        last.name === name
      )
        return last.summary;
      let byPort = this.onePortSummaries.get(type);
      if (byPort === undefined) this.onePortSummaries.set(type, (byPort = new Map()));
      let byProtocol = byPort.get(port.port);
      if (byProtocol === undefined) byPort.set(port.port, (byProtocol = new Map()));
      let byName = byProtocol.get(protocol);
      if (byName === undefined) byProtocol.set(protocol, (byName = new Map()));
      let summary = byName.get(name);
      if (summary === undefined) {
        if (++this.onePortSummaryCount > 4_096) {
          this.onePortSummaries.clear();
          this.onePortSummaryCount = 0;
          return backendSummaryOf(ports, serviceType);
        }
        byName.set(name, (summary = backendSummaryOf(ports, serviceType)));
      }
      this.lastOnePort = { type, port: port.port, protocol, name, summary };
      return summary;
    }
    const parts: (string | number | undefined)[] = [serviceType];
    for (const port of ports) parts.push(port.name || undefined, port.port, port.protocol || undefined);
    return remember(this.backendSummaries, partsKey(parts), 4_096, () =>
      backendSummaryOf(ports, serviceType),
    );
  }

  private listenerSummary(
    owner: ObjectKey,
    listener: ListenerAnalysis,
    reported: readonly ListenerStatus[] | undefined,
  ): ListenerSummary {
    const status = reported?.find((item) => item.name === listener.name);
    const allowed = listener.allowed;
    return {
      name: listener.name,
      protocol: listener.protocol,
      port: listener.port,
      ...(listener.hostname === undefined ? {} : { hostname: listener.hostname }),
      ...(listener.tlsMode === undefined ? {} : { tlsMode: listener.tlsMode }),
      attachedRoutes: this.engine.attachedRouteCount(owner, listener.name),
      ...(status ? { reportedAttachedRoutes: status.attachedRoutes } : {}),
      supportedKinds: listener.supportedKinds.map((kind) => kind.kind),
      allowedNamespaces:
        allowed.from === 'All'
          ? 'All'
          : allowed.from === 'Same'
            ? `Same (${allowed.namespace})`
            : allowed.from === 'Selector'
              ? `Selector ${formatLabelSelector(allowed.selector)}`
              : `None (${allowed.why})`,
      state: listener.conflicted
        ? 'conflicted'
        : !listener.accepted
          ? 'not-accepted'
          : !listener.resolvedRefs
            ? 'invalid'
            : 'ok',
      predicted: listener.conditions,
      reported: status?.conditions ?? [],
    };
  }
}

/** An Ingress's node summary: its class, hosts, number of routing keys and coverage. */
function ingressSummary(object: DecodedObject<'Ingress'>, coverage: IngressCoverageSummary): NodeSummary {
  const spec = object.object.spec;
  const hosts = [...new Set((spec?.rules ?? []).map((rule) => rule.host ?? ''))];
  const className = ingressClassOf(object.object);
  const resources: IngressResourceBackend[] = [];
  const visit = (field: string, backend: IngressBackend): void => {
    const resource = backend.resource;
    if (backend.service === undefined && resource !== undefined)
      resources.push({
        field,
        ...(resource.apiGroup === undefined ? {} : { apiGroup: resource.apiGroup }),
        kind: resource.kind,
        name: resource.name,
      });
  };
  (spec?.rules ?? []).forEach((rule, ruleIndex) =>
    (rule.http?.paths ?? []).forEach((path, pathIndex) =>
      visit(`spec.rules[${ruleIndex}].http.paths[${pathIndex}].backend`, path.backend),
    ),
  );
  if (spec?.defaultBackend) visit('spec.defaultBackend', spec.defaultBackend);
  return {
    type: 'ingress',
    ...(className === undefined ? {} : { className }),
    hosts,
    keys: coverage.total,
    coverage,
    ...(resources.length === 0 ? {} : { resourceBackends: resources }),
  };
}

/** A Service's node summary (frozen: it is shared by Services with the same ports). */
function backendSummaryOf(ports: readonly ServicePort[], serviceType: string | undefined): NodeSummary {
  return Object.freeze({
    type: 'backend' as const,
    ports: Object.freeze(
      ports.map((port) =>
        Object.freeze({
          name: port.name || undefined,
          port: port.port,
          protocol: port.protocol || undefined,
        }),
      ),
    ),
    serviceType,
  });
}

function isStale(object: DecodedObject): boolean {
  const generation = object.object.metadata.generation;
  if (generation === undefined || object.object.status === undefined) return false;
  const status = object.object.status as
    | {
        conditions?: Condition[];
        listeners?: { conditions?: Condition[] }[];
        parents?: { conditions?: Condition[] }[];
      }
    | undefined;
  const all = [
    ...(status?.conditions ?? []),
    ...(status?.listeners ?? []).flatMap((entry) => entry.conditions ?? []),
    ...(status?.parents ?? []).flatMap((entry) => entry.conditions ?? []),
  ];
  return all.some((item) => item.observedGeneration !== undefined && item.observedGeneration < generation);
}

/** What the node of an unknown object, a policy of a discovered kind or a ghost says. */
interface NodeFields {
  readonly key: ObjectKey;
  readonly kind: string;
  readonly group: string;
  readonly namespace: string | undefined;
  readonly name: string;
  /** Referenced, but not among the objects. */
  readonly ghost?: boolean;
  /** Kept and shown, but of a kind or version gatemap does not analyze. */
  readonly unanalyzed?: true;
  readonly labels?: Readonly<Record<string, string>> | undefined;
  readonly generation?: number | undefined;
  readonly summary?: NodeSummary;
  readonly predicted?: readonly PredictedCondition[];
  readonly reported?: readonly Condition[];
  readonly findings: number;
  readonly severity: Severity | undefined;
}

/**
 * A node of an unknown object, a policy of a discovered kind or a ghost, in the one shape of every node (absent fields
 * undefined, which JSON omits; `objectNode` builds the same fields in the same order).
 */
function node(fields: NodeFields): TopologyNode {
  return {
    id: fields.key,
    key: fields.key,
    kind: fields.kind,
    group: fields.group,
    namespace: fields.namespace,
    name: fields.name,
    ghost: fields.ghost ?? false,
    unanalyzed: fields.unanalyzed,
    labels: fields.labels,
    generation: fields.generation,
    stale: false,
    summary: fields.summary ?? OTHER,
    predicted: fields.predicted ?? NONE,
    reported: fields.reported ?? NONE,
    findings: fields.findings,
    severity: fields.severity,
  };
}
