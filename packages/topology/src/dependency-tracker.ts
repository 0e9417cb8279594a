/**
 * An incremental dependency tracker: units of work that read keyed targets, and re-run when what
 * they read changes. It knows nothing of what the keys name or what a unit computes.
 *
 * - A **slot** is everything kept under one key; its owner adds its own fields (see `TrackedSlot`).
 * - A **unit** belongs to a slot and has a kind; kinds run in the order of `phases`, and a unit
 *   queued again by a later phase runs in the next pass, until nothing is queued.
 * - While a unit runs it reads slots (`readSlot`), the results of other slots' units
 *   (`readResult`) and **tallies** (`readTally`): counts of items that units contribute. Each
 *   read is recorded once; afterwards (`finish`) the unit is filed among the readers of exactly
 *   what it read, and its contributions replace those it made before.
 * - `touch` queues the units that read a slot; `resultChanged` those that read its result; a
 *   tally that changes queues its readers, and tells its owner once per pass (`onOwnerTally`).
 * - A batch may record **causes** (`beginBatch(true)`): the owner names the root cause of each
 *   change it makes (`setCause`); whatever a touch queues gathers the causes current then; a
 *   running unit's causes are current while it runs, so what it touches, its result's readers
 *   and its tallies' readers and owners carry them on (`dependency-causes.ts`).
 *
 * Complexity: filing and withdrawing a reader is O(1) amortized (`dependency-readers.ts`); reads
 * are recorded as slots, so filing one costs no lookup. A slot that holds nothing (`isHeld`) and
 * is read by nothing is forgotten, as is a tally without items or readers.
 *
 * The loops every read and every unit passes through are indexed: much of a first load runs
 * before the optimizing compiler has compiled them, and there each for…of step allocates an
 * iterator result (a first load of 10k Routes allocates about 14 MB of them in the analysis's
 * other loops, by V8's sampling heap profiler; the loops here would add one per read and unit).
 */

import {
  addCauses,
  NO_CAUSES,
  settleCauses,
  type CauseSet,
  type PendingCauses,
} from './dependency-causes.ts';
import { addReader, Dep, queueReaders, removeReader, type Readers } from './dependency-readers.ts';

/** What the tracker keeps in a slot; its owner's slots extend it. */
export interface TrackedSlot {
  readonly key: string;
  /** Units that read the slot, and units that read the result of its unit. */
  readers: Readers;
  resultReaders: Readers;
  /** The evaluation that last recorded a read of it (each read is recorded once). */
  readMark: number;
  resultMark: number;
  /** `[this slot]`, shared by the units whose one result read is this slot. */
  alone: readonly this[] | undefined;
}

/** A tally: items counted in by units, each with how many units count it, and its readers. */
export interface TallySlot {
  readonly name: string;
  /** The key of the slot told when the tally changes, or null. */
  readonly owner: string | null;
  readonly counts: Map<string, number>;
  readers: Readers;
  readMark: number;
  /** The pass that last told its owner, and the causes current then. */
  ownerPass: number;
  ownerCauses: CauseSet;
  alone: readonly TallySlot[] | undefined;
}

/** One item a unit counts in a tally. */
export interface Contribution {
  readonly tally: string;
  readonly item: string;
}

/** A unit of work: what it last read, its result, and what it counts in. */
export interface Unit<Slot extends TrackedSlot, Kind extends string, Result> {
  readonly kind: Kind;
  readonly slot: Slot;
  objectReads: readonly Slot[];
  resultReads: readonly Slot[];
  tallyReads: readonly TallySlot[];
  result: Result | undefined;
  /** What the unit counts in, flat: tally, item, tally, item ... */
  contributions: readonly (TallySlot | string)[];
  /** Waiting in its phase's queue. */
  queued: boolean;
  /** Removed from the tracker; a stale reference in a queue is skipped. */
  dropped: boolean;
  /** The causes that queued it since it last ran (gathered only while a batch records causes). */
  causes: PendingCauses;
}

