/**
 * Where a cluster's objects come from: a live API server, a directory of manifests, or the
 * bundled examples. A source reports batches of changes and its sync status.
 */
import type { Change, ClusterStatus } from '@gatemap/topology';

export interface Source {
  readonly name: string;
  start(onChanges: (changes: Change[]) => void, onStatus: (status: ClusterStatus) => void): void;
  status(): ClusterStatus;
  stop(): Promise<void>;
}
