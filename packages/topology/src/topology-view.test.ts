/**
 * The graph kept in the engine's slots: the snapshot listed while building holds what the slots
 * hold, keys only the graph refers to live in the engine as long as the graph needs them, a
 * delta holds exactly what reads differently, and one graph is attached to an engine at a time.
 */
import { gateway, gatewayClass, httpRoute, namespace, secret, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { TopologyEngine, TopologyView, type ObjectKey, type TopologySnapshot } from './index.ts';
import { upsert } from './test-support.ts';

function ids(snapshot: TopologySnapshot): { nodes: string[]; edges: string[] } {
  return {
    nodes: snapshot.nodes.map((node) => node.id).sort(),
    edges: snapshot.edges.map((edge) => edge.id).sort(),
  };
}

/**
 * Every kind of node a build makes: objects, an unknown object, a Secret shown because a listener
 * refers to it and one hidden because nothing does (as is a Namespace), a ghost Service, and a
 * Service in another namespace that no grant lets the Route use (the engine never reads it, the
 * graph points at it).
 */
const ESTATE = [
  gatewayClass(),
  gateway({
    listeners: [{}, { name: 'https', protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'tls' }] } }],
  }),
  secret(),
  secret({ name: 'unused' }),
  namespace({ name: 'other' }),
  service(),
  service({ name: 'remote', namespace: 'other' }),
  httpRoute({ backends: ['backend:80', 'missing:80', 'other/remote:80'] }),
  { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } },
];

describe('graph', () => {
  it('lists in its first snapshot exactly what a later snapshot reads from its slots', () => {
    const engine = new TopologyEngine();
    engine.apply(ESTATE.map(upsert));
    const view = new TopologyView(engine);
    const first = ids(view.snapshot());
    expect(first.nodes).toEqual(
      [
        'GatewayClass/example',
        'Gateway/default/gateway',
        'HTTPRoute/default/httproute',
        'Secret/default/tls',
        'Service/default/backend',
        'Service/default/missing',
        'Service/other/remote',
        'Widget.example.com/default/w',
      ].sort(),
    );
    expect(ids(view.snapshot())).toEqual(first);
  });

  it('keeps a key only the graph refers to while it refers to it, and releases it after', () => {
    const engine = new TopologyEngine();
    const view = new TopologyView(engine);
    view.update(engine.apply(ESTATE.map(upsert)));
    // The reference to other/remote is refused before it is read: only the graph holds the key.
    expect(view.node('Service/other/remote')?.ghost).toBe(false);
    const withRoute = engine.footprint().slots;
    view.update(engine.apply([{ type: 'delete', key: 'HTTPRoute/default/httproute' as ObjectKey }]));
    expect(view.edgesOf('Service/other/remote')).toEqual([]);
    expect(view.node('Service/default/missing')).toBeUndefined();
    // The ghost's slot goes with the Route's references; the objects' slots stay.
    expect(engine.footprint().slots).toBeLessThan(withRoute);
    const rebuilt = new TopologyEngine();
    rebuilt.apply(ESTATE.slice(0, -2).concat(ESTATE.slice(-1)).map(upsert));
    const rebuiltView = new TopologyView(rebuilt);
    expect(engine.footprint()).toEqual(rebuilt.footprint());
    expect(view.footprint()).toEqual(rebuiltView.footprint());
  });

  it('reports a node, edge or finding in a delta exactly when it reads differently', () => {
    const engine = new TopologyEngine();
    const view = new TopologyView(engine);
    view.update(engine.apply(ESTATE.map(upsert)));
    // Copies of the same objects: everything is analyzed again, and nothing reads differently.
    const again = view.update(engine.apply(ESTATE.map(upsert)));
    expect([again.upsertNodes, again.upsertEdges, again.upsertFindings]).toEqual([[], [], []]);
    expect([again.removeNodes, again.removeEdges, again.removeFindings]).toEqual([[], [], []]);
    // The Service's port changes: its node reads differently, and the Route's reference to port
    // 80 now fails (a new finding on the Route, whose node counts it).
    const changed = view.update(engine.apply([upsert(service({ ports: [81] }))]));
    expect(changed.upsertNodes.map((node) => node.id).sort()).toEqual([
      'HTTPRoute/default/httproute',
      'Service/default/backend',
    ]);
    expect(changed.upsertEdges).toEqual([]);
    expect(changed.upsertFindings.map((item) => item.slug)).toEqual(['backend-port-not-found']);
    // A backend's weight changes: the rule's backend edges read differently (each one's share
    // of the traffic changes), the parent edge does not.
    const weighted = httpRoute({
      backends: [{ name: 'backend', port: 80, weight: 3 }, 'missing:80', 'other/remote:80'],
    });
    const reweighted = view.update(engine.apply([upsert(weighted)]));
    expect(reweighted.upsertEdges.map((edge) => [edge.field, edge.share])).toEqual([
      ['spec.rules[0].backendRefs[0]', 60],
      ['spec.rules[0].backendRefs[1]', 20],
      ['spec.rules[0].backendRefs[2]', 20],
    ]);
  });

  it('attaches one graph to an engine at a time: a newer one retires the one before', () => {
    const engine = new TopologyEngine();
    engine.apply(ESTATE.map(upsert));
    const older = new TopologyView(engine);
    const entries = older.footprint().slots;
    // Its namespace index is built, so a lookup by namespace needs no entry of the engine's.
    expect(older.nodesIn('nowhere')).toEqual([]);
    const newer = new TopologyView(engine);
    expect(newer.footprint().slots).toBe(entries);
    expect(() => older.snapshot()).toThrow(/newer graph/);
    expect(() => older.node('Gateway/default/gateway')).toThrow(/newer graph/);
    // Also where no entry would be read: an empty change set, a namespace without nodes.
    expect(() => older.update(engine.apply([]))).toThrow(/newer graph/);
    expect(() => older.nodesIn('nowhere')).toThrow(/newer graph/);
    expect(ids(newer.snapshot()).nodes).toContain('Secret/default/tls');
  });
});