/** What the owner of a tracker tells it. */
export interface TrackerHooks<Slot extends TrackedSlot, Kind extends string> {
  /** The unit kinds in the order they run within a pass. */
  readonly phases: readonly Kind[];
  /** A new slot for a key: `key`, no readers, marks 0, and the owner's own fields. */
  makeSlot(key: string): Slot;
  /** Whether a slot holds something of its owner's (else it lives only while read). */
  isHeld(slot: Slot): boolean;
  /** The key of the slot that shows a tally, or null. */
  tallyOwner(name: string): string | null;
  /**
   * A tally owned by this slot changed: told once per pass, and, while a batch records causes,
   * again for each other set of current causes (`causes`).
   */
  onOwnerTally(owner: string): void;
}

const NONE: readonly never[] = Object.freeze([]);
const NO_ITEMS: ReadonlySet<string> = new Set();
/** Passes of the phases after which the units are taken not to settle. */
const MAX_PASSES = 1000;

export class DependencyTracker<Slot extends TrackedSlot, Kind extends string, Result> {
  /** Every slot by key, in the order they were made (see `moveToEnd`). */
  readonly slots = new Map<string, Slot>();
  private readonly tallies = new Map<string, TallySlot>();
  private readonly hooks: TrackerHooks<Slot, Kind>;
  /** Each kind's units in the order they were made; dropped ones are swept out now and then. */
  private readonly units = new Map<Kind, Unit<Slot, Kind, Result>[]>();
  private readonly droppedUnits = new Map<Kind, number>();
  private readonly queues = new Map<Kind, Unit<Slot, Kind, Result>[]>();
  /** Counters behind the marks: one per pass of the phases, one per evaluation. */
  private pass = 0;
  private evaluation = 0;
  /** Whether the current batch records causes, and the causes of what happens now. */
  private recording = false;
  private current: CauseSet = NO_CAUSES;
  /** Where reads are recorded during the current evaluation, by kind of read. */
  private readonly objectReads: Slot[] = [];
  private readonly resultReads: Slot[] = [];
  private readonly tallyReads: TallySlot[] = [];

  constructor(hooks: TrackerHooks<Slot, Kind>) {
    this.hooks = hooks;
    for (const kind of hooks.phases) {
      this.units.set(kind, []);
      this.droppedUnits.set(kind, 0);
      this.queues.set(kind, []);
    }
  }

  // ---- slots ---------------------------------------------------------------------------------

  /** The slot of a key, made at the end of the order when absent. */
  slotFor(key: string): Slot {
    return this.slots.get(key) ?? this.addSlot(key);
  }

  /** A new slot for a key that has none, at the end of the order. */
  addSlot(key: string): Slot {
    const slot = this.hooks.makeSlot(key);
    this.slots.set(key, slot);
    return slot;
  }

  /** Moves a slot to the end of the order. */
  moveToEnd(slot: Slot): void {
    this.slots.delete(slot.key);
    this.slots.set(slot.key, slot);
  }

  /** A slot that holds nothing and is read by nothing is forgotten. */
  release(slot: Slot): void {
    if (slot.readers === undefined && slot.resultReaders === undefined && !this.hooks.isHeld(slot))
      this.slots.delete(slot.key);
  }

  /** `release`, `releaseTally` and `queue` as functions, made once rather than for each use. */
  private readonly releaseSlot = (slot: Slot) => this.release(slot);
  private readonly releaseTallySlot = (tally: TallySlot) => this.releaseTally(tally);
  private readonly queueUnit = (unit: Unit<Slot, Kind, Result>) => this.queue(unit);

  // ---- units ---------------------------------------------------------------------------------

  makeUnit(kind: Kind, slot: Slot): Unit<Slot, Kind, Result> {
    const unit: Unit<Slot, Kind, Result> = {
      kind,
      slot,
      objectReads: NONE,
      resultReads: NONE,
      tallyReads: NONE,
      result: undefined,
      contributions: NONE,
      queued: false,
      dropped: false,
      causes: NO_CAUSES,
    };
    this.unitsOf(kind).push(unit);
    return unit;
  }

