import { describe, expect, it } from 'vitest';
import type { AggregateItem, TopologyNode } from '@gatemap/topology';
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

describe('reuseUnchanged with aggregates', () => {
  const members = [node, topologyNode({ kind: 'HTTPRoute', namespace: 'a', name: 'r' })];
  const aggregate = (list: readonly TopologyNode[]): AggregateItem => ({
    type: 'aggregate',
    id: 'aggregate:a',
    expandKey: 'a',
    cluster: undefined,
    namespace: 'a',
    lane: undefined,
    counts: [
      { kind: 'HTTPRoute', count: 1 },
      { kind: 'Service', count: 1 },
    ],
    total: list.length,
    routes: 1,
    severity: undefined,
    findings: 0,
    problems: 0,
    members: list,
  });
  const tile = (list: readonly TopologyNode[]): MapFlowNode =>
    ({
      id: 'aggregate:a',
      type: 'aggregate',
      position: { x: 0, y: 0 },
      width: 240,
      height: 72,
      data: { aggregate: aggregate(list), column: 3, lane: undefined },
    }) as MapFlowNode;

  it('keeps a rebuilt aggregate whose members are the same objects', () => {
    const before = tile([...members]);
    expect(reuseUnchanged(new Map([[before.id, before]]), [tile([...members])], sameNode)[0]).toBe(before);
  });

  it('takes the new aggregate when a member changed, even with equal counts', () => {
    const before = tile(members);
    const changed = tile([members[0]!, { ...members[1]!, findings: 1 }]);
    expect(reuseUnchanged(new Map([[before.id, before]]), [changed], sameNode)[0]).toBe(changed);
  });
});
