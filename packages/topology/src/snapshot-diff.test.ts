import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { finding } from './findings.ts';
import { objectKey } from './object-key.ts';
import type { TopologyEdge, TopologyNode, TopologySnapshot } from './protocol.ts';
import { applyDelta, diffSnapshots, SnapshotDiffer } from './snapshot-diff.ts';

// A few ids, so that two snapshots share many of them, with contents that may or may not differ.
const name = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const version = fc.nat({ max: 2 });

const node = fc.record({ name, version }).map(({ name: nodeName, version: generation }): TopologyNode => {
  const key = objectKey('', 'Service', 'shop', nodeName);
  return {
    id: key,
    key,
    kind: 'Service',
    group: '',
    namespace: 'shop',
    name: nodeName,
    ghost: generation === 0,
    generation,
    stale: false,
    summary: { type: 'other' },
    predicted: [],
    reported: [],
    findings: 0,
  };
});

const edge = fc
  .record({ from: name, to: name, version })
  .map(({ from, to, version: weight }): TopologyEdge => ({
    id: `backend:${from}:${to}`,
    type: 'backend',
    from: `Service/shop/${from}`,
    to: `Service/shop/${to}`,
    field: 'spec.rules[0].backendRefs[0]',
    state: weight === 0 ? 'unresolved' : 'resolved',
    reason: '',
    message: '',
    source: 'predicted',
    weight,
    crossNamespace: false,
  }));

const item = fc.record({ name, version }).map(({ name: subject, version: index }) =>
  finding('status-stale', {
    subject: objectKey('gateway.networking.k8s.io', 'HTTPRoute', 'shop', subject),
    field: 'status',
    message: `stale ${index}`,
  }),
);

/** Unique by id, as in every snapshot: the last item of an id wins. */
function unique<Item extends { readonly id: string }>(items: readonly Item[]): Item[] {
  return [...new Map(items.map((entry) => [entry.id, entry])).values()];
}

const snapshot: fc.Arbitrary<TopologySnapshot> = fc
  .record({
    nodes: fc.array(node, { maxLength: 6 }),
    edges: fc.array(edge, { maxLength: 6 }),
    findings: fc.array(item, { maxLength: 6 }),
  })
  .map(({ nodes, edges, findings }) => ({
    nodes: unique(nodes),
    edges: unique(edges),
    findings: unique(findings),
  }));

/** A snapshot's items by id: the order of a snapshot's items carries no meaning. */
function canonical(value: TopologySnapshot) {
  const byId = <Item extends { readonly id: string }>(items: readonly Item[]) =>
    [...items].sort((left, right) => left.id.localeCompare(right.id));
  return { nodes: byId(value.nodes), edges: byId(value.edges), findings: byId(value.findings) };
}

describe('diffSnapshots', () => {
  it('gives the delta that, applied to the first snapshot, gives the second', () => {
    fc.assert(
      fc.property(snapshot, snapshot, (from, to) => {
        expect(canonical(applyDelta(from, diffSnapshots(from, to)))).toEqual(canonical(to));
      }),
      { numRuns: 500 },
    );
  });

  it('sends nothing for a snapshot equal to the one held', () => {
    fc.assert(
      fc.property(snapshot, (same) => {
        const delta = diffSnapshots(same, structuredClone(same));
        expect(Object.values(delta).flat()).toEqual([]);
      }),
    );
  });

  it('sends only what changed, and follows a client through a sequence of snapshots', () => {
    fc.assert(
      fc.property(snapshot, fc.array(snapshot, { minLength: 1, maxLength: 5 }), (first, rest) => {
        const differ = new SnapshotDiffer();
        differ.reset(first);
        let held = first;
        for (const next of rest) {
          const delta = differ.next(next);
          const before = new Map(held.nodes.map((entry) => [entry.id, JSON.stringify(entry)]));
          for (const upserted of delta.upsertNodes)
            expect(before.get(upserted.id)).not.toBe(JSON.stringify(upserted));
          held = applyDelta(held, delta);
          expect(canonical(held)).toEqual(canonical(next));
        }
      }),
      { numRuns: 200 },
    );
  });
});
