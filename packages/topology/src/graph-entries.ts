/**
 * The entries one graph keeps by key, held in the engine's own slots: one lookup finds a key's
 * object, its analysis and the graph's entry, and the graph needs no map of its own (an estate
 * of 50,000 Routes has about 144,000 keys). One graph is attached at a time.
 */
import type { DecodedObject } from './decode-object.ts';
import type { DependencyTracker } from './dependency-tracker.ts';
import { findingsOf, type EngineSlot, type UnitKind, type UnitResult } from './engine-slot.ts';
import type { Finding } from './findings.ts';

/** A graph's entries by key (see `TopologyEngine.attachGraph`). Keys are visited in the engine's order. */
export interface GraphEntries<Entry extends object> {
  get(key: string): Entry | undefined;
  /** Sets a key's entry; the key's slot is made if it has none, and lives while it holds one. */
  set(key: string, entry: Entry): void;
  /** Removes a key's entry; a slot left holding nothing is forgotten. */
  delete(key: string): void;
  /** Every entry with its key, in the engine's order of keys. */
  forEach(visit: (entry: Entry, key: string) => void): void;
  /**
   * Visits every object in order with its analysis result and its findings (as `findingsFor`
   * gives them), and keeps the entry the visit returns under the object's key: how a graph of
   * every object is built, without a lookup per object.
   */
  forEachObject(
    visit: (object: DecodedObject, result: UnitResult | undefined, findings: readonly Finding[]) => Entry,
  ): void;
  /** Keys that hold an entry. */
  readonly size: number;
  /** Throws once a newer graph is attached to the engine (as every other member does). */
  assertAttached(): void;
}

/** Attaches graphs to one engine's slots, one at a time. */
export class GraphAttachments {
  private readonly tracker: DependencyTracker<EngineSlot, UnitKind, UnitResult>;
  /** The attached graph (counted up by each `attach`), and how many slots hold its entries. */
  private id = 0;
  private entries = 0;

  constructor(tracker: DependencyTracker<EngineSlot, UnitKind, UnitResult>) {
    this.tracker = tracker;
  }

  /**
   * Attaching another graph removes every entry of the one before, and that one's `GraphEntries`
   * throws from then on. O(slots) when one was attached, else O(1).
   */
  attach<Entry extends object>(): GraphEntries<Entry> {
    const id = ++this.id;
    const tracker = this.tracker;
    const slots = tracker.slots;
    if (this.entries > 0)
      for (const slot of slots.values())
        if (slot.graph !== undefined) {
          slot.graph = undefined;
          tracker.release(slot);
        }
    this.entries = 0;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the entries count in their attachment
    const attachments = this;
    const attached = () => {
      if (attachments.id !== id) throw new Error('gatemap: a newer graph was attached to this engine');
    };
    // Only entries of this attachment are in the slots while it is attached (see above), so
    // each one read back is an Entry.
    const entryOf = (slot: EngineSlot | undefined) => slot?.graph as Entry | undefined;
    return {
      get(key) {
        attached();
        return entryOf(slots.get(key));
      },
      set(key, entry) {
        attached();
        const slot = tracker.slotFor(key);
        if (slot.graph === undefined) attachments.entries++;
        slot.graph = entry;
      },
      delete(key) {
        attached();
        const slot = slots.get(key);
        if (slot?.graph === undefined) return;
        slot.graph = undefined;
        attachments.entries--;
        tracker.release(slot);
      },
      forEach(visit) {
        attached();
        for (const slot of slots.values()) {
          const entry = entryOf(slot);
          if (entry !== undefined) visit(entry, slot.key);
        }
      },
      forEachObject(visit) {
        attached();
        for (const slot of slots.values()) {
          if (slot.object === undefined) continue;
          const entry = visit(slot.object, slot.unit?.result, findingsOf(slot));
          if (slot.graph === undefined) attachments.entries++;
          slot.graph = entry;
        }
      },
      get size() {
        attached();
        return attachments.entries;
      },
      assertAttached: attached,
    };
  }
}
