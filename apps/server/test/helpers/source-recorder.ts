/**
 * Records what a source emits and keeps the resulting object set, as a consumer would.
 */
import type {
  Change,
  ClusterStatus,
  DecodedObject,
  Finding,
  KindStatus,
  ObjectKey,
  UnknownObject,
} from '@gatemap/topology';

export interface StatusSink {
  start(onChanges: (changes: Change[]) => void, onStatus: (status: ClusterStatus) => void): void;
}

export class SourceRecorder {
  /** The objects as the changes so far leave them. */
  readonly objects = new Map<ObjectKey, DecodedObject | UnknownObject>();
  /** Every onChanges call, with the time it arrived (performance.now()). */
  readonly batches: { readonly at: number; readonly changes: readonly Change[] }[] = [];
  readonly statuses: ClusterStatus[] = [];
  /** input-issues by source. */
  readonly issues = new Map<string, readonly Finding[]>();
  /** Deletes of keys that were not there: a consumer would see them as a bug. */
  readonly strayDeletes: ObjectKey[] = [];

  readonly onChanges = (changes: Change[]): void => {
    this.batches.push({ at: performance.now(), changes });
    for (const change of changes) {
      switch (change.type) {
        case 'upsert':
        case 'upsert-unknown':
          this.objects.set(change.object.key, change.object);
          break;
        case 'delete':
          if (!this.objects.delete(change.key)) this.strayDeletes.push(change.key);
          break;
        case 'input-issues':
          this.issues.set(change.source, change.findings);
          break;
      }
    }
  };

  readonly onStatus = (status: ClusterStatus): void => {
    this.statuses.push(status);
  };

  get status(): ClusterStatus | undefined {
    return this.statuses.at(-1);
  }

  kind(kind: string): KindStatus | undefined {
    return this.status?.kinds.find((entry) => entry.kind === kind);
  }

  /** Keys of one kind (and namespace), sorted. */
  keys(kind: string, namespace?: string): ObjectKey[] {
    const prefix = namespace === undefined ? `${kind}/` : `${kind}/${namespace}/`;
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
  }

  /** Every change that concerned `key`, in order. */
  changesOf(key: ObjectKey): Change[] {
    return this.batches.flatMap(({ changes }) =>
      changes.filter((change) =>
        change.type === 'delete'
          ? change.key === key
          : (change.type === 'upsert' || change.type === 'upsert-unknown') && change.object.key === key,
      ),
    );
  }
}

export function record(source: StatusSink): SourceRecorder {
  const recorder = new SourceRecorder();
  source.start(recorder.onChanges, recorder.onStatus);
  return recorder;
}
