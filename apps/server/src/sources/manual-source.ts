/**
 * A source fed by code: tests and benchmarks push objects through it exactly as a watch would.
 */
import {
  decodeObject,
  KINDS,
  type Change,
  type ClusterStatus,
  type ObjectKey,
  type PolicyKind,
} from '@gatemap/topology';
import type { Source } from './source.ts';

export interface ManualSource extends Source {
  /** Upserts raw objects (decoded here, as a watch would). */
  upsert(...objects: unknown[]): void;
  remove(...keys: ObjectKey[]): void;
  /** Replaces the policy kinds, as a live source does when it finds policy CRDs. */
  setPolicyKinds(kinds: readonly PolicyKind[]): void;
  /** Marks the first sync done (status `synced`). */
  markSynced(): void;
}

export function createManualSource(name: string): ManualSource {
  let emit: ((changes: Change[]) => void) | undefined;
  let report: ((status: ClusterStatus) => void) | undefined;
  let synced = false;
  const status = (): ClusterStatus => ({
    name,
    source: 'files',
    state: synced ? 'synced' : 'connecting',
    kinds: KINDS.map((info) => ({
      kind: info.kind,
      group: info.group,
      state: synced ? 'synced' : 'syncing',
      objects: 0,
    })),
  });
  return {
    name,
    start(onChanges, onStatus) {
      emit = onChanges;
      report = onStatus;
      onStatus(status());
    },
    status,
    async stop() {
      emit = undefined;
    },
    upsert(...objects) {
      const changes: Change[] = [];
      for (const raw of objects) {
        const decoded = decodeObject(raw);
        if (!decoded.ok)
          throw new Error(
            `invalid object: ${decoded.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
          );
        changes.push(
          'value' in decoded
            ? { type: 'upsert', object: decoded.value }
            : { type: 'upsert-unknown', object: decoded.unknown },
        );
      }
      emit?.(changes);
    },
    remove(...keys) {
      emit?.(keys.map((key) => ({ type: 'delete', key })));
    },
    setPolicyKinds(kinds) {
      emit?.([{ type: 'policy-kinds', kinds }]);
    },
    markSynced() {
      synced = true;
      report?.(status());
    },
  };
}
