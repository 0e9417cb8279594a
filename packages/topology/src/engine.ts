/**
 * The incremental analysis engine. It holds the objects, analyzes them in units (one per
 * GatewayClass, Gateway, ListenerSet, Route, BackendTLSPolicy, ReferenceGrant), and records
 * every read a unit makes. A change to one object re-analyzes only the units that read it.
 *
 * Complexity: `apply` of a batch touching objects O costs O(Σ deps(O) + Σ cost(U)) over the
 * re-analyzed units U; a unit costs O(its references + the listeners of its parents). A Route
 * or Service change re-analyzes the Routes that read it (typically one); a Gateway change
 * re-analyzes the Routes attached to it; a ReferenceGrant change re-analyzes the references into
 * its namespace. attachedRoutes and grant use are tallies kept by contribution, never recounted.
 */
import { DEFAULT_OPTIONS, type AnalysisContext, type AnalyzerOptions } from './analysis-context.ts';
import { analyzeGatewayClass, type GatewayClassAnalysis } from './analyze-gateway-class.ts';
import { analyzeGateway, type GatewayAnalysis } from './analyze-gateway.ts';
import { analyzeListenerSet, type ListenerSetAnalysis } from './analyze-listener-set.ts';
import { analyzePolicy, policyTargets, type PolicyAnalysis } from './analyze-policy.ts';
import { analyzeReferenceGrant, type GrantAnalysis } from './analyze-reference-grant.ts';
import { analyzeRoute, type RouteAnalysis } from './analyze-route.ts';
import { compareStatus } from './compare-status.ts';
import type { DecodedObject, UnknownObject } from './decode-object.ts';
import { finding, type Finding } from './findings.ts';
import type { BackendTLSPolicy, GatewayClass, ListenerSet, ReferenceGrant } from './gateway-api.ts';
import type { KindRole } from './kinds.ts';
import { objectKey, type ObjectKey } from './object-key.ts';
import { grantUseTally } from './reference-grants.ts';
import { resolveListenerSetParent, resolveLocalRef } from './resolve-refs.ts';
import { remember } from './remember.ts';

/** One change to the engine's input. */
export type Change =
  | { readonly type: 'upsert'; readonly object: DecodedObject }
  | { readonly type: 'upsert-unknown'; readonly object: UnknownObject }
  | { readonly type: 'delete'; readonly key: ObjectKey }
  /** Replaces the input problems (bad YAML, malformed objects) recorded under `source`. */
  | { readonly type: 'input-issues'; readonly source: string; readonly findings: readonly Finding[] };

/** What an `apply` changed: every object whose node, edges, status or findings may differ. */
export interface ChangeSet {
  readonly changed: ReadonlySet<ObjectKey>;
  readonly removed: ReadonlySet<ObjectKey>;
  readonly inputIssuesChanged: boolean;
  /** Units analyzed by this apply (for benchmarks and metrics). */
  readonly analyzed: number;
}

type UnitKind = 'class' | 'gateway' | 'listenerset' | 'route' | 'policy' | 'grant' | 'final';
const PHASES: readonly UnitKind[] = ['class', 'gateway', 'listenerset', 'route', 'policy', 'grant', 'final'];
const UNIT_OF_ROLE: Partial<Record<KindRole, UnitKind>> = {
  gatewayclass: 'class',
  gateway: 'gateway',
  listenerset: 'listenerset',
  route: 'route',
  policy: 'policy',
  referencegrant: 'grant',
};

type UnitResult =
  | GatewayClassAnalysis
  | GatewayAnalysis
  | ListenerSetAnalysis
  | RouteAnalysis
  | PolicyAnalysis
  | GrantAnalysis
  | FinalAnalysis;

/** Status facts that need the tallies (attachedRoutes) and the comparison with reported status. */
export interface FinalAnalysis {
  readonly key: ObjectKey;
  readonly findings: readonly Finding[];
}

/**
 * What a unit read, by the index that maps each read back to its readers: objects (and the
 * object-like buckets `grants:<ns>`, `listenersets-of:<gateway>`), other units' results, tallies.
 * Kept apart so that hot reads record a key as it is, without building a prefixed string.
 */
