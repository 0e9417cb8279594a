/**
 * The engine's input and output: the changes `TopologyEngine.apply` takes, and the set of keys
 * it reports changed, recorded during an apply by a `ChangeRecorder`.
 */
import type { ReadGuardedKind } from './analysis-context.ts';
import type { DecodedObject, UnknownObject } from './decode-object.ts';
import {
  addCauses,
  NO_CAUSES,
  settleCauses,
  type CauseSet,
  type PendingCauses,
} from './dependency-causes.ts';
import type { EngineSlot } from './engine-slot.ts';
import type { Finding } from './findings.ts';
import type { ObjectKey } from './object-key.ts';
import type { PolicyKind } from './policy-discovery.ts';

/** One change to the engine's input. */
export type Change =
  | { readonly type: 'upsert'; readonly object: DecodedObject }
  | { readonly type: 'upsert-unknown'; readonly object: UnknownObject }
  | { readonly type: 'delete'; readonly key: ObjectKey }
  /** Replaces the input problems (bad YAML, malformed objects) recorded under `source`. */
  | { readonly type: 'input-issues'; readonly source: string; readonly findings: readonly Finding[] }
  /**
   * Where the source may read objects of a kind whose reads RBAC may deny (Secrets, ConfigMaps):
   * `all`, or only these namespaces. Until told otherwise, every namespace is readable; a
   * reference into one that is not is "not checked" rather than missing.
   */
  | {
      readonly type: 'readable';
      readonly kind: ReadGuardedKind;
      readonly namespaces: 'all' | readonly string[];
    }
  /**
   * Replaces the policy kinds (discovered from CRDs, or named): objects of these kinds that
   * gatemap does not read itself are analyzed as policies (see `engine-policies.ts`).
   */
  | { readonly type: 'policy-kinds'; readonly kinds: readonly PolicyKind[] };

/** What an `apply` changed: every object whose node, edges, status or findings may differ. */
export interface ChangeSet {
  readonly changed: ReadonlySet<ObjectKey>;
  readonly removed: ReadonlySet<ObjectKey>;
  readonly inputIssuesChanged: boolean;
  /** Units analyzed by this apply (for benchmarks and metrics). */
  readonly analyzed: number;
  /**
   * Why each key of `changed` changed: the keys of this apply's upserts and deletes that led to
   * it, sorted and each once. An object's own upsert names itself; a change also names the
   * objects whose analysis read it (a Namespace's labels, a Gateway's listeners, the
   * ReferenceGrants of a namespace), those that read their results in turn, and the Gateways and
   * ListenerSets whose attachedRoutes it changed. `readable` and `input-issues` changes are named
   * by nothing: a key re-analyzed only for them has an empty list. So has every key of an apply
   * into an empty engine (a first load: all of it is new, and naming causes would only cost).
   */
  readonly causes: ReadonlyMap<ObjectKey, readonly ObjectKey[]>;
}

/**
 * What an apply changed, recorded as it goes: each key once, with the causes the tracker names
 * for it, and the keys whose objects went. `finish` hands them over as the apply's ChangeSet and
 * starts afresh.
 */
export class ChangeRecorder {
  /** Keys changed by the current apply, each once (see EngineSlot.changedMark). */
  private changed: ObjectKey[] = [];
  /** The causes of the keys changed by the current apply, when it records them. */
  private causes = new Map<ObjectKey, PendingCauses>();
  private readonly removed = new Set<ObjectKey>();
  private inputIssuesChanged = false;
  /** Counted up by each apply (see EngineSlot.changedMark). */
  private applyId = 0;

  /** Starts recording an apply. */
  begin(): void {
    this.applyId++;
  }

  /** Records that a slot changed, for `causes` (the tracker's current ones). */
  mark(slot: EngineSlot, causes: CauseSet): void {
    if (causes.length > 0) {
      const key = slot.key as ObjectKey;
      this.causes.set(key, addCauses(this.causes.get(key) ?? NO_CAUSES, causes));
    }
    if (slot.changedMark === this.applyId) return;
    slot.changedMark = this.applyId;
    this.changed.push(slot.key as ObjectKey);
  }

  /** Records that a key lost its object or unknown object (reported if it has neither at the end). */
  remove(key: ObjectKey): void {
    this.removed.add(key);
  }

  markInputIssues(): void {
    this.inputIssuesChanged = true;
  }

  /** The apply's ChangeSet; `isGone` says whether a removed key holds nothing at the end. */
  finish({
    analyzed,
    isGone,
  }: {
    readonly analyzed: number;
    readonly isGone: (key: ObjectKey) => boolean;
  }): ChangeSet {
    // The changed keys are handed over, not copied; the Set is made only if it is asked for
    // (a first load changes every object, and building the graph does not ask).
    const changedKeys = this.changed;
    const pendingCauses = this.causes.size > 0 ? this.causes : undefined;
    if (pendingCauses) this.causes = new Map();
    let changed: ReadonlySet<ObjectKey> | undefined;
    let causes: ReadonlyMap<ObjectKey, readonly ObjectKey[]> | undefined;
    const removed = new Set<ObjectKey>();
    for (const key of this.removed) if (isGone(key)) removed.add(key);
    const result: ChangeSet = {
      get changed() {
        return (changed ??= new Set(changedKeys));
      },
      removed,
      inputIssuesChanged: this.inputIssuesChanged,
      analyzed,
      get causes() {
        return (causes ??= new Map(
          changedKeys.map((key) => [
            key,
            settleCauses(pendingCauses?.get(key) ?? NO_CAUSES) as readonly ObjectKey[],
          ]),
        ));
      },
    };
    this.changed = [];
    this.removed.clear();
    this.inputIssuesChanged = false;
    return result;
  }
}
