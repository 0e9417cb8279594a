/**
 * The report `gatemap analyze` prints: every policy with its targets' attachment, BackendTLSPolicy
 * in the same terms, and the stacks of the Routes on which a policy applies.
 */
import { gateway, gatewayClass, httpRoute } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { buildPolicyReport } from './index.ts';
import { gatewayTarget, policy, policyEngine, policyKind } from './policy-test-support.ts';
import { backendTLSPolicy, policyScene, TS_NEW, TS_OLD } from './test-support.ts';

describe('buildPolicyReport', () => {
  it('reports each policy, sorted by key, with its targets, Accepted and ancestors', () => {
    const engine = policyEngine({
      objects: [
        ...policyScene(
          backendTLSPolicy({ name: 'old', creationTimestamp: TS_OLD }),
          backendTLSPolicy({ name: 'new', creationTimestamp: TS_NEW }),
        ),
        policy({ name: 'lost', targetRefs: [gatewayTarget('nowhere')] }),
        policy({ name: 'held', targetRefs: [gatewayTarget('gateway', 'http')] }),
      ],
    });
    const report = buildPolicyReport(engine);
    expect(
      report.policies.map(
        (entry) =>
          `${entry.policy} ${entry.class} ${entry.accepted?.reason} ${entry.targets.map((target) => `${target.level}:${target.state}`).join(',')} ${entry.ancestors.length}`,
      ),
    ).toEqual([
      'BackendTLSPolicy/default/new Direct Conflicted service:conflicted 1',
      'BackendTLSPolicy/default/old Direct Accepted service:attached 1',
      'TestPolicy.example.com/default/held Direct Accepted listener:attached 1',
      'TestPolicy.example.com/default/lost Direct TargetNotFound gateway:target-not-found 0',
    ]);
  });

  it('lists only the Routes on which a policy applies, and none while no policy kind is known', () => {
    const scene = [
      gatewayClass(),
      gateway({ listeners: [{ name: 'http' }, { name: 'alt', port: 8080 }] }),
      httpRoute({ name: 'on-http', parentRefs: [{ name: 'gateway', sectionName: 'http' }] }),
      httpRoute({ name: 'on-alt', parentRefs: [{ name: 'gateway', sectionName: 'alt' }] }),
    ];
    const engine = policyEngine({
      kinds: [policyKind({ class: 'Inherited' })],
      objects: [...scene, policy({ targetRefs: [gatewayTarget('gateway', 'http')] })],
    });
    expect(buildPolicyReport(engine).routes.map((entry) => entry.route)).toEqual([
      'HTTPRoute/default/on-http',
    ]);
    const none = policyEngine({ kinds: [], objects: scene });
    expect(buildPolicyReport(none)).toEqual({ policies: [], routes: [], services: [] });
  });
});
