/**
 * Incremental analysis in cases the property tests rarely reach: a Route that counts twice in
 * one tally, objects listed in the order they were added across unknown and known versions, and
 * hostname claims whose winner must not depend on the order Routes were analyzed in.
 */
import { gateway, gatewayClass, grpcRoute, httpRoute, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { TopologyEngine, TopologyView, type ObjectKey } from '../src/index.ts';
import { upsert } from '../src/test-support.ts';

function fresh(objects: unknown[]): TopologyEngine {
  const engine = new TopologyEngine();
  engine.apply(objects.map(upsert));
  return engine;
}

/** A Route of `make`'s kind claiming a.example.com, created in `year`. */
function claimant(
  make: typeof httpRoute,
  name: string,
  year: number,
  parentRefs?: Record<string, unknown>[],
): unknown {
  return make({
    name,
    hostnames: ['a.example.com'],
    creationTimestamp: `${year}-01-01T00:00:00Z`,
    ...(parentRefs ? { parentRefs } : {}),
  });
}

const accepted = (engine: TopologyEngine, key: string) =>
  engine
    .route(key as ObjectKey)
    ?.parents.map(
      (parent) => parent.conditions.find((condition) => condition.type === 'Accepted')?.status ?? 'none',
    );

describe('incremental analysis', () => {
  it('counts a Route once in a tally it names twice, so that nothing of it stays when it changes or goes', () => {
    const base = [gatewayClass(), gateway(), service()];
    const twice = claimant(grpcRoute, 'g', 2020, [
      { name: 'gateway' },
      { name: 'gateway', sectionName: 'http' },
    ]);
    const once = claimant(grpcRoute, 'g', 2020);
    const later = claimant(httpRoute, 'h', 2024);
    const engine = new TopologyEngine();
    const view = new TopologyView(engine);
    view.update(engine.apply([...base, twice].map(upsert)));
    view.update(engine.apply([upsert(once)]));
    view.update(engine.apply([{ type: 'delete', key: 'GRPCRoute/default/g' as ObjectKey }]));
    view.update(engine.apply([upsert(later)]));
    // The GRPCRoute is gone: its hostname claim went with it, and the HTTPRoute is accepted.
    expect(accepted(engine, 'HTTPRoute/default/h')).toEqual(['True']);
    const rebuilt = fresh([...base, later]);
    const rebuiltView = new TopologyView(rebuilt);
    expect(engine.footprint()).toEqual(rebuilt.footprint());
    expect(view.footprint()).toEqual(rebuiltView.footprint());
  });

  it('lists an object that replaces an unknown version of itself where it was added', () => {
    const unknownService = { ...service(), apiVersion: 'v9' };
    const engine = new TopologyEngine();
    engine.apply([upsert(unknownService)]);
    engine.apply([upsert(gatewayClass())]);
    engine.apply([upsert(service())]);
    expect([...engine.allObjects()].map((object) => object.key)).toEqual([
      'GatewayClass/example',
      'Service/default/backend',
    ]);
    expect([...engine.allUnknown()]).toEqual([]);
  });

  it('names the oldest Route of the other kind as the winner of a hostname, whatever order they came in', () => {
    const base = [gatewayClass(), gateway(), service()];
    const oldest = claimant(httpRoute, 'oldest', 2020);
    const older = claimant(httpRoute, 'older', 2021);
    const newest = claimant(grpcRoute, 'newest', 2024);
    const messages = [
      [...base, oldest, older, newest],
      [...base, older, oldest, newest],
      [...base, newest, older, oldest],
    ].map((objects) => {
      const engine = fresh(objects);
      expect(accepted(engine, 'GRPCRoute/default/newest')).toEqual(['False']);
      return engine
        .route('GRPCRoute/default/newest' as ObjectKey)
        ?.parents[0]?.conditions.find((condition) => condition.type === 'Accepted')?.message;
    });
    expect(messages[0]).toContain('HTTPRoute default/oldest (older)');
    expect(messages[0]).not.toContain('default/older');
    expect(new Set(messages).size).toBe(1);
  });
});
