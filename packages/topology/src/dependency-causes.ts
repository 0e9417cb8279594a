/**
 * Causes in the dependency tracker: the root changes of a batch (keys its owner names) that led
 * to a unit being queued or a slot being touched.
 *
 * A settled set of causes (`CauseSet`) is a frozen, sorted array without repeats, shared by
 * whatever it passes to: a root cause is one array for the batch, a unit queued by one touch
 * takes that touch's array as it is. Causes that meet (a unit queued by several touches) are
 * gathered in a Set of their own (`PendingCauses`), sorted once when they are settled, so that a
 * unit queued by n different causes costs O(n log n) rather than O(n²).
 */

/** Root causes, sorted and without repeats; never changed once made. */
export type CauseSet = readonly string[];

/** Causes being gathered: a settled set, or a Set owned by one gatherer. */
export type PendingCauses = CauseSet | Set<string>;

export const NO_CAUSES: CauseSet = Object.freeze([]);

/** The causes gathered so far with `causes` added; a Set passed in is added to, not copied. */
export function addCauses(pending: PendingCauses, causes: CauseSet): PendingCauses {
  if (causes.length === 0 || pending === causes) return pending;
  if (pending instanceof Set) {
    for (let index = 0; index < causes.length; index++) pending.add(causes[index]!);
    return pending;
  }
  if (pending.length === 0 || includesAll(causes, pending)) return causes;
  if (includesAll(pending, causes)) return pending;
  const gathered = new Set(pending);
  for (let index = 0; index < causes.length; index++) gathered.add(causes[index]!);
  return gathered;
}

/** The causes gathered, as a settled set. */
export function settleCauses(pending: PendingCauses): CauseSet {
  if (!(pending instanceof Set)) return pending;
  return Object.freeze([...pending].sort());
}

/** Whether the sorted `outer` holds every entry of the sorted `inner`. O(outer + inner). */
function includesAll(outer: CauseSet, inner: CauseSet): boolean {
  if (inner.length > outer.length) return false;
  let at = 0;
  for (let index = 0; index < inner.length; index++) {
    const wanted = inner[index]!;
    while (at < outer.length && outer[at]! < wanted) at++;
    if (at === outer.length || outer[at] !== wanted) return false;
    at++;
  }
  return true;
}
