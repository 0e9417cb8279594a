/**
 * The engine's input and output: the changes `TopologyEngine.apply` takes, and the set of keys
 * it reports changed.
 */
import type { ReadGuardedKind } from './analysis-context.ts';
import type { DecodedObject, UnknownObject } from './decode-object.ts';
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
