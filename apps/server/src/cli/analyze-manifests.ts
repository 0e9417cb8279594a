/**
 * Offline analysis of manifest files: parse, ingest, analyze, and build the topology.
 */
import { parseManifests } from '@gatemap/manifests';
import {
  DEFAULT_INPUT_LIMITS,
  definesPolicyKind,
  discoverPolicyKinds,
  ingestManifests,
  policyKindsFromNames,
  TopologyEngine,
  TopologyView,
  type AnalyzerOptions,
  type Finding,
  type InputLimits,
  type ObjectKey,
  type SourceLocation,
} from '@gatemap/topology';
import type { InputFile } from './read-inputs.ts';

export interface ManifestAnalysis {
  readonly engine: TopologyEngine;
  readonly view: TopologyView;
  /** Object keys in input order. */
  readonly keys: readonly ObjectKey[];
  readonly sources: ReadonlyMap<ObjectKey, SourceLocation>;
  /** Problems with the input itself (bad YAML, malformed objects). */
  readonly inputFindings: readonly Finding[];
}

export interface AnalyzeManifestsOptions {
  readonly analyzer?: AnalyzerOptions;
  /** The namespace of namespaced objects that name none. */
  readonly defaultNamespace?: string;
  readonly limits?: InputLimits;
  /**
   * Policy kinds named as `Kind.group`, beside those discovered from the CustomResourceDefinitions
   * among the files (a kind both names and discovers is read as its CRD describes it).
   */
  readonly policyKinds?: readonly string[];
}

export function analyzeManifests(
  files: readonly InputFile[],
  options: AnalyzeManifestsOptions = {},
): ManifestAnalysis {
  const limits = options.limits ?? DEFAULT_INPUT_LIMITS;
  const parsed = files.map((file) =>
    parseManifests(file.text, file.name, { maxDocumentSize: limits.maxDocumentSize }),
  );
  const ingested = ingestManifests(parsed, {
    defaultNamespace: options.defaultNamespace ?? 'default',
    maxObjects: limits.maxObjects,
  });
  const engine = new TopologyEngine(options.analyzer ?? {});
  const crds = ingested.changes.flatMap((change) =>
    change.type === 'upsert-unknown' && change.object.object.kind === 'CustomResourceDefinition'
      ? [change.object.object]
      : [],
  );
  const discovered = discoverPolicyKinds(crds).kinds;
  const named = policyKindsFromNames(options.policyKinds ?? []).kinds.filter(
    (kind) => !discovered.some((found) => found.group === kind.group && found.kind === kind.kind),
  );
  // A policy kind's CRD is its definition, read by discovery above, not an object of the graph.
  const changes = ingested.changes.filter(
    (change) => change.type !== 'upsert-unknown' || !definesPolicyKind(change.object.object, discovered),
  );
  engine.apply([
    { type: 'policy-kinds', kinds: [...discovered, ...named] },
    ...changes,
    { type: 'input-issues', source: 'files', findings: ingested.issues },
  ]);
  const keys: ObjectKey[] = [];
  const seen = new Set<ObjectKey>();
  for (const change of changes) {
    if (change.type !== 'upsert' && change.type !== 'upsert-unknown') continue;
    if (seen.has(change.object.key)) continue;
    seen.add(change.object.key);
    keys.push(change.object.key);
  }
  return {
    engine,
    view: new TopologyView(engine),
    keys,
    sources: ingested.sources,
    inputFindings: ingested.issues,
  };
}
