/**
 * Share links show only policies whose targets they can see: in the link's namespaces a policy
 * on something hidden is hidden whole; elsewhere a policy on what the link sees is shown.
 */
import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { scopeView, TopologyView, type ShareScope } from './index.ts';
import { gatewayTarget, policy, policyEngine, routeTarget } from './policy-test-support.ts';

const POLICY = 'TestPolicy.example.com';

/** `shop` has Routes on `infra/shared`; `rival` has its own Gateway and Route. */
const ESTATE = [
  gatewayClass(),
  gateway({
    name: 'shared',
    namespace: 'infra',
    listeners: [{ name: 'http', allowedRoutes: { namespaces: { from: 'All' } } }],
  }),
  gateway({ name: 'private', namespace: 'infra' }),
  gateway({ name: 'own', namespace: 'rival' }),
  httpRoute({
    name: 'web',
    namespace: 'shop',
    parentRefs: [{ name: 'shared', namespace: 'infra' }],
    backends: ['web:80'],
  }),
  httpRoute({
    name: 'admin',
    namespace: 'shop',
    parentRefs: [{ name: 'shared', namespace: 'infra' }],
    backends: ['web:80'],
  }),
  httpRoute({
    name: 'peek',
    namespace: 'shop',
    parentRefs: [{ name: 'shared', namespace: 'infra' }],
    backends: ['rival/secret-backend:80'],
  }),
  httpRoute({ name: 'api', namespace: 'rival', parentRefs: [{ name: 'own' }] }),
  service({ name: 'web', namespace: 'shop' }),
  service({ name: 'secret-backend', namespace: 'rival' }),
];

const policyId = (namespace: string, name: string) => `${POLICY}/${namespace}/${name}`;

function scoped(policies: readonly unknown[], scope: ShareScope) {
  const engine = policyEngine({ objects: [...ESTATE, ...policies] });
  const view = scopeView(new TopologyView(engine), scope);
  const policyNodes = view.nodes.filter((node) => node.kind === 'TestPolicy').map((node) => node.id);
  const policyEdges = view.edges.filter((edge) => edge.type === 'policy-target');
  return { view, policyNodes, policyEdges };
}

