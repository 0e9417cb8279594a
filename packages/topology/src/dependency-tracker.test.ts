import { describe, expect, it } from 'vitest';
import { DependencyTracker, type Contribution, type TrackedSlot, type Unit } from './dependency-tracker.ts';

/**
 * A spreadsheet in miniature: a cell holds a value or a formula over other cells. `sum` units add
 * the cells they name; `total` units read the results of `sum` units; a `count` cell counts in
 * the tally `sums` each sum that is positive, and the slot `owner` is told when that tally changes.
 */
type Kind = 'sum' | 'total';

interface Cell extends TrackedSlot {
  value: number | undefined;
  formula: readonly string[] | undefined;
  unit: Unit<Cell, Kind, number> | undefined;
}

function sheet(input: { announceResults?: boolean } = {}) {
  const runs: string[] = [];
  const ownerTold: string[] = [];
  /** Recording causes: the causes each unit last ran with, and those the owner was told with. */
  const caused = new Map<string, readonly string[]>();
  const ownerCauses: (readonly string[])[] = [];
  const tracker: DependencyTracker<Cell, Kind, number> = new DependencyTracker<Cell, Kind, number>({
    phases: ['sum', 'total'],
    makeSlot: (key) => ({
      key,
      readers: undefined,
      resultReaders: undefined,
      readMark: 0,
      resultMark: 0,
      alone: undefined,
      value: undefined,
      formula: undefined,
      unit: undefined,
    }),
    isHeld: (cell) => cell.value !== undefined || cell.unit !== undefined,
    tallyOwner: (name) => (name === 'sums' ? 'owner' : null),
    onOwnerTally: (owner) => {
      ownerTold.push(owner);
      ownerCauses.push(tracker.causes);
    },
  });
  const evaluate = (unit: Unit<Cell, Kind, number>) => {
    runs.push(unit.slot.key);
    caused.set(unit.slot.key, tracker.causes);
    const previous = unit.result;
    tracker.begin();
    let result = 0;
    const contributions: Contribution[] = [];
    for (const name of unit.slot.formula ?? []) {
      result +=
        unit.kind === 'sum'
          ? (tracker.readSlot(name).value ?? 0)
          : (tracker.readResult(name).unit?.result ?? 0);
    }
    if (unit.kind === 'total') result += tracker.readTally('sums').size * 1000;
    if (unit.kind === 'sum' && result > 0) contributions.push({ tally: 'sums', item: unit.slot.key });
    tracker.finish(unit, result, contributions);
    if (input.announceResults && previous !== result) tracker.resultChanged(unit.slot);
  };
  return {
    tracker,
    runs,
    ownerTold,
    caused,
    ownerCauses,
    setValue(key: string, value: number | undefined) {
      const cell = tracker.slotFor(key);
      cell.value = value;
      tracker.touch(cell);
      tracker.release(cell);
    },
    setFormula(key: string, kind: Kind, formula: readonly string[]) {
      const cell = tracker.slotFor(key);
      cell.formula = formula;
      tracker.queue((cell.unit ??= tracker.makeUnit(kind, cell)));
    },
    remove(key: string) {
      const cell = tracker.slots.get(key);
      if (cell?.unit === undefined) return;
      const unit = cell.unit;
      tracker.dropUnit(unit);
      cell.unit = undefined;
      tracker.resultChanged(cell);
      tracker.release(cell);
    },
    result: (key: string) => tracker.slots.get(key)?.unit?.result,
    run() {
      runs.length = 0;
      tracker.beginBatch();
      return tracker.run(evaluate);
    },
    /** One batch that records causes: each change made with its key named as its cause. */
    runCausedBy(changes: Record<string, () => void>) {
      tracker.beginBatch(true);
      for (const [cause, change] of Object.entries(changes)) {
        tracker.setCause(cause);
        change();
      }
      tracker.setCause(null);
      runs.length = 0;
      caused.clear();
      ownerTold.length = 0;
      ownerCauses.length = 0;
      return tracker.run(evaluate);
    },
  };
}

