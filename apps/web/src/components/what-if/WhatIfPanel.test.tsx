/**
 * The what-if overlay: manifests from the panel or the URL's fragment are sent to the server,
 * whose answer is drawn over the map with its marks; nothing is applied, and a share link sees
 * none of it.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ObjectKey, TopologyResponse, WhatIfResponse } from '@gatemap/topology';
import { exampleTopology } from '../../test/example-topology.ts';
import { ADMIN_SESSION, apiError, fakeServer, json, shareSession } from '../../test/fake-server.ts';
import { whatIfFragment } from '../../what-if/what-if-link.ts';
import { renderApp, useFakeBrowser } from '../../test/render-app.tsx';

const ROUTE = 'HTTPRoute/shop-storefront/storefront';
const GATEWAY = 'Gateway/infra/prod-web';
const MANIFESTS = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: prod-web, namespace: infra}
$patch: delete
`;
let topology: TopologyResponse;

useFakeBrowser();
beforeEach(() => {
  topology = exampleTopology();
});

function answer(): WhatIfResponse {
  const gateway = topology.nodes.find((node) => node.id === GATEWAY);
  return {
    cluster: 'demo',
    objects: [{ key: GATEWAY as ObjectKey, change: 'removed', fields: [] }],
    verdicts: [
      {
        key: ROUTE as ObjectKey,
        id: 'parent:Gateway/infra/prod-web:Accepted',
        direction: 'broke',
        message:
          'HTTPRoute shop-storefront/storefront: Accepted True → absent on parent Gateway infra/prod-web',
        mentions: [],
      },
    ],
    breaks: true,
    nodes: topology.nodes.filter((node) => node.id !== GATEWAY),
    edges: topology.edges.filter((edge) => edge.from !== GATEWAY && edge.to !== GATEWAY),
    findings: [],
    removed: gateway ? [gateway] : [],
    issues: [],
  };
}

const nodeClass = (container: HTMLElement, id: string) =>
  container.querySelector(`.react-flow__node[data-id="${id}"] .gm-node`)?.className ?? '';

describe('the what-if overlay', () => {
  it('opens with the manifests of the URL fragment, draws the overlay with marks, and leaves it', async () => {
    const server = fakeServer({
      'GET /api/session': () => json(ADMIN_SESSION),
      'GET /api/topology': () => json(topology),
      'POST /api/what-if': () => json(answer()),
    });
    const { container } = renderApp(`/${whatIfFragment(MANIFESTS)}`);
    const panel = await screen.findByRole('complementary', { name: 'What if' });
    expect(within(panel).getByRole('textbox')).toHaveProperty('value', MANIFESTS);
    expect(panel.textContent).toContain('Nothing is applied to the cluster');
    // The first render lays out every example (about a hundred objects) from cold.
    await waitFor(() => expect(container.querySelector('.react-flow__node')).not.toBeNull(), {
      timeout: 5000,
    });

    fireEvent.click(within(panel).getByRole('button', { name: 'Show what would change' }));
    await screen.findByRole('status', { name: 'What-if overlay' });
    expect(server.callsTo('POST', '/api/what-if')[0]?.body).toEqual({ manifests: MANIFESTS });
    await waitFor(() => expect(nodeClass(container, GATEWAY)).toContain('is-overlay-removed'));
    expect(nodeClass(container, ROUTE)).toContain('is-verdict-broke');
    expect(within(panel).getByText(/would break something that works today/)).toBeTruthy();
    expect(within(panel).getByText('would break')).toBeTruthy();

    fireEvent.click(within(panel).getByRole('button', { name: 'Leave the overlay' }));
    await waitFor(() => expect(nodeClass(container, ROUTE)).not.toContain('is-verdict-broke'));
    expect(nodeClass(container, GATEWAY)).not.toContain('is-overlay-removed');
    expect(window.location.hash).toBe('');
    expect(screen.queryByRole('status', { name: 'What-if overlay' })).toBeNull();
  });

  it('shows the error naming the line, and takes dropped files', async () => {
    fakeServer({
      'GET /api/session': () => json(ADMIN_SESSION),
      'GET /api/topology': () => json(topology),
      'POST /api/what-if': () => apiError(400, 'manifests:3:1: cannot parse YAML: bad indentation'),
    });
    renderApp('/');
    fireEvent.click(await screen.findByRole('button', { name: 'What if' }));
    const panel = await screen.findByRole('complementary', { name: 'What if' });
    const file = new File([MANIFESTS], 'gateway.yaml', { type: 'application/yaml' });
    fireEvent.drop(panel, { dataTransfer: { files: [file] } });
    await waitFor(() => expect(within(panel).getByRole('textbox')).toHaveProperty('value', MANIFESTS.trim()));
    fireEvent.click(within(panel).getByRole('button', { name: 'Show what would change' }));
    expect(await within(panel).findByText(/manifests:3:1: cannot parse YAML/)).toBeTruthy();
  });

  it('is not offered to a share link, whatever the URL carries', async () => {
    const server = fakeServer({
      'GET /api/session': () => json(shareSession()),
      'GET /api/topology': () => json(topology),
    });
    const { container } = renderApp(`/${whatIfFragment(MANIFESTS)}`);
    await waitFor(() => expect(container.querySelector('.react-flow__node')).not.toBeNull());
    expect(screen.queryByRole('button', { name: 'What if' })).toBeNull();
    expect(screen.queryByRole('complementary', { name: 'What if' })).toBeNull();
    expect(server.callsTo('POST', '/api/what-if')).toEqual([]);
  });
});
