/**
 * The graph's edges from policies of discovered kinds to their targets, with the attachment's
 * state, built at first and kept by deltas as targets and rival policies come and go.
 */
import { gateway, gatewayClass, httpRoute } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { TopologyView, type ObjectKey, type TopologyEdge } from './index.ts';
import { gatewayTarget, policy, policyEngine, routeTarget } from './policy-test-support.ts';
import { TS_NEW, TS_OLD, upsert } from './test-support.ts';

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
});
