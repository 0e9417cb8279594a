/**
 * The incremental analysis engine. It holds the objects, analyzes them in units (one per
 * GatewayClass, Gateway, ListenerSet, Route, BackendTLSPolicy, ReferenceGrant, and a status
 * comparison per Gateway and ListenerSet), and records every read a unit makes in a dependency
 * tracker (`dependency-tracker.ts`). A change to one object re-analyzes only the units that read it.
 *
 * Complexity: `apply` of a batch touching objects O costs O(Σ deps(O) + Σ cost(U)) over the
 * re-analyzed units U; a unit costs O(its references + the listeners of its parents). A Route
 * or Service change re-analyzes the Routes that read it (typically one); a Gateway change
 * re-analyzes the Routes attached to it; a ReferenceGrant change re-analyzes the references into
 * its namespace. attachedRoutes and grant use are tallies kept by contribution, never recounted.
 * A first load of 50,000 Routes is analyzed in about 0.9 s (`pnpm bench:analyze`).
 *
 * What a unit reads is answered by `engine-context.ts`, the secondary indexes it reads are in
 * `object-indexes.ts`, and a graph keeps its entries in the engine's slots (`graph-entries.ts`).
 */
import {
  DEFAULT_OPTIONS,
  type AnalysisContext,
  type AnalyzerOptions,
  type ReadGuardedKind,
} from './analysis-context.ts';
import type { GatewayAnalysis, ListenerSetAnalysis } from './analysis-results.ts';
import { analyzeGatewayClass, type GatewayClassAnalysis } from './analyze-gateway-class.ts';
import { analyzeGateway } from './analyze-gateway.ts';
import { analyzeListenerSet } from './analyze-listener-set.ts';
import { analyzePolicy, type PolicyAnalysis } from './analyze-policy.ts';
import { analyzeReferenceGrant, type GrantAnalysis } from './analyze-reference-grant.ts';
import { analyzeRoute, type RouteAnalysis } from './analyze-route.ts';
import { compareStatus } from './compare-status.ts';
import { DependencyTracker, type Contribution } from './dependency-tracker.ts';
import type { DecodedObject, UnknownObject } from './decode-object.ts';
import { ChangeRecorder, type Change, type ChangeSet } from './engine-changes.ts';
import { engineContext, readableKey } from './engine-context.ts';
import { analyzePolicyUnit, EnginePolicies } from './engine-policies.ts';
import {
  attachedTally,
  findingsOf,
  isHeld,
  listenerSetsTally,
  makeSlot,
  PHASES,
  tallyOwner,
  UNIT_OF_ROLE,
  unknownFinding,
  type EngineSlot,
  type EngineUnit,
  type UnitKind,
  type UnitResult,
} from './engine-slot.ts';
import type { Finding } from './findings.ts';
import { GraphAttachments, type GraphEntries } from './graph-entries.ts';
import { ObjectIndexes } from './object-indexes.ts';
import type { ObjectKey } from './object-key.ts';
import type { BackendTLSPolicy } from './gateway-api.ts';
import type { GenericPolicy } from './generic-policy.ts';
import type { GenericPolicyAnalysis } from './policy-attachment.ts';
import type { PolicyKind } from './policy-discovery.ts';
import { grantUseTally } from './reference-grants.ts';
import { SharedValues } from './shared-values.ts';

export type { Change, ChangeSet } from './engine-changes.ts';

const NO_CONTRIBUTIONS: readonly Contribution[] = Object.freeze([]);