  /** Live units of a kind, in the order they were made. */
  *liveUnits(kind: Kind): IterableIterator<Unit<Slot, Kind, Result>> {
    for (const unit of this.unitsOf(kind)) if (!unit.dropped) yield unit;
  }

  /** Queues a unit, which gathers the current causes. */
  queue(unit: Unit<Slot, Kind, Result>): void {
    if (this.current.length > 0) unit.causes = addCauses(unit.causes, this.current);
    if (unit.queued) return;
    unit.queued = true;
    this.queueOf(unit.kind).push(unit);
  }

  /** Removes a unit: it reads and counts in nothing from now on, and is never run again. */
  dropUnit(unit: Unit<Slot, Kind, Result>): void {
    this.setReads(unit, NONE, NONE, NONE);
    this.setContributions(unit, NONE);
    unit.dropped = true;
    // Dropped units are swept from the kind's list once they are half of it.
    const list = this.unitsOf(unit.kind);
    const dropped = (this.droppedUnits.get(unit.kind) ?? 0) + 1;
    if (dropped > 64 && dropped * 2 > list.length) {
      this.units.set(
        unit.kind,
        list.filter((each) => !each.dropped),
      );
      this.droppedUnits.set(unit.kind, 0);
    } else this.droppedUnits.set(unit.kind, dropped);
  }

  /** Queues every unit that read a slot. */
  touch(slot: Slot): void {
    queueReaders(slot.readers, Dep.Slot, slot, this.queueUnit);
  }

  /** Queues every unit that read the slot of a key, if it has one. */
  touchKey(key: string): void {
    const slot = this.slots.get(key);
    if (slot !== undefined) queueReaders(slot.readers, Dep.Slot, slot, this.queueUnit);
  }

  /** Queues every unit that read the result of a slot's unit. */
  resultChanged(slot: Slot): void {
    queueReaders(slot.resultReaders, Dep.Result, slot, this.queueUnit);
  }

  /** Starts a batch of changes: tally owners may be told again; causes are recorded if asked. */
  beginBatch(recordCauses = false): void {
    this.pass++;
    this.recording = recordCauses;
    this.current = NO_CAUSES;
  }

  /**
   * Names the root cause of what the owner changes next, until named again (null: none). Does
   * nothing in a batch that records no causes.
   */
  setCause(cause: string | null): void {
    if (this.recording) this.current = cause === null ? NO_CAUSES : Object.freeze([cause]);
  }

  /** The causes of what happens now: the owner's named cause, or the running unit's causes. */
  get causes(): CauseSet {
    return this.current;
  }

  /**
   * Runs the queued units, phase by phase, until none is queued; `evaluate` runs one (between
   * `begin` and `finish`). Returns how many ran. Throws when the units never settle.
   */
  run(evaluate: (unit: Unit<Slot, Kind, Result>) => void): number {
    const phases = this.hooks.phases;
    let analyzed = 0;
    let guard = 0;
    while (phases.some((phase) => this.queueOf(phase).length > 0)) {
      if (++guard > MAX_PASSES) throw new Error('gatemap: analysis did not settle (dependency cycle)');
      this.pass++;
      for (const phase of phases) {
        const batch = this.queueOf(phase);
        if (batch.length === 0) continue;
        this.queues.set(phase, []);
        for (let index = 0; index < batch.length; index++) {
          const unit = batch[index]!;
          unit.queued = false;
          if (unit.dropped) continue;
          if (this.recording) {
            this.current = settleCauses(unit.causes);
            unit.causes = NO_CAUSES;
          }
          evaluate(unit);
          analyzed++;
        }
      }
    }
    this.current = NO_CAUSES;
    return analyzed;
  }

  /** Starts recording the reads of one evaluation. */
  begin(): void {
    this.evaluation++;
    this.objectReads.length = 0;
    this.resultReads.length = 0;
    this.tallyReads.length = 0;
  }

