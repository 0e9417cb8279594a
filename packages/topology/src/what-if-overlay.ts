/**
 * What-if for the map: manifests overlaid on a cluster's objects, read as an apply would read
 * them (a document with `$patch: delete` deletes its object, see `splitDeletions`), with the
 * prediction of what-if.ts and the topology after the overlay, so that the map can draw it with
 * the added, replaced and removed objects marked. Nothing here touches a cluster.
 *
 * Documents that cannot be read or decoded cost only themselves: each is an issue naming its
 * file and line (ingest-manifests.ts), and the rest is still overlaid. Objects of kinds gatemap
 * keeps but does not analyze are not overlaid (they hold no verdicts).
 */
import type { AnalyzerOptions } from './analysis-context.ts';
import type { DecodedObject } from './decode-object.ts';
import { TopologyEngine } from './engine.ts';
import type { Finding } from './findings.ts';
import { ingestManifests, type ParsedManifests } from './ingest-manifests.ts';
import type { TopologyNode, TopologySnapshot } from './protocol.ts';
import { TopologyView } from './topology-view.ts';
import { predictOn, splitDeletions, type PredictedChange } from './what-if.ts';

export interface OverlayManifestsInput {
  /** The objects as they are (a cluster's current objects). */
  readonly base: readonly DecodedObject[];
  /** The manifests to overlay, as read by `@gatemap/manifests`. */
  readonly manifests: readonly ParsedManifests[];
  /** The namespace of namespaced objects that name none (kubectl's `-n`); `default`. */
  readonly defaultNamespace?: string;
  readonly options?: AnalyzerOptions;
}

/** The prediction, and the topology after the overlay (nodes, edges, findings). */
export interface OverlaidTopology extends PredictedChange, TopologySnapshot {
  /** The nodes of the objects the overlay removes, as they are in the base. */
  readonly removed: readonly TopologyNode[];
  /** What could not be read or decoded, each naming its file and line. */
  readonly issues: readonly Finding[];
}

/** O(base + overlay) to load and draw, plus the analysis the overlay causes. */
export function overlayManifests(input: OverlayManifestsInput): OverlaidTopology {
  const defaultNamespace = input.defaultNamespace ?? 'default';
  const split = splitDeletions(
    input.manifests.flatMap((manifests) => manifests.documents),
    defaultNamespace,
  );
  const ingested = ingestManifests(
    [{ documents: split.upserts, errors: input.manifests.flatMap((manifests) => manifests.errors) }],
    { defaultNamespace },
  );
  const upserts = ingested.changes.flatMap((change) => (change.type === 'upsert' ? [change.object] : []));
  const engine = new TopologyEngine(input.options);
  let removed: TopologyNode[] = [];
  const prediction = predictOn(
    engine,
    { base: input.base, overlay: { upserts, deletes: split.deletes } },
    () => {
      // The base as drawn, for the nodes the overlay removes; the view after the overlay retires it.
      const before = new TopologyView(engine);
      removed = split.deletes.flatMap((key) => before.node(key) ?? []);
    },
  );
  const after = new TopologyView(engine).snapshot();
  return { ...prediction, ...after, removed, issues: ingested.issues };
}
