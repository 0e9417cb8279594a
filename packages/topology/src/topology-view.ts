/**
 * The topology graph the map draws, kept current from the engine's change sets: nodes for
 * GatewayClasses, Gateways (with listeners), ListenerSets, Routes, backends, policies and grants;
 * edges for every reference, each with the state a controller reported or gatemap predicts.
 * Secrets and ConfigMaps appear only when referenced; a reference to nothing is a ghost node.
 *
 * Complexity: building costs O(objects + edges), and lists the first snapshot as it goes;
 * `update` costs O(Σ edges of the changed owners + their targets), never the whole graph.
 */
import type { DecodedObject } from './decode-object.ts';
import type { ChangeSet, TopologyEngine } from './engine.ts';
import { policyAttachmentEdges } from './policy-edges.ts';
import type { GraphEntries } from './graph-entries.ts';
import type { Finding } from './findings.ts';
import { IngressCoverageView } from './ingress-coverage-view.ts';
import type { ObjectKey } from './object-key.ts';
import type { TopologyDelta, TopologyEdge, TopologyNode, TopologySnapshot } from './protocol.ts';
import { buildEdges } from './topology-edges.ts';
import { isShownWhenReferenced, NodeBuilder } from './topology-nodes.ts';

const INPUT_OWNER = '\u0000input' as ObjectKey;
const NONE: readonly never[] = Object.freeze([]);
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
  private readonly nodes: NodeBuilder;
  /** The Ingresses' migration coverage, judged again as what it reads changes. */
  readonly ingressCoverage: IngressCoverageView;

  constructor(engine: TopologyEngine) {
    this.engine = engine;
    this.ingressCoverage = new IngressCoverageView(engine);
    this.nodes = new NodeBuilder(engine, (ingress) => this.ingressCoverage.summary(ingress));
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
      const own = (slot.edges = buildEdges(this.engine, object, result));
      if (own.length > 0) {
        owners.push(object.key);
        ownerSlots.push(slot);
        for (let index = 0; index < own.length; index++) edges.push(own[index]!);
      }
      if (isShownWhenReferenced(object)) whenReferenced.push(object);
      else nodes.push((slot.node = this.nodes.build(object.key, slot, object)!));
      return slot;
    });
    for (const object of this.engine.allUnknown()) {
      const slot = emptySlot();
      slot.findings = this.engine.findingsFor(object.key);
      for (const item of slot.findings) this.findings.set(item.id, item);
      // A policy of a discovered kind points at its targets.
      const own = (slot.edges = policyAttachmentEdges(this.engine, object.key));
      if (own.length > 0) {
        owners.push(object.key);
        ownerSlots.push(slot);
        for (const edge of own) edges.push(edge);
      }
      this.slots.set(object.key, slot);
      nodes.push((slot.node = this.nodes.build(object.key, slot)!));
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
      slot.node = this.nodes.build(object.key, slot, object);
      if (slot.node === undefined) this.release(object.key, slot);
      else nodes.push(slot.node);
    }
    // Targets that are not objects themselves: ghosts, and references across clusters of kinds.
    for (let index = 0; index < targets.length; index++) {
      const slot = targetSlots[index]!;
      if (slot.node === undefined) {
        slot.node = this.nodes.build(targets[index] as ObjectKey, slot);
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
    // Ingresses hold no analysis unit: those whose coverage or edges the changes touch are redrawn.
    for (const key of this.ingressCoverage.affected(changes)) owners.add(key);

    for (const owner of owners) {
      const before = this.slots.get(owner)?.edges ?? NONE;
      const object = this.engine.object(owner);
      const after = object
        ? buildEdges(this.engine, object, undefined)
        : policyAttachmentEdges(this.engine, owner);
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
      const next = this.nodes.build(id, slot ?? EMPTY);
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