describe('share links and policies', () => {
  it('shows a policy of its namespace on a Route it sees, with the edge to it', () => {
    const { policyNodes, policyEdges } = scoped(
      [policy({ name: 'on-web', namespace: 'shop', targetRefs: [routeTarget('web')] })],
      { namespaces: ['shop'] },
    );
    expect(policyNodes).toEqual([policyId('shop', 'on-web')]);
    expect(policyEdges.map((edge) => [edge.from, edge.to])).toEqual([
      [policyId('shop', 'on-web'), 'HTTPRoute/shop/web'],
    ]);
  });

  it('hides a policy of a visible namespace that targets a Gateway the link does not see', () => {
    const { view, policyNodes } = scoped(
      [
        policy({
          name: 'reach',
          namespace: 'shop',
          targetRefs: [{ ...gatewayTarget('own'), namespace: 'rival' }],
        }),
      ],
      { namespaces: ['shop'] },
    );
    expect(policyNodes).toEqual([]);
    expect(view.visible.has(policyId('shop', 'reach'))).toBe(false);
    expect(view.inScope.has(policyId('shop', 'reach'))).toBe(false);
  });

  it('shows a policy of another namespace on the shared Gateway its Routes attach to, and on its listener', () => {
    const { view, policyNodes, policyEdges } = scoped(
      [
        policy({ name: 'gateway-wide', namespace: 'infra', targetRefs: [gatewayTarget('shared')] }),
        policy({ name: 'on-http', namespace: 'infra', targetRefs: [gatewayTarget('shared', 'http')] }),
      ],
      { namespaces: ['shop'] },
    );
    expect(policyNodes.sort()).toEqual([policyId('infra', 'gateway-wide'), policyId('infra', 'on-http')]);
    expect(policyEdges.every((edge) => edge.to === 'Gateway/infra/shared')).toBe(true);
    // Shown as related objects are: not in scope, so without labels.
    expect(view.inScope.has(policyId('infra', 'gateway-wide'))).toBe(false);
  });

  it('does not show a policy of another namespace on a Gateway the link does not see', () => {
    const { policyNodes } = scoped(
      [policy({ name: 'private-gw', namespace: 'infra', targetRefs: [gatewayTarget('private')] })],
      { namespaces: ['shop'] },
    );
    expect(policyNodes).toEqual([]);
  });

  it('hides a policy on a Route the link leaves out, and shows the one on a Route it lists', () => {
    const { policyNodes } = scoped(
      [
        policy({ name: 'on-web', namespace: 'shop', targetRefs: [routeTarget('web')] }),
        policy({ name: 'on-admin', namespace: 'shop', targetRefs: [routeTarget('admin')] }),
      ],
      { namespaces: ['shop'], routes: ['shop/web'] },
    );
    expect(policyNodes).toEqual([policyId('shop', 'on-web')]);
  });

  it('hides a policy with one target the link sees and one it does not, and its name', () => {
    const { view, policyNodes } = scoped(
      [
        policy({
          name: 'both',
          namespace: 'shop',
          targetRefs: [routeTarget('web'), routeTarget('admin')],
        }),
      ],
      { namespaces: ['shop'], routes: ['shop/web'] },
    );
    expect(policyNodes).toEqual([]);
    // Named elsewhere (a Route's effective stack lists it), its key reads as what it is.
    expect(view.names.scope(`stacked: ${policyId('shop', 'both')}`)).toBe(
      'stacked: a TestPolicy not shared with this link',
    );
    expect(view.names.canNameKey(policyId('shop', 'both'))).toBe(false);
  });

  it('shows a policy of its namespace whose target is missing, pointing at the ghost', () => {
    const { view, policyNodes, policyEdges } = scoped(
      [policy({ name: 'orphan', namespace: 'shop', targetRefs: [routeTarget('gone')] })],
      { namespaces: ['shop'] },
    );
    expect(policyNodes).toEqual([policyId('shop', 'orphan')]);
    expect(policyEdges.map((edge) => [edge.to, edge.state, edge.reason])).toEqual([
      ['HTTPRoute/shop/gone', 'unresolved', 'TargetNotFound'],
    ]);
    expect(view.nodes.find((node) => node.id === 'HTTPRoute/shop/gone')?.ghost).toBe(true);
  });

  it('hides a missing target of another namespace, and the policy that names it', () => {
    const { policyNodes } = scoped(
      [
        policy({
          name: 'probe',
          namespace: 'shop',
          targetRefs: [{ ...routeTarget('guess'), namespace: 'rival' }],
        }),
      ],
      { namespaces: ['shop'] },
    );
    expect(policyNodes).toEqual([]);
  });

  it('does not show policies on a Service a Route of the link names without a ReferenceGrant', () => {
    const { view, policyNodes } = scoped(
      [
        policy({
          name: 'on-secret-backend',
          namespace: 'rival',
          targetRefs: [{ group: '', kind: 'Service', name: 'secret-backend' }],
        }),
      ],
      { namespaces: ['shop'] },
    );
    expect(view.referenceOnly.has('Service/rival/secret-backend')).toBe(true);
    expect(policyNodes).toEqual([]);
  });

  it('leaves the policies of other namespaces on hidden objects out of the findings too', () => {
    const { view } = scoped(
      [
        policy({ name: 'first', namespace: 'rival', targetRefs: [gatewayTarget('own')] }),
        policy({ name: 'second', namespace: 'rival', targetRefs: [gatewayTarget('own')] }),
      ],
      { namespaces: ['shop'] },
    );
    expect(view.findings.filter((item) => item.subject.includes('TestPolicy'))).toEqual([]);
  });
});
