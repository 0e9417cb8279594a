/**
 * The topology graph the map draws, kept current from the engine's change sets: nodes for
 * GatewayClasses, Gateways (with listeners), ListenerSets, Routes, backends, policies and grants;
 * edges for every reference, each with the state a controller reported or gatemap predicts.
 * Secrets and ConfigMaps appear only when referenced; a reference to nothing is a ghost node.
 *
 * Complexity: building costs O(objects + edges), and lists the first snapshot as it goes;
 * `update` costs O(Σ edges of the changed owners + their targets), never the whole graph.
 */
import { findCondition, type PredictedCondition } from './conditions.ts';
import type { DecodedObject } from './decode-object.ts';
import type { ChangeSet, GraphEntries, TopologyEngine, UnitResult } from './engine.ts';
import type { Finding, FindingSlug, Severity } from './findings.ts';
import type {
  Gateway,
  GatewayStatus,
  ListenerSet,
  ListenerStatus,
  ReferenceGrant,
  Route,
} from './gateway-api.ts';
import type { Service, ServicePort } from './core-v1.ts';
import { kindInfo } from './kinds.ts';
import type { Condition } from './meta.ts';
import { parseObjectKey, type ObjectKey } from './object-key.ts';
import type {
  ListenerSummary,
  NodeSummary,
  TopologyDelta,
  TopologyEdge,
  TopologyNode,
  TopologySnapshot,
} from './protocol.ts';
import {
  resolveGatewayClassRef,
  resolveListenerSetParent,
  resolveLocalRef,
  resolveParentRef,
  resolveSecretRef,
} from './resolve-refs.ts';
import type { ListenerAnalysis } from './analyze-listeners.ts';
import { policyTargets } from './analyze-policy.ts';
import type { RouteAnalysis } from './analyze-route.ts';
import { formatLabelSelector } from './label-selector.ts';
import { partsKey, remember } from './remember.ts';

const INPUT_OWNER = '\u0000input' as ObjectKey;
/** Shared by every node without conditions or a summary; nodes are never mutated. */
const NONE: readonly never[] = Object.freeze([]);
const OTHER: NodeSummary = Object.freeze({ type: 'other' });
const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
/** Kinds shown only while something references them. */
const SHOWN_WHEN_REFERENCED: ReadonlySet<string> = new Set(['secret', 'configmap', 'namespace']);
/** The slot of an id that has none (read only). */
const EMPTY: ViewSlot = Object.freeze(emptySlot());

function emptySlot(): ViewSlot {
  return { node: undefined, edges: NONE, referrers: undefined, findings: undefined };
}

/**
 * What the graph keeps under one id, found with one lookup: the node, the edges its object owns,
 * the edges of others that point at it, and its findings. A slot lives while it holds any.
 */
interface ViewSlot {
  node: TopologyNode | undefined;
  edges: readonly TopologyEdge[];
  /**
   * The edges that point at this node from their owners (the other end of each owner's edges):
   * an edge alone, or an array when there are several. A node is shown while it has any.
   */
  referrers: TopologyEdge | TopologyEdge[] | undefined;
  findings: readonly Finding[] | undefined;
}

/**
 * One view per engine: the view keeps its slots in the engine's own (see `attachGraph`), and a
 * newer view of the same engine retires this one.
 */
export class TopologyView {
  /** Slots by id, kept in the engine's slots, in the engine's order of keys. */
  private readonly slots: GraphEntries<ViewSlot>;
  private readonly findings = new Map<string, Finding>();
  private inputFindings: readonly Finding[] = NONE;
  /** The nodes and edges as the build listed them, until the first snapshot or update. */
  private firstSnapshot: Pick<TopologySnapshot, 'nodes' | 'edges'> | undefined;
  /** Built on first use (share scopes need it; one-shot analysis does not), then kept current. */
  private nodesByNamespace: Map<string, Set<string>> | undefined;

  private readonly engine: TopologyEngine;

  constructor(engine: TopologyEngine) {
    this.engine = engine;
    this.slots = engine.attachGraph<ViewSlot>();
    this.build();
  }

