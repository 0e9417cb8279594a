/**
 * Offline analysis of manifest files: parse, ingest, analyze, and build the topology.
 */
import {
  ingestManifests,
  parseManifests,
  TopologyEngine,
  TopologyView,
  type AnalyzerOptions,
  type Finding,
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

export function analyzeManifests(
  files: readonly InputFile[],
  options: AnalyzerOptions = {},
  defaultNamespace = 'default',
): ManifestAnalysis {
  const parsed = files.map((file) => parseManifests(file.text, file.name));
  const ingested = ingestManifests(parsed, defaultNamespace);
  const engine = new TopologyEngine(options);
  engine.apply([...ingested.changes, { type: 'input-issues', source: 'files', findings: ingested.issues }]);
  const keys: ObjectKey[] = [];
  const seen = new Set<ObjectKey>();
  for (const change of ingested.changes) {
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