export class TopologyEngine {
  readonly options: Required<AnalyzerOptions>;
  /** Equal values shared between the objects this engine analyzes, and by its graph. */
  readonly shared = new SharedValues();
  /** Every slot by key; objects and unknown objects in the order they were added. */
  private readonly tracker = new DependencyTracker<EngineSlot, UnitKind, UnitResult>({
    phases: PHASES,
    makeSlot,
    isHeld,
    tallyOwner,
    // The owner of an attachment tally shows a new attachedRoutes; its final unit runs after
    // every unit that counts in the tally.
    onOwnerTally: (key) => {
      const owner = this.tracker.slots.get(key);
      if (owner?.object === undefined) return;
      this.markChanged(owner);
      if (owner.final) this.tracker.queue(owner.final);
    },
  });
  private readonly indexes = new ObjectIndexes((key) => this.tracker.touchKey(key));
  private readonly graphs = new GraphAttachments(this.tracker);
  private readonly policies = new EnginePolicies({ tracker: this.tracker, indexes: this.indexes });
  private objectCount = 0;
  private unknownCount = 0;
  private readonly inputIssues = new Map<string, readonly Finding[]>();
  /** Namespaces readable per guarded kind; a kind not here is readable everywhere. */
  private readonly readableNamespaces = new Map<ReadGuardedKind, ReadonlySet<string>>();
  private readonly recorder = new ChangeRecorder();
  /** Where a Route's analysis lists the tallies it counts in; empty between evaluations. */
  private readonly routeTallies: Contribution[] = [];
  private readonly ctx: AnalysisContext;
  /** `evaluate` as a function, made once rather than for each apply. */
  private readonly evaluateUnit = (unit: EngineUnit) => this.evaluate(unit);

  constructor(options: AnalyzerOptions = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.ctx = engineContext({
      tracker: this.tracker,
      indexes: this.indexes,
      shared: this.shared,
      options: this.options,
      readableNamespaces: this.readableNamespaces,
    });
  }

  /** Applies a batch of changes and re-analyzes what they affect. */
  apply(changes: Iterable<Change>): ChangeSet {
    this.recorder.begin();
    const tracker = this.tracker;
    tracker.beginBatch(this.size > 0);
    // Indexed: a first load walks every object in this one call, before any optimizing compiler
    // has compiled it, and there each for…of step allocates (see `dependency-tracker.ts`).
    const list: readonly Change[] = Array.isArray(changes) ? changes : [...changes];
    for (let index = 0; index < list.length; index++) {
      const change = list[index]!;
      switch (change.type) {
        case 'upsert':
          tracker.setCause(change.object.key);
          this.upsert(change.object);
          break;
        case 'upsert-unknown':
          tracker.setCause(change.object.key);
          this.upsertUnknown(change.object);
          break;
        case 'delete':
          tracker.setCause(change.key);
          this.delete(change.key);
          break;
        case 'input-issues':
          tracker.setCause(null);
          if (change.findings.length === 0) this.inputIssues.delete(change.source);
          else this.inputIssues.set(change.source, change.findings);
          this.recorder.markInputIssues();
          break;
        case 'readable':
          tracker.setCause(null);
          this.setReadable(change.kind, change.namespaces);
          break;
        case 'policy-kinds':
          tracker.setCause(null);
          for (const slot of this.policies.setKinds(change.kinds)) this.markChanged(slot);
          break;
      }
    }
    tracker.setCause(null);
    const analyzed = tracker.run(this.evaluateUnit);
    return this.recorder.finish({
      analyzed,
      isGone: (key) => {
        const slot = tracker.slots.get(key);
        return slot?.object === undefined && slot?.unknown === undefined;
      },
    });
  }

  // ---- reading -------------------------------------------------------------------------------

  object(key: ObjectKey): DecodedObject | undefined {
    return this.tracker.slots.get(key)?.object;
  }

  unknownObject(key: ObjectKey): UnknownObject | undefined {
    return this.tracker.slots.get(key)?.unknown;
  }

  allObjects(): IterableIterator<DecodedObject> {
    // Listed into an array first: a generator costs more per object than the listing.
    const objects: DecodedObject[] = [];
    for (const slot of this.tracker.slots.values()) if (slot.object !== undefined) objects.push(slot.object);
    return objects.values();
  }

  *allUnknown(): IterableIterator<UnknownObject> {
    if (this.unknownCount === 0) return;
    for (const slot of this.tracker.slots.values()) if (slot.unknown !== undefined) yield slot.unknown;
  }

