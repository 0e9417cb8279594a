import { describe, expect, it } from 'vitest';
import { applyDeltas } from '@gatemap/topology';
import { stateFromSnapshot } from './topology-state.ts';
import { streamDelta, topologyEdge, topologyFinding, topologyNode } from '../test/topology-builders.ts';

const route = topologyNode({ kind: 'HTTPRoute', namespace: 'shop', name: 'store' });
const service = topologyNode({ kind: 'Service', namespace: 'shop', name: 'store' });
const backend = topologyEdge({ type: 'backend', from: route.id, to: service.id });

function initial() {
  return stateFromSnapshot({ revision: 10, clusters: [], nodes: [route], edges: [], findings: [] });
}

describe('applyDeltas', () => {
  it('upserts and removes nodes, edges and findings by id', () => {
    const finding = topologyFinding({ subject: route.id });
    const next = applyDeltas(initial(), [
      streamDelta({
        revision: 11,
        upsertNodes: [service],
        upsertEdges: [backend],
        upsertFindings: [finding],
      }),
    ]);
    expect([...next.nodes.keys()]).toEqual([route.id, service.id]);
    expect(next.edges.get(backend.id)).toBe(backend);
    expect(next.findings.get(finding.id)).toBe(finding);
    expect(next.revision).toBe(11);

    const after = applyDeltas(next, [
      streamDelta({
        revision: 12,
        removeNodes: [service.id],
        removeEdges: [backend.id],
        removeFindings: [finding.id],
      }),
    ]);
    expect([...after.nodes.keys()]).toEqual([route.id]);
    expect(after.edges.size).toBe(0);
    expect(after.findings.size).toBe(0);
  });

  it('applies a batch in revision order, the later delta winning', () => {
    const renamed = { ...route, labels: { v: '2' } };
    const next = applyDeltas(initial(), [
      streamDelta({ revision: 12, upsertNodes: [renamed] }),
      streamDelta({ revision: 11, removeNodes: [route.id] }),
    ]);
    expect(next.nodes.get(route.id)).toBe(renamed);
    expect(next.revision).toBe(12);
  });

  it('skips deltas the state already has (replayed after a reconnect)', () => {
    const state = initial();
    expect(applyDeltas(state, [streamDelta({ revision: 10, removeNodes: [route.id] })])).toBe(state);
    expect(applyDeltas(state, [streamDelta({ revision: 3, removeNodes: [route.id] })])).toBe(state);
  });

  it('keeps the identity of collections and entries nothing touched', () => {
    const state = initial();
    const next = applyDeltas(state, [streamDelta({ revision: 11, upsertEdges: [backend] })]);
    expect(next.nodes).toBe(state.nodes);
    expect(next.findings).toBe(state.findings);
    expect(next.edges).not.toBe(state.edges);
  });

  it('does not copy a collection for an upsert of the very same entry or a removal of an absent id', () => {
    const state = initial();
    const next = applyDeltas(state, [
      streamDelta({ revision: 11, upsertNodes: [route], removeEdges: ['absent'] }),
    ]);
    expect(next.nodes).toBe(state.nodes);
    expect(next.edges).toBe(state.edges);
    expect(next.revision).toBe(11);
  });
});