  /**
   * The first build: every owner's edges and findings, then every node once. No delta is
   * collected and nothing is compared, as there is nothing before. O(objects + edges).
   */
  private build(): void {
    // Slots of objects first, each kept in the engine's slot of its object without a lookup.
    // Each object is read once for its edges and its node, except those shown only while
    // referenced, whose nodes wait until every reference is known. Nodes and edges are listed
    // as they are made, for the first snapshot.
    const nodes: TopologyNode[] = [];
    const edges: TopologyEdge[] = [];
    const owners: ObjectKey[] = [];
    const ownerSlots: ViewSlot[] = [];
    const whenReferenced: DecodedObject[] = [];
    // Findings are listed by the object they are about, in the order of objects; input problems last.
    this.slots.forEachObject((object, result, findings) => {
      const slot = emptySlot();
      if (findings.length > 0) {
        slot.findings = findings;
        for (let index = 0; index < findings.length; index++)
          this.findings.set(findings[index]!.id, findings[index]!);
      }
      const own = (slot.edges = this.buildEdges(object, result));
      if (own.length > 0) {
        owners.push(object.key);
        ownerSlots.push(slot);
        for (let index = 0; index < own.length; index++) edges.push(own[index]!);
      }
      if (SHOWN_WHEN_REFERENCED.has(object.info.role)) whenReferenced.push(object);
      else nodes.push((slot.node = this.buildNode(object.key, slot, object)!));
      return slot;
    });
    for (const object of this.engine.allUnknown()) {
      const slot = emptySlot();
      slot.findings = this.engine.findingsFor(object.key);
      for (const item of slot.findings) this.findings.set(item.id, item);
      this.slots.set(object.key, slot);
      nodes.push((slot.node = this.buildNode(object.key, slot)!));
    }
    // Every reference filed with its target; targets without a node yet are listed once, on
    // their first reference: objects shown while referenced, and ghosts.
    const targets: string[] = [];
    const targetSlots: ViewSlot[] = [];
    for (let index = 0; index < owners.length; index++) {
      const owner = owners[index]!;
      const own = ownerSlots[index]!.edges;
      for (let at = 0; at < own.length; at++) {
        const edge = own[at]!;
        const target = otherEnd(edge, owner);
        const slot = this.slotFor(target);
        if (slot.node === undefined && slot.referrers === undefined) {
          targets.push(target);
          targetSlots.push(slot);
        }
        fileReferrer(slot, edge);
      }
    }
    for (const object of whenReferenced) {
      const slot = this.slots.get(object.key)!;
      slot.node = this.buildNode(object.key, slot, object);
      if (slot.node === undefined) this.release(object.key, slot);
      else nodes.push(slot.node);
    }
    // Targets that are not objects themselves: ghosts, and references across clusters of kinds.
    for (let index = 0; index < targets.length; index++) {
      const slot = targetSlots[index]!;
      if (slot.node === undefined) {
        slot.node = this.buildNode(targets[index] as ObjectKey, slot);
        if (slot.node !== undefined) nodes.push(slot.node);
      }
    }
    const input = this.engine.inputFindings();
    if (input.length > 0) {
      this.inputFindings = input;
      for (const item of input) this.findings.set(item.id, item);
    }
    this.firstSnapshot = { nodes, edges };
  }

  private slotFor(id: string): ViewSlot {
    let slot = this.slots.get(id);
    if (slot === undefined) this.slots.set(id, (slot = emptySlot()));
    return slot;
  }

  /** A slot that holds nothing is forgotten. */
  private release(id: string, slot: ViewSlot): void {
    if (
      slot.node === undefined &&
      slot.edges.length === 0 &&
      slot.referrers === undefined &&
      slot.findings === undefined
    )
      this.slots.delete(id);
  }

  private addReferrer(edge: TopologyEdge, owner: ObjectKey): void {
    fileReferrer(this.slotFor(otherEnd(edge, owner)), edge);
  }

  private removeReferrer(edge: TopologyEdge, owner: ObjectKey): void {
    const target = otherEnd(edge, owner);
    const slot = this.slots.get(target);
    if (slot === undefined) return;
    const present = slot.referrers;
    if (present === edge) slot.referrers = undefined;
    else if (Array.isArray(present)) {
      const index = present.indexOf(edge);
      if (index >= 0) present.splice(index, 1);
      if (present.length === 1) slot.referrers = present[0]!;
      else if (present.length === 0) slot.referrers = undefined;
    }
    this.release(target, slot);
  }