  get size(): number {
    return this.objectCount + this.unknownCount;
  }

  /**
   * What the engine's indexes hold: slots (objects, keys read while their object is missing, and
   * keys only the attached graph holds), tallies and analysis units. Each falls back to zero once
   * every object is gone; a count that keeps growing while the objects do not is a leak.
   */
  footprint(): { readonly slots: number; readonly tallies: number; readonly units: number } {
    return this.tracker.footprint();
  }

  gateway(key: ObjectKey): GatewayAnalysis | undefined {
    return this.resultOf(key, 'gateway') as GatewayAnalysis | undefined;
  }

  listenerSet(key: ObjectKey): ListenerSetAnalysis | undefined {
    return this.resultOf(key, 'listenerset') as ListenerSetAnalysis | undefined;
  }

  route(key: ObjectKey): RouteAnalysis | undefined {
    return this.resultOf(key, 'route') as RouteAnalysis | undefined;
  }

  policy(key: ObjectKey): PolicyAnalysis | undefined {
    return this.resultOf(key, 'policy') as PolicyAnalysis | undefined;
  }

  /** The analysis of a policy of a discovered kind. */
  genericPolicy(key: ObjectKey): GenericPolicyAnalysis | undefined {
    return this.resultOf(key, 'generic') as GenericPolicyAnalysis | undefined;
  }

  /** A policy of a discovered kind as read, or undefined for none (or an object of another kind). */
  genericPolicyObject(key: ObjectKey): GenericPolicy | undefined {
    return this.tracker.slots.get(key)?.policy;
  }

  /** Policies of discovered kinds whose targetRefs name an object (not recorded as a read). */
  policiesTargeting(target: ObjectKey): readonly GenericPolicy[] {
    return this.indexes.policiesTargeting(target);
  }

  /** BackendTLSPolicies whose targetRefs name an object (not recorded as a read). */
  backendTlsPoliciesOn(
    target: ObjectKey,
  ): readonly { readonly key: ObjectKey; readonly policy: BackendTLSPolicy }[] {
    return this.indexes.policiesFor(target);
  }

  /** The policy kinds the engine reads (see the `policy-kinds` change). */
  policyKinds(): readonly PolicyKind[] {
    return this.policies.list();
  }

  gatewayClass(key: ObjectKey): GatewayClassAnalysis | undefined {
    return this.resultOf(key, 'class') as GatewayClassAnalysis | undefined;
  }

  grant(key: ObjectKey): GrantAnalysis | undefined {
    return this.resultOf(key, 'grant') as GrantAnalysis | undefined;
  }

  private resultOf(key: ObjectKey, kind: UnitKind): UnitResult | undefined {
    const unit = this.tracker.slots.get(key)?.unit;
    return unit?.kind === kind ? unit.result : undefined;
  }

  /** Routes attached to a listener of a Gateway or ListenerSet (attachedRoutes is its size). */
  attachedRoutes(parent: ObjectKey, listener: string): ReadonlySet<string> {
    return new Set(this.tracker.tallyItems(attachedTally(parent, listener)));
  }

  attachedRouteCount(parent: ObjectKey, listener: string): number {
    return this.tracker.tallySize(attachedTally(parent, listener));
  }

  /** ListenerSets accepted by a Gateway (attachedListenerSets is its size). */
  attachedListenerSetCount(gateway: ObjectKey): number {
    return this.tracker.tallySize(listenerSetsTally(gateway));
  }

  /** Every finding about an object (analysis, input and status comparison). */
  findingsFor(key: ObjectKey): readonly Finding[] {
    return findingsOf(this.tracker.slots.get(key));
  }

  /**
   * Attaches a graph, which keeps its entries in the engine's slots (see `GraphEntries`). One
   * graph is attached at a time: attaching another removes every entry of the one before, and
   * that one's `GraphEntries` throws from then on. O(slots) when one was attached, else O(1).
   */
  attachGraph<Entry extends object>(): GraphEntries<Entry> {
    return this.graphs.attach<Entry>();
  }

