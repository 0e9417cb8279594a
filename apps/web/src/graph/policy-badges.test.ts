import { describe, expect, it } from 'vitest';
import { topologyEdge } from '../test/topology-builders.ts';
import { badgesOf, policyBadges, worstBadgeState } from './policy-badges.ts';

describe('policyBadges', () => {
  const edges = [
    topologyEdge({
      type: 'policy-target',
      from: 'ClientTrafficPolicy.gateway.envoyproxy.io/payments/internal',
      to: 'Gateway/payments/edge',
      listeners: ['internal'],
      state: 'accepted',
      reason: 'Attached',
    }),
    topologyEdge({
      type: 'policy-target',
      from: 'prod:SecurityPolicy.gateway.envoyproxy.io/payments/auth-v2',
      to: 'HTTPRoute/payments/checkout',
      state: 'rejected',
      reason: 'Conflicted',
    }),
    topologyEdge({
      type: 'policy-target',
      from: 'BackendTrafficPolicy.gateway.envoyproxy.io/payments/limits',
      to: 'HTTPRoute/payments/checkout',
      rule: 0,
      state: 'accepted',
      reason: 'Attached',
    }),
    topologyEdge({ type: 'backend', from: 'HTTPRoute/payments/checkout', to: 'Service/payments/web' }),
  ];

  it('files a badge on each target, with the listener or rule the policy names', () => {
    const badges = policyBadges(edges);
    expect(badgesOf(badges, 'Gateway/payments/edge')).toEqual([
      {
        policy: 'ClientTrafficPolicy.gateway.envoyproxy.io/payments/internal',
        kind: 'ClientTrafficPolicy',
        name: 'internal',
        state: 'accepted',
        reason: 'Attached',
        listener: 'internal',
      },
    ]);
    expect(
      badgesOf(badges, 'HTTPRoute/payments/checkout').map((badge) => [badge.kind, badge.name, badge.rule]),
    ).toEqual([
      ['SecurityPolicy', 'auth-v2', undefined],
      ['BackendTrafficPolicy', 'limits', 0],
    ]);
    expect(badgesOf(badges, 'Service/payments/web')).toEqual([]);
  });

  it('colours a mark by the worst state among its badges', () => {
    const badges = policyBadges(edges);
    expect(worstBadgeState(badgesOf(badges, 'HTTPRoute/payments/checkout'))).toBe('rejected');
    expect(worstBadgeState(badgesOf(badges, 'Gateway/payments/edge'))).toBe('accepted');
  });
});