const Dep = { Object: 0, Result: 1, Tally: 2 } as const;
type Dep = (typeof Dep)[keyof typeof Dep];
const NO_READS: readonly string[] = Object.freeze([]);

interface Unit {
  readonly kind: UnitKind;
  readonly key: ObjectKey;
  /**
   * What the last analysis read, by kind of read (objects, results, tallies); the engine's
   * reverse indexes map each back to this unit.
   */
  objectReads: readonly string[];
  resultReads: readonly string[];
  tallyReads: readonly string[];
  result: UnitResult | undefined;
  /** What the unit counts in: tally names and items, flat (tally, item, tally, item ...). */
  contributions: readonly string[];
  /** Removed from the engine; a stale reference in a dirty set is skipped. */
  dropped: boolean;
}

interface Tally {
  readonly tally: string;
  readonly item: string;
}

interface IndexEntry {
  readonly dep: string;
  // Each index maps a bucket (namespace, Gateway, Service) to the objects filed under it.
  readonly map: Map<string, Map<ObjectKey, unknown>>;
  readonly bucket: string;
  readonly item: unknown;
}

export class TopologyEngine {
  readonly options: Required<AnalyzerOptions>;
  private readonly objects = new Map<ObjectKey, DecodedObject>();
  private readonly unknown = new Map<ObjectKey, UnknownObject>();
  private readonly inputIssues = new Map<string, readonly Finding[]>();
  private readonly grantsByNamespace = new Map<string, Map<ObjectKey, unknown>>();
  private readonly setsByGateway = new Map<string, Map<ObjectKey, unknown>>();
  private readonly policiesByTarget = new Map<string, Map<ObjectKey, unknown>>();
  /** Labels of each namespace as selectors see them; dropped when its Namespace changes. */
  private readonly labelsOfNamespace = new Map<string, Readonly<Record<string, string>>>();
  private readonly units = Object.fromEntries(
    PHASES.map((kind) => [kind, new Map<ObjectKey, Unit>()]),
  ) as Record<UnitKind, Map<ObjectKey, Unit>>;
  // Per kind of read, a dependency read by one unit maps to that unit; a Set is made only for a
  // second reader.
  private readonly readers: readonly [
    Map<string, Unit | Set<Unit>>,
    Map<string, Unit | Set<Unit>>,
    Map<string, Unit | Set<Unit>>,
  ] = [new Map(), new Map(), new Map()];
  private readonly tallies = new Map<string, Map<string, number>>();
  private readonly dirty = Object.fromEntries(PHASES.map((kind) => [kind, new Set<Unit>()])) as Record<
    UnitKind,
    Set<Unit>
  >;
  private changed = new Set<ObjectKey>();
  private readonly removed = new Set<ObjectKey>();
  private inputIssuesChanged = false;
  /** Where the context records reads during the current evaluation, by kind of read. */
  private readonly reads: readonly [Set<string>, Set<string>, Set<string>] = [
    new Set(),
    new Set(),
    new Set(),
  ];
  private readonly ctx: AnalysisContext = this.context();