  inputFindings(): readonly Finding[] {
    return [...this.inputIssues.values()].flat();
  }

  allFindings(): Finding[] {
    const out: Finding[] = [...this.inputFindings()];
    for (const kind of PHASES) {
      for (const unit of this.tracker.liveUnits(kind)) {
        if (!unit.result || !('findings' in unit.result)) continue;
        // Entry by entry: spreading a long list into push's arguments overflows the stack.
        for (const item of unit.result.findings) out.push(item);
      }
    }
    if (this.unknownCount > 0)
      for (const slot of this.tracker.slots.values())
        if (slot.unknown !== undefined && slot.policy === undefined) out.push(unknownFinding(slot.unknown));
    return out;
  }

  // ---- writing -------------------------------------------------------------------------------

  private markChanged(slot: EngineSlot): void {
    this.recorder.mark(slot, this.tracker.causes);
  }

  /**
   * An object arrives in a slot without one (empty, or holding an unknown object), or an unknown
   * object in a slot without one (`upsertUnknown`): the slot moves to the end, so that objects,
   * and unknown objects, are listed in the order they were added, as a Map of each would list them.
   */
  private upsert(object: DecodedObject): void {
    const tracker = this.tracker;
    const known = tracker.slots.get(object.key);
    const previous = known?.object;
    if (previous === object) return;
    // A new slot is made at the end already; one that held no object moves there.
    const slot = known ?? tracker.addSlot(object.key);
    if (known !== undefined && previous === undefined) tracker.moveToEnd(slot);
    if (object.info.kind === 'Namespace') slot.labels = undefined;
    if (slot.unknown !== undefined) {
      slot.unknown = undefined;
      this.unknownCount--;
      if (slot.policy !== undefined) this.policies.sync(slot);
    }
    if (previous) this.indexes.remove(previous);
    else this.objectCount++;
    slot.object = object;
    this.indexes.add(object);
    tracker.touch(slot);
    this.markChanged(slot);
    const kind = UNIT_OF_ROLE[object.info.role];
    if (kind) {
      if (slot.unit !== undefined && slot.unit.kind !== kind) this.dropUnit(slot, slot.unit);
      tracker.queue((slot.unit ??= tracker.makeUnit(kind, slot)));
      if (kind === 'gateway' || kind === 'listenerset')
        tracker.queue((slot.final ??= tracker.makeUnit('final', slot)));
    }
  }

  private upsertUnknown(object: UnknownObject): void {
    this.deleteKnown(object.key);
    const known = this.tracker.slots.get(object.key);
    const slot = known ?? this.tracker.addSlot(object.key);
    if (slot.unknown === undefined) {
      if (known !== undefined) this.tracker.moveToEnd(slot);
      this.unknownCount++;
    }
    slot.unknown = object;
    this.policies.sync(slot);
    this.tracker.touch(slot);
    this.markChanged(slot);
  }

  private delete(key: ObjectKey): void {
    const slot = this.tracker.slots.get(key);
    if (slot?.unknown !== undefined) {
      slot.unknown = undefined;
      this.unknownCount--;
      this.policies.sync(slot);
      this.tracker.touch(slot);
      this.recorder.remove(key);
      this.tracker.release(slot);
    }
    this.deleteKnown(key);
  }

  private deleteKnown(key: ObjectKey): void {
    const slot = this.tracker.slots.get(key);
    const previous = slot?.object;
    if (slot === undefined || previous === undefined) return;
    if (previous.info.kind === 'Namespace') slot.labels = undefined;
    this.indexes.remove(previous);
    slot.object = undefined;
    this.objectCount--;
    this.tracker.touch(slot);
    this.recorder.remove(key);
    if (slot.unit) this.dropUnit(slot, slot.unit);
    if (slot.final) this.dropUnit(slot, slot.final);
    this.tracker.release(slot);
  }