  /**
   * Every node, edge and finding. Their order carries no meaning: the first snapshot after
   * building lists nodes as they were made (objects in the order they were added, then unknown
   * objects, objects shown while referenced, and ghosts); later ones follow the engine's order
   * of keys. Consumers that need an order sort (the map and the text report do).
   */
  snapshot(): TopologySnapshot {
    this.slots.assertAttached();
    // The first snapshot after building was listed while building, and is handed over.
    const first = this.firstSnapshot;
    if (first !== undefined) {
      this.firstSnapshot = undefined;
      return { nodes: first.nodes, edges: first.edges, findings: [...this.findings.values()] };
    }
    const nodes: TopologyNode[] = [];
    const edges: TopologyEdge[] = [];
    this.slots.forEach((slot) => {
      if (slot.node !== undefined) nodes.push(slot.node);
      for (const edge of slot.edges) edges.push(edge);
    });
    return { nodes, edges, findings: [...this.findings.values()] };
  }

  /** Slots the graph holds (nodes, and ids that only edges point at); zero once it is empty. */
  footprint(): { readonly slots: number } {
    return { slots: this.slots.size };
  }

  node(id: string): TopologyNode | undefined {
    return this.slots.get(id)?.node;
  }

  /** Edges that start or end at a node. */
  edgesOf(id: string): TopologyEdge[] {
    const slot = this.slots.get(id);
    if (slot === undefined) return [];
    const referrers = slot.referrers;
    return [
      ...slot.edges,
      ...(referrers === undefined ? [] : Array.isArray(referrers) ? referrers : [referrers]),
    ];
  }

  /** Nodes of a namespace. */
  nodesIn(namespace: string): TopologyNode[] {
    this.slots.assertAttached();
    if (!this.nodesByNamespace) {
      this.nodesByNamespace = new Map();
      this.slots.forEach((slot) => {
        if (slot.node) this.indexNode(slot.node, true);
      });
    }
    return [...(this.nodesByNamespace.get(namespace) ?? [])]
      .map((id) => this.slots.get(id)?.node)
      .filter((node): node is TopologyNode => node !== undefined);
  }

  /** Findings whose subject is a node. */
  findingsOf(id: string): readonly Finding[] {
    return this.slots.get(id)?.findings ?? [];
  }

  private indexNode(node: TopologyNode, add: boolean): void {
    const index = this.nodesByNamespace;
    if (node.namespace === undefined || index === undefined) return;
    let ids = index.get(node.namespace);
    if (add) {
      if (!ids) index.set(node.namespace, (ids = new Set()));
      ids.add(node.id);
    } else {
      ids?.delete(node.id);
      if (ids?.size === 0) index.delete(node.namespace);
    }
  }

  /** Applies an engine change set and returns exactly what changed in the graph. */
  update(changes: ChangeSet): TopologyDelta {
    this.slots.assertAttached();
    this.firstSnapshot = undefined;
    const upsertNodes = new Map<string, TopologyNode>();
    const removeNodes = new Set<string>();
    const upsertEdges = new Map<string, TopologyEdge>();
    const removeEdges = new Set<string>();
    const upsertFindings = new Map<string, Finding>();
    const removeFindings = new Set<string>();
    const touchedTargets = new Set<string>();
    const owners = new Set<ObjectKey>([...changes.changed, ...changes.removed]);

    for (const owner of owners) {
      const before = this.slots.get(owner)?.edges ?? NONE;
      const object = this.engine.object(owner);
      const after = object ? this.buildEdges(object) : NONE;
      // Edge ids are unique per owner: each names its owner and field. The edges are compared
      // only when the owner had some before (none had, in a first load).
      const compared = before.length > 0;
      const beforeById = compared ? new Map(before.map((edge) => [edge.id, edge])) : undefined;
      const afterIds = compared ? new Set(after.map((edge) => edge.id)) : undefined;
      for (const edge of before) {
        this.removeReferrer(edge, owner);
        touchedTargets.add(otherEnd(edge, owner));
        if (!afterIds?.has(edge.id)) removeEdges.add(edge.id);
      }
      for (const edge of after) {
        this.addReferrer(edge, owner);
        touchedTargets.add(otherEnd(edge, owner));
        const previous = beforeById?.get(edge.id);
        if (!previous || !sameJson(previous, edge)) {
          upsertEdges.set(edge.id, edge);
          removeEdges.delete(edge.id);
        }
      }
      this.replaceFindings(owner, this.engine.findingsFor(owner), upsertFindings, removeFindings);
      const slot = after.length > 0 ? this.slotFor(owner) : this.slots.get(owner);
      if (slot) {
        slot.edges = after;
        this.release(owner, slot);
      }
    }
    if (changes.inputIssuesChanged)
      this.replaceFindings(INPUT_OWNER, this.engine.inputFindings(), upsertFindings, removeFindings);

    for (const id of touchedTargets) owners.add(id as ObjectKey);
    for (const id of owners) {
      let slot = this.slots.get(id);
      const previous = slot?.node;
      const next = this.buildNode(id, slot ?? EMPTY);
      if (next) {
        if (slot === undefined) this.slots.set(id, (slot = emptySlot()));
        if (!previous) this.indexNode(next, true);
        slot.node = next;
        if (!previous || !sameJson(previous, next)) upsertNodes.set(id, next);
      } else if (previous && slot) {
        slot.node = undefined;
        this.indexNode(previous, false);
        removeNodes.add(id);
        this.release(id, slot);
      }
    }
    return {
      upsertNodes: [...upsertNodes.values()],
      removeNodes: [...removeNodes],
      upsertEdges: [...upsertEdges.values()],
      removeEdges: [...removeEdges],
      upsertFindings: [...upsertFindings.values()],
      removeFindings: [...removeFindings].filter((id) => !upsertFindings.has(id)),
    };
  }