  constructor(options: AnalyzerOptions = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  /** Applies a batch of changes and re-analyzes what they affect. */
  apply(changes: Iterable<Change>): ChangeSet {
    for (const change of changes) {
      switch (change.type) {
        case 'upsert':
          this.upsert(change.object);
          break;
        case 'upsert-unknown':
          this.deleteKnown(change.object.key);
          this.unknown.set(change.object.key, change.object);
          this.touch(change.object.key);
          this.changed.add(change.object.key);
          break;
        case 'delete':
          this.delete(change.key);
          break;
        case 'input-issues':
          if (change.findings.length === 0) this.inputIssues.delete(change.source);
          else this.inputIssues.set(change.source, change.findings);
          this.inputIssuesChanged = true;
          break;
      }
    }
    const analyzed = this.run();
    // The changed set is handed over, not copied: it holds every object after a first load.
    const result: ChangeSet = {
      changed: this.changed,
      removed: new Set([...this.removed].filter((key) => !this.objects.has(key) && !this.unknown.has(key))),
      inputIssuesChanged: this.inputIssuesChanged,
      analyzed,
    };
    this.changed = new Set();
    this.removed.clear();
    this.inputIssuesChanged = false;
    return result;
  }

  // ---- reading -------------------------------------------------------------------------------

  object(key: ObjectKey): DecodedObject | undefined {
    return this.objects.get(key);
  }

  unknownObject(key: ObjectKey): UnknownObject | undefined {
    return this.unknown.get(key);
  }

  allObjects(): IterableIterator<DecodedObject> {
    return this.objects.values();
  }

  allUnknown(): IterableIterator<UnknownObject> {
    return this.unknown.values();
  }

  get size(): number {
    return this.objects.size + this.unknown.size;
  }

  gateway(key: ObjectKey): GatewayAnalysis | undefined {
    return this.units.gateway.get(key)?.result as GatewayAnalysis | undefined;
  }

  listenerSet(key: ObjectKey): ListenerSetAnalysis | undefined {
    return this.units.listenerset.get(key)?.result as ListenerSetAnalysis | undefined;
  }

  route(key: ObjectKey): RouteAnalysis | undefined {
    return this.units.route.get(key)?.result as RouteAnalysis | undefined;
  }

  policy(key: ObjectKey): PolicyAnalysis | undefined {
    return this.units.policy.get(key)?.result as PolicyAnalysis | undefined;
  }

  gatewayClass(key: ObjectKey): GatewayClassAnalysis | undefined {
    return this.units.class.get(key)?.result as GatewayClassAnalysis | undefined;
  }

  grant(key: ObjectKey): GrantAnalysis | undefined {
    return this.units.grant.get(key)?.result as GrantAnalysis | undefined;
  }

  /** Routes attached to a listener of a Gateway or ListenerSet (attachedRoutes is its size). */
  attachedRoutes(parent: ObjectKey, listener: string): ReadonlySet<string> {
    return new Set(this.tallies.get(`attached:${parent}#${listener}`)?.keys() ?? []);
  }

  attachedRouteCount(parent: ObjectKey, listener: string): number {
    return this.tallies.get(`attached:${parent}#${listener}`)?.size ?? 0;
  }

  /** ListenerSets accepted by a Gateway (attachedListenerSets is its size). */
  attachedListenerSetCount(gateway: ObjectKey): number {
    return this.tallies.get(`listenersets:${gateway}`)?.size ?? 0;
  }

  /** Every finding about an object (analysis, input and status comparison). */
  findingsFor(key: ObjectKey): readonly Finding[] {
    const out: Finding[] = [];
    for (const kind of PHASES) {
      const result = this.units[kind].get(key)?.result;
      if (result && 'findings' in result) out.push(...result.findings);
    }
    const unknown = this.unknown.get(key);
    if (unknown) out.push(unknownFinding(unknown));
    return out;
  }

  /** Every object with findings from analysis and status comparison, with them (not input issues). */
  *findingsByObject(): IterableIterator<[ObjectKey, readonly Finding[]]> {
    const owners = new Set<ObjectKey>();
    for (const kind of PHASES)
      for (const unit of this.units[kind].values())
        if (unit.result && 'findings' in unit.result && unit.result.findings.length > 0) owners.add(unit.key);
    for (const owner of owners) yield [owner, this.findingsFor(owner)];
    for (const unknown of this.unknown.values()) yield [unknown.key, this.findingsFor(unknown.key)];
  }

  inputFindings(): readonly Finding[] {
    return [...this.inputIssues.values()].flat();
  }

  allFindings(): Finding[] {
    const out: Finding[] = [...this.inputFindings()];
    for (const kind of PHASES) {
      for (const unit of this.units[kind].values()) {
        if (unit.result && 'findings' in unit.result) out.push(...unit.result.findings);
      }
    }
    for (const unknown of this.unknown.values()) out.push(unknownFinding(unknown));
    return out;
  }

  // ---- writing -------------------------------------------------------------------------------

  private upsert(object: DecodedObject): void {
    const previous = this.objects.get(object.key);
    if (previous === object) return;
    if (object.info.kind === 'Namespace') this.labelsOfNamespace.delete(object.object.metadata.name);
    if (this.unknown.delete(object.key)) this.touch(object.key);
    if (previous) this.unindex(previous);
    this.objects.set(object.key, object);
    this.index(object);
    this.touch(object.key);
    this.changed.add(object.key);
    const kind = UNIT_OF_ROLE[object.info.role];
    if (kind) {
      this.ensureUnit(kind, object.key);
      if (kind === 'gateway' || kind === 'listenerset') this.ensureUnit('final', object.key);
    }
  }

  private delete(key: ObjectKey): void {
    if (this.unknown.delete(key)) {
      this.touch(key);
      this.removed.add(key);
    }
    this.deleteKnown(key);
  }

  private deleteKnown(key: ObjectKey): void {
    const previous = this.objects.get(key);
    if (!previous) return;
    if (previous.info.kind === 'Namespace') this.labelsOfNamespace.delete(previous.object.metadata.name);
    this.unindex(previous);
    this.objects.delete(key);
    this.touch(key);
    this.removed.add(key);
    for (const kind of PHASES) this.dropUnit(kind, key);
  }

  private index(object: DecodedObject): void {
    for (const { dep, map, bucket, item } of this.indexEntries(object)) {
      let entries = map.get(bucket);
      if (!entries) map.set(bucket, (entries = new Map()));
      entries.set(object.key, item);
      this.touch(dep);
    }
  }

  private unindex(object: DecodedObject): void {
    for (const { dep, map, bucket } of this.indexEntries(object)) {
      const entries = map.get(bucket);
      entries?.delete(object.key);
      if (entries?.size === 0) map.delete(bucket);
      this.touch(dep);
    }
  }

  /** The secondary indexes an object belongs to, each with the dependency key readers record. */
  private indexEntries(object: DecodedObject): IndexEntry[] {
    const namespace = object.object.metadata.namespace ?? 'default';
    switch (object.info.role) {
      case 'referencegrant':
        return [
          { dep: `grants:${namespace}`, map: this.grantsByNamespace, bucket: namespace, item: object.object },
        ];
      case 'listenerset': {
        const set = object.object as unknown as ListenerSet;
        const parent = resolveListenerSetParent(namespace, set.spec.parentRef).key;
        return [{ dep: `listenersets-of:${parent}`, map: this.setsByGateway, bucket: parent, item: set }];
      }
      case 'policy': {
        const policy = object.object as unknown as BackendTLSPolicy;
        return policyTargets(policy).map((target) => {
          const service = resolveLocalRef(namespace, target).key;
          return { dep: service, map: this.policiesByTarget, bucket: service, item: policy };
        });
      }
      default:
        return NO_ENTRIES;
    }
  }

  // ---- dependency bookkeeping ----------------------------------------------------------------

  private ensureUnit(kind: UnitKind, key: ObjectKey): void {
    let unit = this.units[kind].get(key);
    if (!unit)
      this.units[kind].set(
        key,
        (unit = {
          kind,
          key,
          objectReads: NO_READS,
          resultReads: NO_READS,
          tallyReads: NO_READS,
          result: undefined,
          contributions: NO_READS,
          dropped: false,
        }),
      );
    this.dirty[kind].add(unit);
  }

  private dropUnit(kind: UnitKind, key: ObjectKey): void {
    const unit = this.units[kind].get(key);
    if (!unit) return;
    this.setDeps(unit, NO_READS, NO_READS, NO_READS);
    this.setTallies(unit, []);
    unit.dropped = true;
    this.units[kind].delete(key);
    this.dirty[kind].delete(unit);
    if (kind === 'gateway' || kind === 'listenerset') this.touch(key, Dep.Result);
  }

  /** Marks every unit that read `dep` for re-analysis. */
  private touch(dep: string, kind: Dep = Dep.Object): void {
    const readers = this.readers[kind].get(dep);
    if (readers === undefined) return;
    if (readers instanceof Set) for (const unit of readers) this.dirty[unit.kind].add(unit);
    else this.dirty[readers.kind].add(readers);
  }

  private setDeps(
    unit: Unit,
    objects: readonly string[],
    results: readonly string[],
    tallies: readonly string[],
  ): void {
    this.replaceReads(unit, Dep.Object, unit.objectReads, objects);
    this.replaceReads(unit, Dep.Result, unit.resultReads, results);
    this.replaceReads(unit, Dep.Tally, unit.tallyReads, tallies);
    unit.objectReads = objects;
    unit.resultReads = results;
    unit.tallyReads = tallies;
  }

  private replaceReads(unit: Unit, kind: Dep, before: readonly string[], after: readonly string[]): void {
    if (before === after) return;
    const dependents = this.readers[kind];
    if (before.length > 0) {
      const keep = after.length === 0 ? undefined : new Set(after);
      for (const dep of before) {
        if (keep?.has(dep)) continue;
        const readers = dependents.get(dep);
        if (readers === unit) dependents.delete(dep);
        else if (readers instanceof Set) {
          readers.delete(unit);
          if (readers.size === 1) dependents.set(dep, readers.values().next().value as Unit);
        }
      }
    }
    for (const dep of after) {
      const readers = dependents.get(dep);
      if (readers === undefined) dependents.set(dep, unit);
      else if (readers instanceof Set) readers.add(unit);
      else if (readers !== unit) dependents.set(dep, new Set([readers, unit]));
    }
  }

  private setTallies(unit: Unit, next: readonly Tally[]): void {
    const previous = unit.contributions;
    if (previous.length === 0 && next.length === 0) return;
    const id = (tally: string, item: string) => `${tally}\u0000${item}`;
    // Sets are built only to diff against a previous contribution; a first one just adds.
    let before: Set<string> | undefined;
    let after: Set<string> | undefined;
    if (previous.length > 0) {
      before = new Set();
      for (let index = 0; index < previous.length; index += 2)
        before.add(id(previous[index]!, previous[index + 1]!));
      if (next.length > 0) after = new Set(next.map((entry) => id(entry.tally, entry.item)));
    }
    for (let index = 0; index < previous.length; index += 2) {
      const tally = previous[index]!;
      const item = previous[index + 1]!;
      if (after?.has(id(tally, item))) continue;
      const counts = this.tallies.get(tally);
      const count = (counts?.get(item) ?? 0) - 1;
      if (count > 0) counts?.set(item, count);
      else counts?.delete(item);
      if (counts?.size === 0) this.tallies.delete(tally);
      this.tallyChanged(tally);
    }
    const flat: string[] = next.length === 0 ? [] : new Array<string>(next.length * 2);
    for (let index = 0; index < next.length; index++) {
      const { tally, item } = next[index]!;
      flat[2 * index] = tally;
      flat[2 * index + 1] = item;
      if (before?.has(id(tally, item))) continue;
      let counts = this.tallies.get(tally);
      if (!counts) this.tallies.set(tally, (counts = new Map()));
      counts.set(item, (counts.get(item) ?? 0) + 1);
      this.tallyChanged(tally);
    }
    unit.contributions = next.length === 0 ? NO_READS : flat;
  }

  private readonly tallyNames = new Map<string, string>();

  /** The tally's name as already kept, so that each Route does not keep its own copy. */
  private internTally(name: string): string {
    const known = this.tallyNames.get(name);
    if (known !== undefined) return known;
    if (this.tallyNames.size >= 65_536) this.tallyNames.clear();
    this.tallyNames.set(name, name);
    return name;
  }

  /** Each tally's owner (see tallyOwner), worked out once. */
  private readonly ownerOfTally = new Map<string, ObjectKey | null>();

  private tallyChanged(tally: string): void {
    this.touch(tally, Dep.Tally);
    // The owner of an attachment tally shows a new attachedRoutes.
    const owner = remember(this.ownerOfTally, tally, 65_536, () => tallyOwner(tally));
    if (owner !== null && this.objects.has(owner)) {
      this.changed.add(owner);
      const final = this.units.final.get(owner);
      if (final) this.dirty.final.add(final);
    }
  }

  // ---- analysis ------------------------------------------------------------------------------

  private run(): number {
    let analyzed = 0;
    let guard = 0;
    while (PHASES.some((phase) => this.dirty[phase].size > 0)) {
      if (++guard > 1000) throw new Error('gatemap: analysis did not settle (dependency cycle)');
      for (const phase of PHASES) {
        const batch = [...this.dirty[phase]];
        this.dirty[phase].clear();
        for (const unit of batch) {
          if (unit.dropped) continue;
          this.evaluate(unit);
          analyzed++;
        }
      }
    }
    return analyzed;
  }

  private evaluate(unit: Unit): void {
    for (const reads of this.reads) reads.clear();
    const ctx = this.ctx;
    const object = this.objects.get(unit.key);
    if (!object) return;
    let result: UnitResult;
    let tallies: Tally[] = [];
    switch (unit.kind) {
      case 'class':
        result = analyzeGatewayClass(ctx, object);
        break;
      case 'gateway': {
        const analysis = analyzeGateway(ctx, object);
        result = analysis;
        tallies = [...analysis.grantUses].map((grant) => ({ tally: grantUseTally(grant), item: unit.key }));
        break;
      }
      case 'listenerset': {
        const analysis = analyzeListenerSet(ctx, object);
        result = analysis;
        tallies = [...analysis.grantUses].map((grant) => ({ tally: grantUseTally(grant), item: unit.key }));
        if (analysis.accepted) tallies.push({ tally: `listenersets:${analysis.parent}`, item: unit.key });
        break;
      }
      case 'route': {
        const analysis = analyzeRoute(ctx, object, tallies);
        result = analysis;
        for (const grant of analysis.grantUses) tallies.push({ tally: grantUseTally(grant), item: unit.key });
        // Tally names shared between the Routes that count in them.
        for (let index = 0; index < tallies.length; index++) {
          const entry = tallies[index]!;
          const tally = this.internTally(entry.tally);
          if (tally !== entry.tally) tallies[index] = { tally, item: entry.item };
        }
        break;
      }
      case 'policy':
        result = analyzePolicy(ctx, object);
        break;
      case 'grant':
        result = analyzeReferenceGrant(ctx, object);
        break;
      case 'final':
        result = { key: unit.key, findings: compareStatus(this, object) };
        break;
    }
    const previous = unit.result;
    unit.result = result;
    this.setDeps(
      unit,
      readsOf(this.reads[Dep.Object]),
      this.sharedReads(this.reads[Dep.Result]),
      this.sharedReads(this.reads[Dep.Tally]),
    );
    this.setTallies(unit, tallies);
    this.changed.add(unit.key);
    if (
      (unit.kind === 'gateway' || unit.kind === 'listenerset') &&
      (previous === undefined || JSON.stringify(previous) !== JSON.stringify(result))
    ) {
      this.touch(unit.key, Dep.Result);
    }
    if (unit.kind === 'route') {
      // Status comparison for Routes needs no tallies; keep it with the Route's own findings.
      const route = result as RouteAnalysis;
      const compared = compareStatus(this, object);
      if (compared.length > 0) unit.result = { ...route, findings: [...route.findings, ...compared] };
    }
    if (unit.kind === 'gateway' || unit.kind === 'listenerset') {
      const final = this.units.final.get(unit.key);
      if (final) this.dirty.final.add(final);
    }
  }

  /** Single reads of results and tallies (a Gateway's, its listener's claims), shared by their readers. */
  private readonly singleReads = new Map<string, readonly string[]>();

  private sharedReads(reads: ReadonlySet<string>): readonly string[] {
    if (reads.size !== 1) return readsOf(reads);
    const read = reads.values().next().value as string;
    return remember(this.singleReads, read, 65_536, () => Object.freeze([read]));
  }

  private context(): AnalysisContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the context's methods read the engine's state
    const engine = this;
    const [objects, results, tallies] = engine.reads;
    const deps = objects;
    // Keys many units read (a Gateway's result, a tally, a namespace) are built afresh by each
    // reader; the one kept in their dependencies is shared. Bounded: names come from the input.
    const shared = new Map<string, string>();
    const namespaceKeys = new Map<string, ObjectKey>();
    const intern = <Text extends string>(text: Text): Text => {
      const known = shared.get(text);
      if (known !== undefined) return known as Text;
      if (shared.size >= 65_536) shared.clear();
      shared.set(text, text);
      return text;
    };
    return {
      get options() {
        return engine.options;
      },
      get(key) {
        deps.add(key);
        return engine.objects.get(key);
      },
      exists(key) {
        deps.add(key);
        return engine.objects.has(key) || engine.unknown.has(key);
      },
      gatewayClass(name) {
        const key = objectKey('gateway.networking.k8s.io', 'GatewayClass', undefined, name);
        deps.add(key);
        return engine.objects.get(key)?.object as unknown as GatewayClass | undefined;
      },
      grantsIn(namespace) {
        deps.add(`grants:${namespace}`);
        const bucket = engine.grantsByNamespace.get(namespace);
        if (!bucket) return [];
        return [...bucket.entries()].map(([key, grant]) => ({
          key,
          grant: grant as ReferenceGrant,
        }));
      },
      namespaceLabels(namespace) {
        let key = namespaceKeys.get(namespace);
        if (key === undefined) {
          if (namespaceKeys.size >= 65_536) namespaceKeys.clear();
          namespaceKeys.set(namespace, (key = objectKey('', 'Namespace', undefined, namespace)));
        }
        deps.add(key);
        let labels = engine.labelsOfNamespace.get(namespace);
        if (labels === undefined) {
          const own = engine.objects.get(key)?.object.metadata.labels ?? {};
          labels = Object.freeze({ ...own, 'kubernetes.io/metadata.name': namespace });
          engine.labelsOfNamespace.set(namespace, labels);
        }
        return labels;
      },
      listenerSetsOf(gateway) {
        deps.add(`listenersets-of:${gateway}`);
        return [...(engine.setsByGateway.get(gateway)?.entries() ?? [])].map(([key, set]) => ({
          key,
          set: set as ListenerSet,
        }));
      },
      listenerSetResult(key) {
        results.add(intern(key));
        return engine.units.listenerset.get(key)?.result as ListenerSetAnalysis | undefined;
      },
      gatewayResult(key) {
        results.add(intern(key));
        return engine.units.gateway.get(key)?.result as GatewayAnalysis | undefined;
      },
      policiesFor(service) {
        // A policy change touches the Service's key itself (see indexEntries).
        deps.add(service);
        const bucket = engine.policiesByTarget.get(service);
        if (!bucket) return [];
        return [...bucket.entries()].map(([key, policy]) => ({
          key,
          policy: policy as BackendTLSPolicy,
        }));
      },
      tally(name) {
        tallies.add(intern(name));
        const counts = engine.tallies.get(name);
        return counts === undefined ? NO_ITEMS : new Set(counts.keys());
      },
    };
  }
}