  private dropUnit(slot: EngineSlot, unit: EngineUnit): void {
    this.tracker.dropUnit(unit);
    if (slot.unit === unit) slot.unit = undefined;
    if (slot.final === unit) slot.final = undefined;
    if (unit.kind === 'gateway' || unit.kind === 'listenerset') this.tracker.resultChanged(slot);
  }

  /** Records where a guarded kind is readable; units that asked re-run when it changes. */
  private setReadable(kind: ReadGuardedKind, namespaces: 'all' | readonly string[]): void {
    const before = this.readableNamespaces.get(kind);
    const after = namespaces === 'all' ? undefined : new Set(namespaces);
    const same =
      before === after ||
      (before !== undefined &&
        after !== undefined &&
        before.size === after.size &&
        [...after].every((namespace) => before.has(namespace)));
    if (same) return;
    if (after === undefined) this.readableNamespaces.delete(kind);
    else this.readableNamespaces.set(kind, after);
    this.tracker.touchKey(readableKey(kind));
  }

  // ---- analysis ------------------------------------------------------------------------------

  private evaluate(unit: EngineUnit): void {
    const tracker = this.tracker;
    tracker.begin();
    const ctx = this.ctx;
    const slot = unit.slot;
    if (unit.kind === 'generic') {
      if (!slot.policy) return;
      tracker.finish(unit, analyzePolicyUnit(ctx, slot.policy), NO_CONTRIBUTIONS);
      this.markChanged(slot);
      return;
    }
    const object = slot.object;
    if (!object) return;
    let result: UnitResult;
    let tallies: readonly Contribution[] = NO_CONTRIBUTIONS;
    if (unit.kind === 'final') result = { key: slot.key as ObjectKey, findings: compareStatus(this, object) };
    // Any other unit is the one its object's role gives it (see upsert): the role says its analysis.
    else
      switch (object.role) {
        case 'gatewayclass':
          result = analyzeGatewayClass(ctx, object);
          break;
        case 'gateway': {
          const analysis = analyzeGateway(ctx, object);
          result = analysis;
          tallies = [...analysis.grantUses].map((grant) => ({ tally: grantUseTally(grant), item: slot.key }));
          break;
        }
        case 'listenerset': {
          const analysis = analyzeListenerSet(ctx, object);
          result = analysis;
          const own = [...analysis.grantUses].map((grant) => ({
            tally: grantUseTally(grant),
            item: slot.key,
          }));
          if (analysis.accepted) own.push({ tally: listenerSetsTally(analysis.parent), item: slot.key });
          tallies = own;
          break;
        }
        case 'route': {
          // A Route's tallies are collected in one list kept for that (the tracker keeps a copy).
          const collected = this.routeTallies;
          collected.length = 0;
          result = analyzeRoute(ctx, object, collected);
          tallies = collected;
          break;
        }
        case 'policy':
          result = analyzePolicy(ctx, object);
          break;
        case 'referencegrant':
          result = analyzeReferenceGrant(ctx, object);
          break;
        default:
          // Objects of the other roles have no unit.
          return;
      }
    const previous = unit.result;
    tracker.finish(unit, result, tallies);
    this.routeTallies.length = 0;
    this.markChanged(slot);
    if (
      (unit.kind === 'gateway' || unit.kind === 'listenerset') &&
      (previous === undefined || JSON.stringify(previous) !== JSON.stringify(result))
    ) {
      tracker.resultChanged(slot);
    }
    if (unit.kind === 'route') {
      // Status comparison for Routes needs no tallies; keep it with the Route's own findings.
      const route = result as RouteAnalysis;
      const compared = compareStatus(this, object);
      if (compared.length > 0) unit.result = { ...route, findings: [...route.findings, ...compared] };
    }
    if ((unit.kind === 'gateway' || unit.kind === 'listenerset') && slot.final) tracker.queue(slot.final);
  }
}
