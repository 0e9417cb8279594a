/**
 * Who reads a target of the dependency tracker: nobody, one unit, or a list of units. A list is
 * appended to as units start reading the target; a unit that stops is only counted stale, and the
 * list is swept once stale entries could be half of it. Filing and withdrawing a reader are
 * O(1) amortized, and filing costs no hashing.
 */

/** What the reader lists see of a unit: whether it is gone, and what it read last. */
export interface Reader {
  readonly dropped: boolean;
  readonly objectReads: readonly object[];
  readonly resultReads: readonly object[];
  readonly tallyReads: readonly object[];
}

/** One reader alone, or a list once there are several. */
export type Readers = Reader | ReaderList | undefined;

/**
 * The readers of a target read by several units: units are appended as they start reading it,
 * which costs no hashing. A unit that stops reading it is only counted as stale; the list is
 * swept once stale entries could be half of it, so that appending and withdrawing stay O(1)
 * amortized.
 */
class ReaderList {
  units: Reader[];
  stale = 0;
  constructor(first: Reader, second: Reader) {
    this.units = [first, second];
  }
}

/** The ways a unit reads a target: its slot, its unit's result, a tally. */
export const Dep = { Slot: 0, Result: 1, Tally: 2 } as const;
export type Dep = (typeof Dep)[keyof typeof Dep];

/** Calls `queue` with each unit that reads `target` now (in the way `kind` says). */
export function queueReaders<Unit extends Reader>(
  readers: Readers,
  kind: Dep,
  target: object,
  queue: (unit: Unit) => void,
): void {
  if (readers === undefined) return;
  // Every unit filed among a target's readers is one of its tracker's.
  if (!(readers instanceof ReaderList)) {
    queue(readers as Unit);
    return;
  }
  const units = readers.units;
  const all = readers.stale === 0;
  for (let index = 0; index < units.length; index++) {
    const unit = units[index]! as Unit;
    if (all || stillReads(unit, kind, target)) queue(unit);
  }
}

type ReaderField = 'readers' | 'resultReaders';
type ReaderHolder = Partial<Record<ReaderField, Readers>>;

/** Whether a unit reads a target now, in the way `kind` says. */
function stillReads(unit: Reader, kind: Dep, target: object): boolean {
  if (unit.dropped) return false;
  const reads: readonly object[] =
    kind === Dep.Slot ? unit.objectReads : kind === Dep.Result ? unit.resultReads : unit.tallyReads;
  return reads.includes(target);
}

/** A membership test for a unit's reads: the list itself when short, a Set when long. */
function membership<Target>(targets: readonly Target[]): { has(target: Target): boolean } {
  return targets.length > 16 ? new Set(targets) : { has: (target) => targets.includes(target) };
}

/**
 * Files a unit among the readers of each target it now reads and did not read before (it is
 * filed with those already). O(after), or O(after × before) for short lists.
 */
export function addReader<Target extends ReaderHolder>(
  unit: Reader,
  after: readonly Target[],
  before: readonly Target[],
  field: ReaderField,
): void {
  if (after === before) return;
  const filed = before.length === 0 ? undefined : membership(before);
  for (let index = 0; index < after.length; index++) {
    const target = after[index]!;
    if (filed?.has(target)) continue;
    const readers = target[field];
    if (readers === undefined) target[field] = unit;
    else if (readers instanceof ReaderList) readers.units.push(unit);
    else if (readers !== unit) target[field] = new ReaderList(readers, unit);
  }
}

/**
 * Withdraws a unit from the readers of the targets it no longer reads: at once when it was the
 * only one, else by counting it stale and sweeping the list when stale entries could be half of
 * it. A target read by nothing is released. O(before + after) amortized.
 */
export function removeReader<Target extends ReaderHolder>(
  unit: Reader,
  before: readonly Target[],
  after: readonly Target[],
  kind: Dep,
  release: (target: Target) => void,
): void {
  if (before.length === 0 || before === after) return;
  const field: ReaderField = kind === Dep.Result ? 'resultReaders' : 'readers';
  const kept = after.length === 0 ? undefined : membership(after);
  for (let index = 0; index < before.length; index++) {
    const target = before[index]!;
    if (kept?.has(target)) continue;
    const holder: ReaderHolder = target;
    const readers = holder[field];
    if (readers === unit) holder[field] = undefined;
    else if (readers instanceof ReaderList && ++readers.stale * 2 >= readers.units.length) {
      // Sweep: keep each unit that still reads the target, once.
      const live: Reader[] = [];
      const seen = new Set<Reader>();
      for (const reader of readers.units)
        if (!seen.has(reader) && stillReads(reader, kind, target)) {
          seen.add(reader);
          live.push(reader);
        }
      if (live.length === 0) holder[field] = undefined;
      else if (live.length === 1) holder[field] = live[0];
      else {
        readers.units = live;
        readers.stale = 0;
      }
    }
    if (holder[field] === undefined) release(target);
  }
}