const NO_ENTRIES: IndexEntry[] = [];
const NO_ITEMS: ReadonlySet<string> = new Set();

/** The object whose status shows a tally (attachedRoutes, attachedListenerSets), or null. */
function tallyOwner(tally: string): ObjectKey | null {
  if (tally.startsWith('attached:'))
    return tally.slice('attached:'.length, tally.lastIndexOf('#')) as ObjectKey;
  if (tally.startsWith('listenersets:')) return tally.slice('listenersets:'.length) as ObjectKey;
  return null;
}

function readsOf(reads: ReadonlySet<string>): readonly string[] {
  return reads.size === 0 ? NO_READS : [...reads];
}

function unknownFinding(unknown: UnknownObject): Finding {
  const what =
    unknown.why === 'unknown-kind'
      ? `kind ${unknown.object.kind} (${unknown.object.apiVersion}) is not one gatemap analyzes`
      : `version ${unknown.object.apiVersion} of ${unknown.object.kind} is not one gatemap reads`;
  return finding('unknown-kind', {
    subject: unknown.key,
    message: `${unknown.object.kind} ${unknown.object.metadata.namespace ? `${unknown.object.metadata.namespace}/` : ''}${unknown.object.metadata.name}: ${what}; it is kept and shown, but not analyzed.`,
  });
}
