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
    data: { node, column: 4, lane: undefined, dimmed: false, problem: false },
    ...overrides,
  } as MapFlowNode;
}

describe('reuseUnchanged', () => {
  it('hands back the previous object for an unchanged node', () => {
    const before = flowNode();
    const [after] = reuseUnchanged(new Map([[before.id, before]]), [flowNode()], sameNode);
    expect(after).toBe(before);
  });

  it('takes the new object when the position, selection or the server node changed', () => {
    const before = flowNode();
    const previous = new Map([[before.id, before]]);
    for (const changed of [
      flowNode({ position: { x: 0, y: 20 } }),
      flowNode({ selected: true }),
      flowNode({ data: { node: { ...node }, column: 4, lane: undefined, dimmed: false, problem: false } }),
    ]) {
      expect(reuseUnchanged(previous, [changed], sameNode)[0]).toBe(changed);
    }
  });
});