  private replaceFindings(
    owner: ObjectKey,
    next: readonly Finding[],
    upserts: Map<string, Finding>,
    removals: Set<string>,
  ): void {
    const input = owner === INPUT_OWNER;
    const slot = input ? undefined : this.slots.get(owner);
    const before = (input ? this.inputFindings : slot?.findings) ?? NONE;
    const nextIds = before.length > 0 ? new Set(next.map((item) => item.id)) : undefined;
    for (const item of before) {
      if (!nextIds?.has(item.id)) {
        this.findings.delete(item.id);
        removals.add(item.id);
      }
    }
    for (const item of next) {
      const previous = this.findings.get(item.id);
      this.findings.set(item.id, item);
      if (!previous || !sameJson(previous, item)) upserts.set(item.id, item);
    }
    if (input) this.inputFindings = next.length > 0 ? next : NONE;
    else if (next.length > 0) this.slotFor(owner).findings = next;
    else if (slot) {
      slot.findings = undefined;
      this.release(owner, slot);
    }
  }

  // ---- nodes ---------------------------------------------------------------------------------

  /** The node of an id; `slot` is its slot (or EMPTY), `known` its object when the caller has it. */
  private buildNode(key: ObjectKey, slot: ViewSlot, known?: DecodedObject): TopologyNode | undefined {
    const own = slot.findings;
    let severity: Severity | undefined;
    if (own)
      for (let index = 0; index < own.length; index++) {
        const item = own[index]!;
        if (severity === undefined || SEVERITY_RANK[item.severity] > SEVERITY_RANK[severity])
          severity = item.severity;
      }
    const findings = own?.length ?? 0;
    const object = known ?? this.engine.object(key);
    if (object) {
      if (SHOWN_WHEN_REFERENCED.has(object.info.role) && slot.referrers === undefined) return undefined;
      const meta = object.object.metadata;
      const reported = (object.object.status as { conditions?: Condition[] } | undefined)?.conditions;
      return node(
        key,
        object.info.kind,
        object.info.group,
        meta.namespace,
        meta.name,
        false,
        undefined,
        meta.labels,
        meta.generation,
        isStale(object),
        this.summary(object),
        this.predictedConditions(object),
        reported ?? NONE,
        findings,
        severity,
      );
    }
    const unknown = this.engine.unknownObject(key);
    if (unknown) {
      const meta = unknown.object.metadata;
      return node(
        key,
        unknown.object.kind,
        unknown.group,
        meta.namespace,
        meta.name,
        false,
        true,
        undefined,
        undefined,
        false,
        OTHER,
        NONE,
        NONE,
        findings,
        severity,
      );
    }
    if (slot.referrers === undefined || key.startsWith('Input/')) return undefined;
    const parsed = parseObjectKey(key);
    const kind = parsed.kind.split('.')[0] ?? parsed.kind;
    return node(
      key,
      kind,
      kindInfo(kind)?.group ?? parsed.kind.split('.').slice(1).join('.'),
      parsed.namespace,
      parsed.name,
      true,
      undefined,
      undefined,
      undefined,
      false,
      OTHER,
      NONE,
      NONE,
      findings,
      severity,
    );
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
    const raw = object.object;
    switch (object.info.role) {
      case 'gatewayclass':
        return {
          type: 'gatewayclass',
          controllerName: (raw.spec as { controllerName: string }).controllerName,
        };
      case 'gateway': {
        const analysis = this.engine.gateway(object.key);
        const status = raw.status as GatewayStatus | undefined;
        return {
          type: 'gateway',
          className: (raw as unknown as Gateway).spec.gatewayClassName,
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
        const set = raw as unknown as ListenerSet;
        return {
          type: 'listenerset',
          parent: resolveListenerSetParent(set.metadata.namespace ?? 'default', set.spec.parentRef).key,
          listeners: (analysis?.listeners ?? []).map((listener) =>
            this.listenerSummary(object.key, listener, set.status?.listeners),
          ),
        };
      }
      case 'route': {
        const route = raw as unknown as Route;
        return {
          type: 'route',
          hostnames: route.spec.hostnames ?? [],
          rules: route.spec.rules?.length ?? 0,
          parents: route.spec.parentRefs?.length ?? 0,
        };
      }
      case 'backend':
        return this.backendSummary(raw as unknown as Service);
      case 'referencegrant': {
        const grant = raw as unknown as ReferenceGrant;
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

  private backendSummary(service: Service): NodeSummary {
    const ports = service.spec?.ports ?? [];
    const serviceType = service.spec?.type || undefined;
    if (ports.length === 1) {
      const port = ports[0]!;
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

  // ---- edges ---------------------------------------------------------------------------------

  /** An object's edges; `result` is its analysis when the caller has it at hand. */
  private buildEdges(object: DecodedObject, result?: UnitResult): readonly TopologyEdge[] {
    switch (object.info.role) {
      case 'gateway':
        return this.gatewayEdges(object);
      case 'listenerset':
        return this.listenerSetEdges(object);
      case 'route':
        return this.routeEdges(object, result as RouteAnalysis | undefined);
      case 'policy':
        return this.policyEdges(object);
      default:
        return NONE;
    }
  }

  private findingAt(owner: ObjectKey, field: string): Finding | undefined {
    return this.engine.findingsFor(owner).find((item) => item.field === field && item.severity !== 'info');
  }

  private gatewayEdges(object: DecodedObject): TopologyEdge[] {
    const gateway = object.object as unknown as Gateway;
    const namespace = gateway.metadata.namespace ?? 'default';
    const classRef = resolveGatewayClassRef(gateway.spec.gatewayClassName);
    const classExists = this.engine.object(classRef.key) !== undefined;
    // The class edge points from the class to its Gateway: the map reads GatewayClass → Gateway.
    const edges: TopologyEdge[] = [
      {
        id: `class:${object.key}`,
        type: 'class',
        from: classRef.key,
        to: object.key,
        field: 'spec.gatewayClassName',
        state: classExists ? 'resolved' : 'unresolved',
        reason: classExists ? 'Resolved' : 'GatewayClassNotFound',
        message: classExists
          ? `GatewayClass ${gateway.spec.gatewayClassName}`
          : `GatewayClass ${gateway.spec.gatewayClassName} does not exist.`,
        source: 'predicted',
        crossNamespace: false,
      },
    ];
    (gateway.spec.listeners ?? []).forEach((listener, listenerIndex) => {
      (listener.tls?.certificateRefs ?? []).forEach((raw, index) => {
        const ref = resolveSecretRef(namespace, raw);
        const field = `spec.listeners[${listenerIndex}].tls.certificateRefs[${index}]`;
        edges.push(
          this.referenceEdge(
            object.key,
            'certificate',
            ref.key,
            field,
            ref.crossNamespace,
            this.findingAt(object.key, field),
            [listener.name],
          ),
        );
      });
    });
    return edges;
  }

  private referenceEdge(
    owner: ObjectKey,
    type: TopologyEdge['type'],
    target: ObjectKey,
    field: string,
    crossNamespace: boolean,
    problem: Finding | undefined,
    listeners?: readonly string[],
  ): TopologyEdge {
    const missingGrant =
      problem?.slug === 'listener-reference-not-permitted' || problem?.slug === 'reference-not-permitted';
    return {
      id: edgeId(type, owner, field),
      type,
      from: owner,
      to: target,
      field,
      ...(listeners ? { listeners } : {}),
      state: problem ? 'unresolved' : 'resolved',
      reason: problem ? (REASON_OF_SLUG[problem.slug] ?? problem.slug) : 'ResolvedRefs',
      message: problem?.message ?? 'Resolved.',
      source: 'predicted',
      crossNamespace,
      ...(missingGrant ? { missingGrant: true } : {}),
    };
  }

  private listenerSetEdges(object: DecodedObject): TopologyEdge[] {
    const set = object.object as unknown as ListenerSet;
    const analysis = this.engine.listenerSet(object.key);
    const parent = resolveListenerSetParent(set.metadata.namespace ?? 'default', set.spec.parentRef);
    const accepted = findCondition(analysis?.conditions, 'Accepted');
    const reported = findCondition(set.status?.conditions, 'Accepted');
    const predictedState =
      accepted?.status === 'True' ? 'accepted' : accepted?.status === 'False' ? 'rejected' : 'pending';
    const state = reported ? stateOf(reported.status) : predictedState;
    return [
      {
        id: `listenerset-parent:${object.key}`,
        type: 'listenerset-parent',
        from: object.key,
        to: parent.key,
        field: 'spec.parentRef',
        state,
        reason: reported?.reason ?? accepted?.reason ?? 'Pending',
        message: reported?.message ?? accepted?.message ?? '',
        ...(reported || !accepted?.mentions ? {} : { mentions: accepted.mentions }),
        source: reported ? 'reported' : 'predicted',
        ...(reported && (state !== predictedState || reported.reason !== accepted?.reason)
          ? { predicted: { state: predictedState, reason: accepted?.reason ?? 'Pending' } }
          : {}),
        crossNamespace: parent.crossNamespace,
      },
    ];
  }

  private routeEdges(object: DecodedObject, known?: RouteAnalysis): readonly TopologyEdge[] {
    const route = object.object as unknown as Route;
    const namespace = route.metadata.namespace ?? 'default';
    const analysis = known ?? this.engine.route(object.key);
    if (!analysis) return NONE;
    // Sized once: the list is kept, and one grown by push holds room for more.
    const edges = new Array<TopologyEdge>(analysis.parents.length + analysis.backends.length);
    let count = 0;
    const { parents, backends } = analysis;
    for (let index = 0; index < parents.length; index++) {
      const parent = parents[index]!;
      const accepted = findCondition(parent.conditions, 'Accepted');
      const predictedState = !parent.written
        ? parent.unwrittenReason === 'UnsupportedParentKind'
          ? 'pending'
          : 'rejected'
        : accepted?.status === 'True'
          ? 'accepted'
          : accepted?.status === 'False'
            ? 'rejected'
            : 'pending';
      const predictedReason = !parent.written
        ? (parent.unwrittenReason ?? 'UnsupportedParentKind')
        : (accepted?.reason ?? 'Pending');
      const reportedEntry = route.status?.parents?.find((entry) => {
        const ref = resolveParentRef(namespace, entry.parentRef);
        return (
          ref.key === parent.parent.key &&
          ref.sectionName === parent.parent.sectionName &&
          ref.port === parent.parent.port &&
          (parent.controllerName === undefined || entry.controllerName === parent.controllerName)
        );
      });
      const reported = findCondition(reportedEntry?.conditions, 'Accepted');
      const state = reported ? stateOf(reported.status) : predictedState;
      const reason = reported?.reason ?? predictedReason;
      edges[count++] = {
        id: edgeId('parent', object.key, String(parent.index)),
        type: 'parent',
        from: object.key,
        to: parent.parent.key,
        field: this.engine.shared.parentField(parent.index),
        listeners: parent.accepted
          ? parent.listeners
          : parent.parent.sectionName
            ? [parent.parent.sectionName]
            : [],
        state,
        reason,
        message: reported?.message ?? accepted?.message ?? parent.unwrittenBecause ?? '',
        mentions: reported ? undefined : accepted?.mentions,
        source: reported ? 'reported' : 'predicted',
        predicted:
          reported && (state !== predictedState || reason !== predictedReason)
            ? { state: predictedState, reason: predictedReason }
            : undefined,
        crossNamespace: parent.parent.crossNamespace,
      };
    }
    for (let index = 0; index < backends.length; index++) {
      const backend = backends[index]!;
      // One shape for every backend edge (absent fields undefined), another for parent edges:
      // each holds only the fields of its kind, and there are many of both.
      edges[count++] = {
        id: edgeId(backend.role, object.key, backend.field),
        type: backend.role === 'mirror' ? 'mirror' : 'backend',
        from: object.key,
        to: backend.ref.key,
        field: backend.field,
        state: backend.resolved ? 'resolved' : 'unresolved',
        reason: backend.resolved ? 'ResolvedRefs' : (backend.reason ?? 'BackendNotFound'),
        message: backend.message ?? 'Resolved.',
        source: 'predicted',
        weight: backend.role === 'backend' ? backend.ref.weight : undefined,
        share: backend.share === undefined ? undefined : Math.round(backend.share * 10) / 10,
        rule: backend.rule,
        crossNamespace: backend.ref.crossNamespace,
        grant: backend.grant,
        missingGrant: backend.reason === 'RefNotPermitted' ? true : undefined,
      };
    }
    return edges;
  }

  private policyEdges(object: DecodedObject): TopologyEdge[] {
    const namespace = object.object.metadata.namespace ?? 'default';
    return policyTargets(object.object as never).map((target, index) => {
      const ref = resolveLocalRef(namespace, target);
      const field = `spec.targetRefs[${index}]`;
      return this.referenceEdge(
        object.key,
        'policy-target',
        ref.key,
        field,
        false,
        this.findingAt(object.key, field),
      );
    });
  }
}

const REASON_OF_SLUG: Partial<Record<FindingSlug, string>> = {
  'listener-reference-not-permitted': 'RefNotPermitted',
  'reference-not-permitted': 'RefNotPermitted',
  'listener-certificate-invalid': 'InvalidCertificateRef',
  'policy-target-not-found': 'TargetNotFound',
};

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

/**
 * Whether two versions of a node, edge or finding (made by the same code, so with the same
 * fields) read the same as JSON. Most often every field is the very same value (shared
 * summaries, lists and texts), which is checked first; otherwise their JSON is compared.
 */
function sameJson<Value extends object>(left: Value, right: Value): boolean {
  for (const field in left)
    if (Object.hasOwn(left, field) && left[field] !== right[field])
      return JSON.stringify(left) === JSON.stringify(right);
  return true;
}

/** Files an edge among the referrers of its target's slot. */
function fileReferrer(slot: ViewSlot, edge: TopologyEdge): void {
  const present = slot.referrers;
  if (present === undefined) slot.referrers = edge;
  else if (Array.isArray(present)) present.push(edge);
  else slot.referrers = [present, edge];
}

/** The end of an edge that its owner refers to (class edges point from the class to their owner). */
function otherEnd(edge: TopologyEdge, owner: ObjectKey): string {
  return edge.from === owner ? edge.to : edge.from;
}

function stateOf(status: string): 'accepted' | 'rejected' | 'pending' {
  return status === 'True' ? 'accepted' : status === 'False' ? 'rejected' : 'pending';
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

/** Every node in one object shape (absent fields undefined, which JSON omits): there are many. */
function node(
  key: ObjectKey,
  kind: string,
  group: string,
  namespace: string | undefined,
  name: string,
  ghost: boolean,
  unanalyzed: true | undefined,
  labels: Readonly<Record<string, string>> | undefined,
  generation: number | undefined,
  stale: boolean,
  summary: NodeSummary,
  predicted: readonly PredictedCondition[],
  reported: readonly Condition[],
  findings: number,
  severity: Severity | undefined,
): TopologyNode {
  return {
    id: key,
    key,
    kind,
    group,
    namespace,
    name,
    ghost,
    unanalyzed,
    labels,
    generation,
    stale,
    summary,
    predicted,
    reported,
    findings,
    severity,
  };
}

/**
 * `<type>:<owner>:<field>`, built flat: a template literal leaves a chain of concatenation cells
 * that the graph would keep for every edge.
 */
function edgeId(type: string, owner: ObjectKey, field: string): string {
  return [type, owner, field].join(':');
}
