import { describe, expect, it } from 'vitest';
import type { MapFlowNode } from './flow-types.ts';
import { reuseUnchanged, sameNode } from './reuse-elements.ts';
import { topologyNode } from '../test/topology-builders.ts';

const node = topologyNode({ kind: 'Service', namespace: 'a', name: 'b' });

function flowNode(overrides: Partial<MapFlowNode> = {}): MapFlowNode {
  return {
    id: node.id,
    type: 'object',
    position: { x: 0, y: 10 },
    width: 240,
    height: 72,
    data: { node, column: 4, lane: undefined, dimmed: false, problem: false, policies: [] },
    ...overrides,
  } as MapFlowNode;
}

describe('reuseUnchanged', () => {
  it('hands back the previous object for an unchanged node', () => {
    const before = flowNode();
    const [after] = reuseUnchanged(new Map([[before.id, before]]), [flowNode()], sameNode);
    expect(after).toBe(before);
  });

  it('compares policy badges by value: rebuilt equal, the node is kept', () => {
    const badge = { policy: 'P/a/p', kind: 'P', name: 'p', state: 'accepted', reason: 'Attached' } as const;
    const withBadge = (): MapFlowNode =>
      flowNode({
        data: { node, column: 4, lane: undefined, dimmed: false, problem: false, policies: [{ ...badge }] },
      });
    const before = withBadge();
    expect(reuseUnchanged(new Map([[before.id, before]]), [withBadge()], sameNode)[0]).toBe(before);
  });

  it('takes the new object when the position, selection or the server node changed', () => {
    const before = flowNode();
    const previous = new Map([[before.id, before]]);
    for (const changed of [
      flowNode({ position: { x: 0, y: 20 } }),
      flowNode({ selected: true }),
      flowNode({
        data: { node: { ...node }, column: 4, lane: undefined, dimmed: false, problem: false, policies: [] },
      }),
      flowNode({
        data: {
          node,
          column: 4,
          lane: undefined,
          dimmed: false,
          problem: false,
          policies: [{ policy: 'P/a/p', kind: 'P', name: 'p', state: 'rejected', reason: 'Conflicted' }],
        },
      }),
    ]) {
      expect(reuseUnchanged(previous, [changed], sameNode)[0]).toBe(changed);
    }
  });
});
