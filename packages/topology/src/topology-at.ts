/**
 * The map as it was: a topology rebuilt from the objects as they were at one moment (the
 * versions the server kept of each), by a fresh engine and view, exactly as a live cluster's.
 * An object that no longer decodes (a kind gatemap has since stopped reading) is left out.
 *
 * Cost: the same as a first load of that many objects (`pnpm bench:analyze`).
 */
import type { AnalyzerOptions } from './analysis-context.ts';
import { decodeObject } from './decode-object.ts';
import { TopologyEngine, type Change } from './engine.ts';
import type { KubeObject } from './meta.ts';
import { TopologyView } from './topology-view.ts';

/** A fresh engine and view holding `objects`: the view's snapshot is the map at that moment. */
export function viewOfObjects(
  objects: Iterable<KubeObject>,
  options: AnalyzerOptions = {},
): { readonly engine: TopologyEngine; readonly view: TopologyView } {
  const changes: Change[] = [];
  for (const object of objects) {
    const decoded = decodeObject(object);
    if (!decoded.ok) continue;
    changes.push(
      'value' in decoded
        ? { type: 'upsert', object: decoded.value }
        : { type: 'upsert-unknown', object: decoded.unknown },
    );
  }
  const engine = new TopologyEngine(options);
  engine.apply(changes);
  return { engine, view: new TopologyView(engine) };
}
