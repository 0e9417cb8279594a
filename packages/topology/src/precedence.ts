/**
 * Precedence among objects of equal standing: the oldest creationTimestamp first, then
 * namespace/name alphabetically.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#allowedroutes (conflict resolution)
 */
import type { ObjectMeta } from './meta.ts';

export function compareByAge(a: ObjectMeta, b: ObjectMeta): number {
  const aTime = a.creationTimestamp ?? '';
  const bTime = b.creationTimestamp ?? '';
  if (aTime !== bTime) {
    if (aTime === '') return 1;
    if (bTime === '') return -1;
    return Date.parse(aTime) - Date.parse(bTime) || (aTime < bTime ? -1 : 1);
  }
  const aName = `${a.namespace ?? ''}/${a.name}`;
  const bName = `${b.namespace ?? ''}/${b.name}`;
  return aName < bName ? -1 : aName > bName ? 1 : 0;
}
