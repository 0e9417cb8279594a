/**
 * History as a share link may see it (see share-scope.ts for what a link sees). An entry about an
 * object the link may not see is left out whole; a cause naming such an object keeps only its
 * `seq` (`{ seq, hidden: true }`: "a change outside this view"); every other value (a verdict's
 * message and mentions, an object's changed fields) passes the link's `names`, as everything
 * else sent to it does.
 *
 * What a link may see of history: objects it is shown in full (visible, not only as a reference
 * a Route wrote), and objects in its namespaces that it may name, which keeps the history of an
 * object of its own after the object was deleted. Never Secrets, ConfigMaps or Namespaces
 * (whose labels and data are not the link's to read). As on the map, the labels and annotations
 * of a related object outside the link's scope (another team's Gateway) are not shown: changes
 * to them are left out of its entries' fields.
 *
 * Cost: O(size of the entries).
 */
import type { HistoryCause, HistoryEntry, HistoryObjectEntry } from './history.ts';
import { parseObjectKey, type ObjectKey } from './object-key.ts';
import type { ShareNames } from './share-names.ts';

const NEVER_SHOWN: ReadonlySet<string> = new Set(['Secret', 'ConfigMap', 'Namespace']);

/** The parts of a scoped view (`scopeView`'s result) that decide what history a link sees. */
export interface HistoryScope {
  readonly visible: ReadonlySet<string>;
  readonly inScope: ReadonlySet<string>;
  readonly referenceOnly: ReadonlySet<string>;
  readonly names: ShareNames;
}

/** Whether a share link may see the history of the object under `key`. */
export function canSeeHistoryOf(scope: HistoryScope, key: ObjectKey): boolean {
  if (NEVER_SHOWN.has(parseObjectKey(key).kind) || scope.referenceOnly.has(key)) return false;
  return scope.visible.has(key) || scope.names.canNameKey(key);
}

/** The entries a share link may see, each scoped (see the module's doc); order is kept. */
export function scopeHistory(entries: readonly HistoryEntry[], scope: HistoryScope): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const entry of entries) {
    if (!canSeeHistoryOf(scope, entry.key)) continue;
    if (entry.type === 'object') {
      out.push(scope.names.scope(isOwn(scope, entry.key) ? entry : withoutMetadata(entry)));
      continue;
    }
    const causes = entry.causes.map((cause): HistoryCause =>
      'key' in cause && canSeeHistoryOf(scope, cause.key) ? cause : { seq: cause.seq, hidden: true },
    );
    out.push({ ...scope.names.scope({ ...entry, causes: [] }), causes });
  }
  return out;
}

/** In the link's scope, or one of its own that is gone (which the view no longer shows). */
function isOwn(scope: HistoryScope, key: ObjectKey): boolean {
  return scope.inScope.has(key) || (!scope.visible.has(key) && scope.names.canNameKey(key));
}

const METADATA = /^metadata\.(?:labels|annotations)(?:$|[.[])/;

function withoutMetadata(entry: HistoryObjectEntry): HistoryObjectEntry {
  const fields = entry.fields.filter((field) => !METADATA.test(field.path));
  return fields.length === entry.fields.length ? entry : { ...entry, fields };
}
