/**
 * How the engine learns policy kinds at runtime and keeps policies of those kinds. Kinds arrive by
 * a `policy-kinds` change (discovered from CRDs or named), which replaces the set: objects of a
 * kind gatemap does not read are kept as unknown objects, and those of a policy kind are read as
 * generic policies (`generic-policy.ts`), filed by target and analyzed by a `generic` unit
 * (`policy-attachment.ts`). A kind added later turns its unknown objects into policies; a kind
 * dropped turns them back. Kinds gatemap reads itself (BackendTLSPolicy) keep their own analysis:
 * their objects are never unknown.
 */
import type { AnalysisContext } from './analysis-context.ts';
import { comparePolicyStatus } from './compare-policy-status.ts';
import type { DependencyTracker } from './dependency-tracker.ts';
import type { EngineSlot, UnitKind, UnitResult } from './engine-slot.ts';
import { policyKindId, readGenericPolicy, type GenericPolicy } from './generic-policy.ts';
import type { ObjectIndexes } from './object-indexes.ts';
import { analyzeGenericPolicy, type GenericPolicyAnalysis } from './policy-attachment.ts';
import type { PolicyKind } from './policy-discovery.ts';

/** A `generic` unit's result: the attachment, with the comparison of the reported status. */
export function analyzePolicyUnit(ctx: AnalysisContext, policy: GenericPolicy): GenericPolicyAnalysis {
  const analysis = analyzeGenericPolicy(ctx, policy);
  const compared = comparePolicyStatus(policy, analysis);
  return compared.length === 0 ? analysis : { ...analysis, findings: [...analysis.findings, ...compared] };
}

export class EnginePolicies {
  /** The policy kinds by `group/Kind`; replaced whole by `setKinds`. */
  private kinds: ReadonlyMap<string, PolicyKind> = new Map();
  private readonly tracker: DependencyTracker<EngineSlot, UnitKind, UnitResult>;
  private readonly indexes: ObjectIndexes;

  constructor({
    tracker,
    indexes,
  }: {
    readonly tracker: DependencyTracker<EngineSlot, UnitKind, UnitResult>;
    readonly indexes: ObjectIndexes;
  }) {
    this.tracker = tracker;
    this.indexes = indexes;
  }

  /** The policy kinds the engine reads, sorted by group then kind. */
  list(): readonly PolicyKind[] {
    return [...this.kinds.values()];
  }

  /**
   * Replaces the policy kinds; returns the slots whose object became, or stopped being, a
   * policy, or changed kind descriptor (each has been re-read: see `sync`).
   */
  setKinds(kinds: readonly PolicyKind[]): readonly EngineSlot[] {
    const next = new Map<string, PolicyKind>();
    for (const kind of [...kinds].sort((a, b) => (policyKindId(a) < policyKindId(b) ? -1 : 1)))
      next.set(policyKindId(kind), kind);
    const before = this.kinds;
    this.kinds = next;
    const affected: EngineSlot[] = [];
    for (const slot of this.tracker.slots.values()) {
      const unknown = slot.unknown;
      if (unknown === undefined) continue;
      const id = `${unknown.group}/${unknown.object.kind}`;
      if (before.get(id) === next.get(id)) continue;
      this.sync(slot);
      affected.push(slot);
    }
    return affected;
  }

  /**
   * Reads a slot's unknown object as a policy when its kind is one, files it, and queues its
   * unit; drops the policy and its unit when it no longer is one.
   */
  sync(slot: EngineSlot): void {
    const unknown = slot.unknown;
    const kind =
      unknown?.why === 'unknown-kind' ? this.kinds.get(`${unknown.group}/${unknown.object.kind}`) : undefined;
    if (slot.policy !== undefined) this.indexes.removePolicy(slot.policy);
    slot.policy = unknown && kind ? readGenericPolicy({ object: unknown.object, kind }) : undefined;
    if (slot.policy !== undefined) {
      this.indexes.addPolicy(slot.policy);
      this.tracker.queue((slot.unit ??= this.tracker.makeUnit('generic', slot)));
    } else if (slot.unit?.kind === 'generic') {
      this.tracker.dropUnit(slot.unit);
      slot.unit = undefined;
    }
  }
}