describe('DependencyTracker', () => {
  it('runs queued units phase by phase, a reader of results after what it reads', () => {
    const s = sheet();
    // Queued before the sums it reads, yet run after them: its phase comes later.
    s.setFormula('t', 'total', ['a', 'b']);
    s.setValue('x', 1);
    s.setFormula('a', 'sum', ['x']);
    s.setFormula('b', 'sum', ['x', 'y']);
    expect(s.run()).toBe(3);
    expect(s.runs).toEqual(['a', 'b', 't']);
    expect(s.result('t')).toBe(2 + 2000);
  });

  it('re-runs only the units that read what changed', () => {
    const s = sheet();
    s.setValue('x', 1);
    s.setValue('y', 2);
    s.setFormula('a', 'sum', ['x']);
    s.setFormula('b', 'sum', ['y']);
    s.run();
    s.setValue('y', 5);
    expect(s.run()).toBe(1);
    expect(s.runs).toEqual(['b']);
    expect(s.result('b')).toBe(5);
    expect(s.result('a')).toBe(1);
  });

  it('notices a slot that did not exist when it was read', () => {
    const s = sheet();
    s.setFormula('a', 'sum', ['missing']);
    s.run();
    expect(s.result('a')).toBe(0);
    s.setValue('missing', 7);
    s.run();
    expect(s.runs).toEqual(['a']);
    expect(s.result('a')).toBe(7);
  });

  it('forgets what a unit read before once it reads something else', () => {
    const s = sheet();
    s.setValue('x', 1);
    s.setValue('y', 2);
    s.setFormula('a', 'sum', ['x']);
    s.run();
    s.setFormula('a', 'sum', ['y']);
    s.run();
    s.setValue('x', 10);
    expect(s.run()).toBe(0);
    expect(s.result('a')).toBe(2);
  });

  it('re-runs the readers of a result when it is said to change, and not otherwise', () => {
    const s = sheet();
    s.setValue('x', 1);
    s.setFormula('a', 'sum', ['x']);
    s.setFormula('t', 'total', ['a']);
    s.run();
    s.setValue('x', 3);
    s.run();
    // The sum re-ran; its result's readers wait until the owner says the result changed.
    expect(s.runs).toEqual(['a']);
    s.tracker.resultChanged(s.tracker.slotFor('a'));
    s.run();
    expect(s.runs).toEqual(['t']);
    expect(s.result('t')).toBe(3 + 1000);
  });

  it('keeps tallies by contribution, re-runs their readers and tells their owner once per pass', () => {
    const s = sheet();
    s.setValue('x', 1);
    s.setFormula('t', 'total', []);
    s.setFormula('a', 'sum', ['x']);
    s.setFormula('b', 'sum', ['x']);
    s.run();
    expect(s.result('t')).toBe(2000);
    expect([...s.tracker.tallyItems('sums')]).toEqual(['a', 'b']);
    expect(s.ownerTold).toEqual(['owner']);
    // Both sums drop out of the tally in one pass: the total re-runs, the owner is told once.
    s.setValue('x', 0);
    s.ownerTold.length = 0;
    s.run();
    expect(s.runs).toEqual(['a', 'b', 't']);
    expect(s.result('t')).toBe(0);
    expect(s.tracker.tallySize('sums')).toBe(0);
    expect(s.ownerTold).toEqual(['owner']);
  });

  it('counts a unit once in a tally however many times it names the same item', () => {
    const s = sheet();
    const cell = s.tracker.slotFor('a');
    const unit = s.tracker.makeUnit('sum', cell);
    cell.unit = unit;
    s.tracker.begin();
    const twice = { tally: 'sums', item: 'a' };
    s.tracker.finish(unit, 1, [twice, twice]);
    expect(s.tracker.tallySize('sums')).toBe(1);
    s.tracker.begin();
    s.tracker.finish(unit, 0, []);
    expect(s.tracker.tallySize('sums')).toBe(0);
  });

  it('runs a dropped unit no more and forgets every slot, tally and unit once nothing holds them', () => {
    const s = sheet();
    s.setValue('x', 1);
    s.setFormula('a', 'sum', ['x', 'never-set']);
    s.setFormula('t', 'total', ['a']);
    s.run();
    expect(s.tracker.footprint()).toEqual({ slots: 4, tallies: 1, units: 2 });
    s.remove('a');
    s.run();
    expect(s.runs).toEqual(['t']);
    s.remove('t');
    s.setValue('x', undefined);
    s.run();
    expect(s.runs).toEqual([]);
    expect(s.tracker.footprint()).toEqual({ slots: 0, tallies: 0, units: 0 });
  });

  it('sweeps stale readers of a popular slot and still queues each live one once', () => {
    const s = sheet();
    s.setValue('x', 1);
    const names = Array.from({ length: 40 }, (_, index) => `s${index}`);
    for (const name of names) s.setFormula(name, 'sum', ['x']);
    s.run();
    s.setValue('y', 1);
    // Most of them stop reading x: the list of x's readers is swept as they go.
    for (const name of names.slice(0, 30)) s.setFormula(name, 'sum', ['y']);
    s.run();
    s.setValue('x', 2);
    s.run();
    expect(s.runs).toEqual(names.slice(30));
  });

  it('lists slots in the order they were made, a moved one last', () => {
    const s = sheet();
    for (const key of ['a', 'b', 'c']) s.setValue(key, 1);
    s.tracker.moveToEnd(s.tracker.slotFor('a'));
    expect([...s.tracker.slots.keys()]).toEqual(['b', 'c', 'a']);
  });

  it('throws when units never settle', () => {
    const s = sheet();
    s.setFormula('a', 'sum', []);
    const unit = s.tracker.slotFor('a').unit;
    expect(() =>
      s.tracker.run((each) => {
        if (unit) s.tracker.queue(unit);
        s.tracker.begin();
        s.tracker.finish(each, 0, []);
      }),
    ).toThrow(/did not settle/);
  });

  describe('recording causes', () => {
    it('gives a unit queued by a touched slot the cause of the touch', () => {
      const s = sheet();
      s.setValue('x', 1);
      s.setValue('y', 2);
      s.setFormula('a', 'sum', ['x']);
      s.setFormula('b', 'sum', ['y']);
      s.run();
      s.runCausedBy({ x: () => s.setValue('x', 5), other: () => s.setValue('unread', 1) });
      expect(s.runs).toEqual(['a']);
      expect(s.caused.get('a')).toEqual(['x']);
    });

    it('gathers the causes of every touch that queued a unit, sorted and each once', () => {
      const s = sheet();
      for (const key of ['w', 'x', 'y']) s.setValue(key, 1);
      s.setFormula('a', 'sum', ['w', 'x', 'y']);
      s.run();
      s.runCausedBy({
        y: () => s.setValue('y', 2),
        x: () => s.setValue('x', 2),
        w: () => {
          s.setValue('w', 2);
          s.setValue('y', 3);
        },
      });
      expect(s.runs).toEqual(['a']);
      expect(s.caused.get('a')).toEqual(['w', 'x', 'y']);
    });

    it('carries a running unit’s causes to the readers of its result', () => {
      const s = sheet({ announceResults: true });
      s.setValue('x', 1);
      s.setValue('y', 1);
      s.setFormula('a', 'sum', ['x']);
      s.setFormula('b', 'sum', ['y']);
      s.setFormula('t', 'total', ['a']);
      s.setFormula('u', 'total', ['b']);
      s.run();
      s.runCausedBy({ x: () => s.setValue('x', 2) });
      expect(s.runs).toEqual(['a', 't']);
      expect(s.caused.get('t')).toEqual(['x']);
    });

    it('carries a running unit’s causes to the readers and the owner of a tally it changes', () => {
      const s = sheet();
      s.setValue('x', 1);
      s.setFormula('t', 'total', []);
      s.setFormula('a', 'sum', ['x']);
      s.setFormula('b', 'sum', ['z']);
      s.run();
      // In one pass a leaves the tally and b joins it: the owner is told of each cause.
      s.runCausedBy({ x: () => s.setValue('x', 0), z: () => s.setValue('z', 1) });
      expect(s.runs).toEqual(['a', 'b', 't']);
      expect(s.caused.get('t')).toEqual(['x', 'z']);
      expect(s.ownerCauses).toEqual([['x'], ['z']]);
    });

    it('names no causes in a batch that does not record them', () => {
      const s = sheet();
      s.setValue('x', 1);
      s.setFormula('a', 'sum', ['x']);
      s.run();
      s.tracker.setCause('x');
      s.setValue('x', 2);
      s.run();
      expect(s.runs).toEqual(['a']);
      expect(s.caused.get('a')).toEqual([]);
    });
  });
});
