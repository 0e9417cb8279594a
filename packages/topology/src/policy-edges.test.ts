/**
 * The graph's edges from policies of discovered kinds to their targets, with the attachment's
 * state, built at first and kept by deltas as targets and rival policies come and go.
 */
import { gateway, gatewayClass, httpRoute } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { TopologyView, type ObjectKey, type TopologyEdge } from './index.ts';
import { gatewayTarget, policy, policyEngine, routeTarget } from './policy-test-support.ts';
import { backendTLSPolicy, policyScene, TS_NEW, TS_OLD, upsert } from './test-support.ts';

const SCENE = [
  gatewayClass(),
  gateway({ listeners: [{ name: 'http' }] }),
  httpRoute({ rules: [{ name: 'api', backendRefs: [] }] }),
];
const key = (name: string) => `TestPolicy.example.com/default/${name}` as ObjectKey;
const brief = (edge: TopologyEdge | undefined) =>
  edge && {
    to: edge.to,
    state: edge.state,
    reason: edge.reason,
    ...(edge.listeners ? { listeners: edge.listeners } : {}),
    ...(edge.rule === undefined ? {} : { rule: edge.rule }),
  };

describe('policy target edges', () => {
  it('draws an edge per target: attached, on a listener, on a rule, or to a target that does not exist', () => {
    const engine = policyEngine({
      objects: [
        ...SCENE,
        policy({
          targetRefs: [gatewayTarget(), gatewayTarget('gateway', 'http'), routeTarget('httproute', 'api')],
        }),
        policy({ name: 'lost', targetRefs: [gatewayTarget('nowhere')] }),
      ],
    });
    const snapshot = new TopologyView(engine).snapshot();
    const edges = snapshot.edges.filter((edge) => edge.type === 'policy-target');
    expect(edges.map(brief)).toEqual([
      { to: 'Gateway/default/gateway', state: 'accepted', reason: 'Attached' },
      { to: 'Gateway/default/gateway', state: 'accepted', reason: 'Attached', listeners: ['http'] },
      { to: 'HTTPRoute/default/httproute', state: 'accepted', reason: 'Attached', rule: 0 },
      { to: 'Gateway/default/nowhere', state: 'unresolved', reason: 'TargetNotFound' },
    ]);
    expect(snapshot.nodes.map((node) => node.id)).toContain('Gateway/default/nowhere');
  });

  it('updates an edge when its target goes, and when an older policy of its kind takes the target', () => {
    const engine = policyEngine({ objects: [...SCENE, policy({ name: 'new', creationTimestamp: TS_NEW })] });
    const view = new TopologyView(engine);
    const edgeId = `policy-target:${key('new')}:spec.targetRefs[0]`;
    expect(brief(view.edgesOf(key('new'))[0])).toMatchObject({ state: 'accepted' });

    const older = view.update(engine.apply([upsert(policy({ name: 'old', creationTimestamp: TS_OLD }))]));
    expect(brief(older.upsertEdges.find((edge) => edge.id === edgeId))).toMatchObject({
      state: 'rejected',
      reason: 'Conflicted',
    });

    const gone = view.update(engine.apply([{ type: 'delete', key: 'Gateway/default/gateway' as ObjectKey }]));
    expect(brief(gone.upsertEdges.find((edge) => edge.id === edgeId))).toMatchObject({
      state: 'unresolved',
      reason: 'TargetNotFound',
    });

    const removed = view.update(engine.apply([{ type: 'delete', key: key('new') }]));
    expect(removed.removeEdges).toContain(edgeId);
  });

  it('draws a policy of a discovered kind as a policy node: its targets, predicted Accepted and reported conditions', () => {
    const engine = policyEngine({
      objects: [
        ...SCENE,
        policy({
          name: 'on-both',
          targetRefs: [gatewayTarget(), gatewayTarget('nowhere')],
          status: { conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }] },
        }),
      ],
    });
    const node = new TopologyView(engine).node(key('on-both'));
    expect(node).toMatchObject({
      kind: 'TestPolicy',
      group: 'example.com',
      unanalyzed: undefined,
      summary: { type: 'policy', targets: ['Gateway/default/gateway', 'Gateway/default/nowhere'] },
      reported: [{ type: 'Accepted', status: 'True' }],
    });
    expect(node?.predicted.map((item) => `${item.type}=${item.status}/${item.reason}`)).toEqual([
      'Accepted=False/TargetNotFound',
    ]);
  });

  it('keeps an object of a kind that is no policy an unanalyzed node', () => {
    const engine = policyEngine({ objects: [...SCENE, policy({ kind: 'Other' })] });
    const node = new TopologyView(engine).node('Other.example.com/default/policy');
    expect(node).toMatchObject({ unanalyzed: true, summary: { type: 'other' } });
  });

  it('draws BackendTLSPolicy target edges in the same scheme: attached, conflicted (P39), target missing', () => {
    const engine = policyEngine({
      objects: policyScene(
        backendTLSPolicy({ name: 'old', creationTimestamp: TS_OLD }),
        backendTLSPolicy({ name: 'new', creationTimestamp: TS_NEW }),
      ),
    });
    const view = new TopologyView(engine);
    const edgeOf = (name: string) =>
      brief(view.edgesOf(`BackendTLSPolicy/default/${name}`).find((edge) => edge.type === 'policy-target'));
    expect(edgeOf('old')).toEqual({ to: 'Service/default/backend', state: 'accepted', reason: 'Attached' });
    expect(edgeOf('new')).toEqual({ to: 'Service/default/backend', state: 'rejected', reason: 'Conflicted' });

    view.update(engine.apply([{ type: 'delete', key: 'Service/default/backend' as ObjectKey }]));
    expect(edgeOf('old')).toEqual({
      to: 'Service/default/backend',
      state: 'unresolved',
      reason: 'TargetNotFound',
    });
  });
});
