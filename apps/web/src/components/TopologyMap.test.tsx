import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TopologyResponse } from '@gatemap/topology';
import { App } from '../App.tsx';
import { TopologyStore } from '../store/topology-store.ts';
import { exampleTopology } from '../test/example-topology.ts';

let topology: TopologyResponse;

beforeEach(() => {
  topology = exampleTopology();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url === '/api/topology') return new Response(JSON.stringify(topology), { status: 200 });
      if (url === '/api/session')
        return new Response(JSON.stringify({ role: 'admin', user: 'admin' }), { status: 200 });
      return new Response(
        JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'no such object' }),
        {
          status: 404,
        },
      );
    }),
  );
  window.history.replaceState(null, '', '/');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function renderApp() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<App store={new TopologyStore()} queryClient={queryClient} />);
}

describe('the map with the examples', () => {
  it('draws every object as a node element with data-id and an accessible name', async () => {
    const { container } = renderApp();
    // The first render of the file lays out every example (about a hundred objects) from cold.
    await waitFor(
      () => expect(container.querySelector('[data-id="Gateway/infra/prod-web"]')).not.toBeNull(),
      {
        timeout: 5000,
      },
    );
    for (const node of topology.nodes) {
      const element = container.querySelector(`.react-flow__node[data-id="${node.id}"]`);
      expect(element, node.id).not.toBeNull();
      const name =
        node.namespace === undefined
          ? `${node.kind} ${node.name}`
          : `${node.kind} ${node.namespace}/${node.name}`;
      expect(element?.getAttribute('aria-label')).toBe(name);
    }
    expect(screen.getByLabelText('GatewayClass example')).toBeTruthy();
  });

  it('puts data-state and data-reason on every route-to-parent and backend edge', async () => {
    const { container } = renderApp();
    await waitFor(() => expect(container.querySelectorAll('.react-flow__edge').length).toBeGreaterThan(0));
    const parentEdges = [...container.querySelectorAll('.react-flow__edge[data-edge-type="parent"]')];
    const backendEdges = [
      ...container.querySelectorAll(
        '.react-flow__edge[data-edge-type="backend"], .react-flow__edge[data-edge-type="mirror"]',
      ),
    ];
    expect(parentEdges.length).toBeGreaterThanOrEqual(
      topology.edges.filter((edge) => edge.type === 'parent').length,
    );
    expect(backendEdges.length).toBe(
      topology.edges.filter((edge) => edge.type === 'backend' || edge.type === 'mirror').length,
    );
    for (const edge of parentEdges) {
      expect(['accepted', 'rejected', 'pending']).toContain(edge.getAttribute('data-state'));
      expect(edge.getAttribute('data-reason')).not.toBe('');
    }
    for (const edge of backendEdges) {
      expect(['resolved', 'unresolved']).toContain(edge.getAttribute('data-state'));
      expect(edge.getAttribute('data-reason')).not.toBe('');
    }
    // The scenario of examples/01: a Route from an unlabelled namespace is rejected by the listener.
    const rejected = container.querySelector(
      '.react-flow__edge[data-state="rejected"][data-reason="NotAllowedByListeners"]',
    );
    expect(rejected).not.toBeNull();
    // examples/03: the mirror to another namespace lacks a ReferenceGrant, and its fix is one click away.
    expect(
      container.querySelector('.react-flow__edge[data-edge-type="mirror"][data-missing-grant="true"]'),
    ).not.toBeNull();
    expect(screen.getAllByRole('button', { name: /Copy ReferenceGrant/ }).length).toBeGreaterThan(0);
  });

  it('shows each listener of a Gateway with its protocol, port and attached Routes', async () => {
    const { container } = renderApp();
    await waitFor(() => expect(container.querySelector('[data-id="Gateway/infra/prod-web"]')).not.toBeNull());
    const gateway = container.querySelector('[data-id="Gateway/infra/prod-web"]') as HTMLElement;
    expect(gateway.textContent).toContain('https-admin');
    expect(gateway.textContent).toContain('HTTPS:443');
    expect(gateway.querySelectorAll('.react-flow__handle[data-handleid^="l:"]').length).toBe(3);
  });

  it('marks the policies on a Gateway, on its listener and on a Route, coloured by their attachment', async () => {
    const { container } = renderApp();
    const gatewaySelector = '[data-id="Gateway/payments/payments-edge"]';
    await waitFor(() => expect(container.querySelector(gatewaySelector)).not.toBeNull());
    const gateway = container.querySelector(gatewaySelector) as HTMLElement;
    const marks = [...gateway.querySelectorAll('[data-testid="policy-mark"]')];
    expect(marks.map((mark) => [mark.getAttribute('data-on'), mark.textContent])).toEqual([
      ['Gateway', '⛨4'],
      ['listener internal', '⛨1'],
    ]);
    const route = container.querySelector('[data-id="HTTPRoute/payments/checkout"]') as HTMLElement;
    const routeMark = route.querySelector('[data-testid="policy-mark"]');
    // checkout-retries, checkout-api-limits (rule 0), checkout-auth, the Conflicted checkout-auth-v2,
    // and two RateLimitPolicies.
    expect(routeMark?.textContent).toBe('⛨6');
    expect(routeMark?.className).toContain('gm-policy-mark--rejected');
    expect(routeMark?.getAttribute('title')).toContain(
      'BackendTrafficPolicy checkout-api-limits on rule 0: Attached',
    );
  });
});
