/**
 * Share links and Ingresses: a team's link shows its namespaces' Ingresses with their coverage
 * and the Services they send to; never another namespace's Ingress, never an IngressClass, and
 * never the name of another team's Route that the coverage messages mention.
 */
import { gateway, gatewayClass, httpRoute, ingress, ingressClass, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { scopeView, TopologyEngine, TopologyView } from './index.ts';
import { upsert } from './test-support.ts';

const ESTATE = [
  gatewayClass(),
  gateway({
    name: 'shared',
    namespace: 'infra',
    listeners: [{ hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } }],
  }),
  ingressClass({ name: 'nginx' }),
  service({ name: 'storefront', namespace: 'shop' }),
  service({ name: 'billing', namespace: 'rival' }),
  ingress({
    name: 'web',
    namespace: 'shop',
    className: 'nginx',
    rules: [{ host: 'shop.example.com', paths: [{ path: '/', backend: 'storefront:80' }] }],
  }),
  ingress({
    name: 'billing',
    namespace: 'rival',
    className: 'nginx',
    rules: [{ host: 'billing.example.com', paths: [{ path: '/', backend: 'billing:80' }] }],
  }),
  // Another team's Route that serves the shop's host, to another backend.
  httpRoute({
    name: 'hijack',
    namespace: 'rival',
    parentRefs: [{ name: 'shared', namespace: 'infra' }],
    hostnames: ['shop.example.com'],
    rules: [{ backendRefs: [{ name: 'billing', port: 80 }] }],
  }),
];

function scoped() {
  const engine = new TopologyEngine();
  engine.apply(ESTATE.map(upsert));
  return scopeView(new TopologyView(engine), { namespaces: ['shop'] });
}

describe('a share link and Ingresses', () => {
  it('shows its namespace’s Ingress with its coverage and Service, and nothing of other teams', () => {
    const view = scoped();
    const ids = view.nodes.map((node) => node.id).sort();
    expect(ids).toEqual(['Ingress/shop/web', 'Service/shop/storefront']);
    expect(view.edges.map((edge) => edge.id)).toEqual([
      'backend:Ingress/shop/web:spec.rules[0].http.paths[0].backend',
    ]);
    const web = view.nodes.find((node) => node.id === 'Ingress/shop/web');
    expect(web?.summary.type === 'ingress' && web.summary.coverage.state).toBe('not-started');
  });

  it('keeps the names of other teams’ Routes out of the coverage it shows', () => {
    const web = scoped().nodes.find((node) => node.id === 'Ingress/shop/web');
    const coverage = web?.summary.type === 'ingress' ? web.summary.coverage : undefined;
    expect(coverage?.unserved[0]?.reason).toBe('different-backend');
    const text = JSON.stringify(coverage);
    expect(text).not.toContain('hijack');
    expect(text).not.toContain('billing');
    expect(text).toContain('of another namespace');
  });
});