  /**
   * Ends an evaluation: the unit keeps its result, is filed among the readers of what it read,
   * and counts in what it contributes now (each tally and item once) instead of what it did.
   */
  finish(unit: Unit<Slot, Kind, Result>, result: Result, contributions: readonly Contribution[]): void {
    unit.result = result;
    this.setReads(
      unit,
      copyReads(this.objectReads),
      aloneOrCopy(this.resultReads),
      aloneOrCopy(this.tallyReads),
    );
    this.setContributions(unit, contributions);
  }

  // ---- reads ---------------------------------------------------------------------------------

  /** The slot of a key, recorded as read by the running unit. */
  readSlot(key: string): Slot {
    const reads = this.objectReads;
    // A key is often read twice in a row (a backend, then the policies that target it).
    for (let index = reads.length - 1; index >= 0 && index >= reads.length - 4; index--)
      if (reads[index]!.key === key) return reads[index]!;
    const slot = this.slotFor(key);
    if (slot.readMark !== this.evaluation) {
      slot.readMark = this.evaluation;
      reads.push(slot);
    }
    return slot;
  }

  /** The slot of a key, recorded as having its unit's result read by the running unit. */
  readResult(key: string): Slot {
    const slot = this.slotFor(key);
    if (slot.resultMark !== this.evaluation) {
      slot.resultMark = this.evaluation;
      this.resultReads.push(slot);
    }
    return slot;
  }

  /** The items of a tally, recorded as read by the running unit. */
  readTally(name: string): ReadonlySet<string> {
    const tally = this.tallyFor(name);
    if (tally.readMark !== this.evaluation) {
      tally.readMark = this.evaluation;
      this.tallyReads.push(tally);
    }
    return tally.counts.size === 0 ? NO_ITEMS : new Set(tally.counts.keys());
  }

  /** The items of a tally, without recording a read. */
  tallyItems(name: string): Iterable<string> {
    return this.tallies.get(name)?.counts.keys() ?? NONE;
  }

  /** How many items a tally has, without recording a read. */
  tallySize(name: string): number {
    return this.tallies.get(name)?.counts.size ?? 0;
  }

  /** Slots, tallies and live units: each falls back to zero once nothing is held or read. */
  footprint(): { readonly slots: number; readonly tallies: number; readonly units: number } {
    let units = 0;
    for (const kind of this.hooks.phases)
      units += this.unitsOf(kind).length - (this.droppedUnits.get(kind) ?? 0);
    return { slots: this.slots.size, tallies: this.tallies.size, units };
  }

  // ---- bookkeeping ---------------------------------------------------------------------------

  private unitsOf(kind: Kind): Unit<Slot, Kind, Result>[] {
    return this.units.get(kind) ?? unknownKind(kind);
  }

  private queueOf(kind: Kind): Unit<Slot, Kind, Result>[] {
    return this.queues.get(kind) ?? unknownKind(kind);
  }

  /**
   * Replaces what a unit read. Every new read is filed before any old one is withdrawn, so that a
   * slot read in another way (object, result) is never forgotten in between.
   */
  private setReads(
    unit: Unit<Slot, Kind, Result>,
    objects: readonly Slot[],
    results: readonly Slot[],
    tallies: readonly TallySlot[],
  ): void {
    const { objectReads, resultReads, tallyReads } = unit;
    addReader(unit, objects, objectReads, 'readers');
    addReader(unit, results, resultReads, 'resultReaders');
    addReader(unit, tallies, tallyReads, 'readers');
    unit.objectReads = objects;
    unit.resultReads = results;
    unit.tallyReads = tallies;
    removeReader(unit, objectReads, objects, Dep.Slot, this.releaseSlot);
    removeReader(unit, resultReads, results, Dep.Result, this.releaseSlot);
    removeReader(unit, tallyReads, tallies, Dep.Tally, this.releaseTallySlot);
  }

  private tallyFor(name: string): TallySlot {
    let tally = this.tallies.get(name);
    if (tally === undefined) {
      tally = {
        name,
        owner: this.hooks.tallyOwner(name),
        counts: new Map(),
        readers: undefined,
        readMark: 0,
        ownerPass: 0,
        ownerCauses: NO_CAUSES,
        alone: undefined,
      };
      this.tallies.set(name, tally);
    }
    return tally;
  }

