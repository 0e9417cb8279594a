/**
 * Where a cluster's objects come from: a live API server, a directory of manifests, or the
 * bundled examples. A source reports batches of changes and its sync status.
 */
import type { AnalyzerOptions, Change, ClusterStatus } from '@gatemap/topology';

export interface Source {
  readonly name: string;
  /** How this source's objects are analyzed (e.g. a live cluster's extension kinds are not watched). */
  readonly analyzerOptions?: AnalyzerOptions;
  start(onChanges: (changes: Change[]) => void, onStatus: (status: ClusterStatus) => void): void;
  status(): ClusterStatus;
  stop(): Promise<void>;
}
