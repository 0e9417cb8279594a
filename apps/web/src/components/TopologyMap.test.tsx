import { QueryClient } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ReactFlowProvider } from '@xyflow/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TopologyResponse } from '@gatemap/topology';
import { App } from '../App.tsx';
import { TopologyStore } from '../store/topology-store.ts';
import { exampleTopology } from '../test/example-topology.ts';
import { placedSmallEstate } from '../test/flow-builders.ts';
import { TopologyMap, type TopologyMapProps } from './TopologyMap.tsx';

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

/** Renders the map alone; `update` renders it again with some props changed, as the screen would. */
function renderMap(props: Partial<TopologyMapProps>) {
  const onViewport = vi.fn();
  const initial: TopologyMapProps = {
    ...placedSmallEstate(),
    colorMode: 'light',
    fitKey: 'view#1',
    viewKey: 'view',
    hidden: false,
    onViewport,
    onSelect: () => undefined,
    onFocus: () => undefined,
    ...props,
  };
  const map = (changed: Partial<TopologyMapProps>) => (
    <ReactFlowProvider>
      <TopologyMap {...initial} {...changed} />
    </ReactFlowProvider>
  );
  const result = render(map({}));
  const viewport = () =>
    result.container.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform;
  return {
    ...result,
    onViewport,
    viewport,
    update: (changed: Partial<TopologyMapProps>) => result.rerender(map(changed)),
  };
}

/** Lets the map's frames run, and React Flow's fit that a frame may have queued. */
async function settle(): Promise<void> {
  for (let frame = 0; frame < 5; frame += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
}

const LINK = { x: 500, y: 300, zoom: 1.5 };
/** Where React Flow puts the flow for `LINK`: its pane is 2000 px square in jsdom (setup-dom.ts). */
const LINKED = `translate(${1000 - LINK.x * LINK.zoom}px, ${1000 - LINK.y * LINK.zoom}px) scale(${LINK.zoom})`;

describe('the view of a link to a place on the map', () => {
  it('opens on the link and keeps it through a fresh layout of the same view', async () => {
    const map = renderMap({ viewport: LINK });
    await waitFor(() => expect(map.viewport()).toBe(LINKED));
    // ELK's answer after the own layout: the same view laid out anew.
    map.update({ fitKey: 'view#2' });
    await settle();
    expect(map.viewport()).toBe(LINKED);
    expect(map.onViewport).not.toHaveBeenCalledWith(undefined);
  });

  it('keeps the link when the problem spots are known before it is shown', async () => {
    const map = renderMap({ viewport: LINK });
    map.update({ centreOn: [placedSmallEstate().nodes[0]?.id ?? ''] });
    await waitFor(() => expect(map.viewport()).toBe(LINKED));
    await settle();
    expect(map.viewport()).toBe(LINKED);
  });

  it('chooses its own view when the user asks for another view', async () => {
    const map = renderMap({ viewport: LINK });
    await waitFor(() => expect(map.viewport()).toBe(LINKED));
    map.update({ fitKey: 'problems#1', viewKey: 'problems' });
    await waitFor(() => expect(map.viewport()).not.toBe(LINKED));
    expect(map.onViewport).toHaveBeenLastCalledWith(undefined);
  });

  it('gives the link up once the user moves about the map with the keyboard', async () => {
    const map = renderMap({ viewport: LINK });
    await waitFor(() => expect(map.viewport()).toBe(LINKED));
    const node = map.container.querySelector('.react-flow__node-gateway');
    if (!node) throw new Error('no Gateway drawn');
    fireEvent.keyDown(node, { key: 'ArrowRight' });
    map.update({ fitKey: 'view#2' });
    await waitFor(() => expect(map.onViewport).toHaveBeenLastCalledWith(undefined));
  });

  it('leaves the view to a user who moves about the map as the problem spots become known', async () => {
    const map = renderMap({});
    await settle();
    const node = map.container.querySelector('.react-flow__node-gateway');
    if (!node) throw new Error('no Gateway drawn');
    map.update({ centreOn: [placedSmallEstate().nodes.at(-1)?.id ?? ''] });
    // Before the frame in which the map would centre on them.
    fireEvent.keyDown(node, { key: 'ArrowRight' });
    const moved = map.viewport();
    await settle();
    expect(map.viewport()).toBe(moved);
  });
});