  private releaseTally(tally: TallySlot): void {
    if (tally.counts.size === 0 && tally.readers === undefined) this.tallies.delete(tally.name);
  }

  private setContributions(unit: Unit<Slot, Kind, Result>, contributed: readonly Contribution[]): void {
    const previous = unit.contributions;
    // A unit counts once in a tally however many times it names the same item there.
    const next = distinctContributions(contributed);
    if (previous.length === 0 && next.length === 0) return;
    // Sets are built only to diff against a previous contribution; a first one just adds.
    let before: Set<string> | undefined;
    let after: Set<string> | undefined;
    if (previous.length > 0) {
      before = new Set();
      for (let index = 0; index < previous.length; index += 2)
        before.add(contributionId((previous[index] as TallySlot).name, previous[index + 1] as string));
      if (next.length > 0) after = new Set(next.map((entry) => contributionId(entry.tally, entry.item)));
    }
    for (let index = 0; index < previous.length; index += 2) {
      const tally = previous[index] as TallySlot;
      const item = previous[index + 1] as string;
      if (after?.has(contributionId(tally.name, item))) continue;
      const count = (tally.counts.get(item) ?? 0) - 1;
      if (count > 0) tally.counts.set(item, count);
      else tally.counts.delete(item);
      this.tallyChanged(tally);
      this.releaseTally(tally);
    }
    const flat: (TallySlot | string)[] =
      next.length === 0 ? [] : new Array<TallySlot | string>(next.length * 2);
    for (let index = 0; index < next.length; index++) {
      const { tally: name, item } = next[index]!;
      const tally = this.tallyFor(name);
      flat[2 * index] = tally;
      flat[2 * index + 1] = item;
      if (before?.has(contributionId(name, item))) continue;
      tally.counts.set(item, (tally.counts.get(item) ?? 0) + 1);
      this.tallyChanged(tally);
    }
    unit.contributions = next.length === 0 ? NONE : flat;
  }

  private tallyChanged(tally: TallySlot): void {
    queueReaders(tally.readers, Dep.Tally, tally, this.queueUnit);
    // The owner is told once per pass: it is meant to run after every unit that counts in it.
    // Recording causes, it is told of each other set of them too.
    if (tally.owner === null) return;
    const current = this.current;
    if (tally.ownerPass === this.pass && (current.length === 0 || tally.ownerCauses === current)) return;
    tally.ownerPass = this.pass;
    tally.ownerCauses = current;
    this.hooks.onOwnerTally(tally.owner);
  }
}

function unknownKind(kind: string): never {
  throw new Error(`gatemap: unit kind ${kind} is not one of the tracker's phases`);
}

/** The contributions without repeats, in their order; the list itself when it has none. */
function distinctContributions(contributions: readonly Contribution[]): readonly Contribution[] {
  if (contributions.length < 2) return contributions;
  const seen = new Set<string>();
  const distinct: Contribution[] = [];
  for (const entry of contributions) {
    const id = contributionId(entry.tally, entry.item);
    if (seen.has(id)) continue;
    seen.add(id);
    distinct.push(entry);
  }
  return distinct.length === contributions.length ? contributions : distinct;
}

function contributionId(tally: string, item: string): string {
  return `${tally}\u0000${item}`;
}

/** The reads of an evaluation, kept. */
function copyReads<Target>(reads: readonly Target[]): readonly Target[] {
  return reads.length === 0 ? NONE : reads.slice();
}

/** The same, where one read alone is common (a Gateway's result): its array is shared. */
function aloneOrCopy<Target extends { alone: readonly Target[] | undefined }>(
  reads: readonly Target[],
): readonly Target[] {
  const only = reads[0];
  if (reads.length !== 1 || only === undefined) return copyReads(reads);
  return (only.alone ??= Object.freeze([only]));
}
