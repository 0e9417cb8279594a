/**
 * The migration from Ingress in the map: the summary panel (only where there are Ingresses), an
 * Ingress's unserved keys in its details, and its replacement asked of the server for the Gateway
 * picked, shown with its check and a copy button; an error is shown as the server says it, and a
 * share link sees the coverage but is offered no replacement.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { IngressReplacementResponse, ObjectKey, TopologyResponse } from '@gatemap/topology';
import { exampleTopology } from '../../test/example-topology.ts';
import { ADMIN_SESSION, apiError, fakeServer, json, shareSession } from '../../test/fake-server.ts';
import { renderApp, useFakeBrowser } from '../../test/render-app.tsx';

const BLOG = 'Ingress/shop/blog';
const YAML =
  'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: blog, namespace: shop}\n';
let topology: TopologyResponse;

useFakeBrowser();
beforeEach(() => {
  topology = exampleTopology();
});

const replacement: IngressReplacementResponse = {
  cluster: 'demo',
  ingress: BLOG as ObjectKey,
  gateway: 'Gateway/infra/prod-web' as ObjectKey,
  yaml: YAML,
  proposed: [{ key: 'HTTPRoute/shop/blog' as ObjectKey, accepted: true, reasons: [] }],
  rejected: [],
  problems: [],
  untranslated: [
    { annotation: 'nginx.ingress.kubernetes.io/auth-url', value: 'http://auth', meaning: 'external auth' },
  ],
  coverage: 'not-started',
  coverageAfter: 'covered',
  breaks: false,
};

describe('the migration from Ingress', () => {
  it('sums the Ingresses up and lists what remains', async () => {
    fakeServer({ 'GET /api/session': () => json(ADMIN_SESSION), 'GET /api/topology': () => json(topology) });
    renderApp('/');
    fireEvent.click(await screen.findByRole('button', { name: 'Migration' }));
    const panel = await screen.findByRole('complementary', { name: 'Migration from Ingress' });
    expect(within(panel).getByTestId('migration-total').textContent).toBe(
      '3 Ingresses: 1 covered · 1 partial · 1 not started',
    );
    expect(
      within(panel)
        .getAllByRole('button', { name: /^shop\// })
        .map((button) => button.textContent),
    ).toEqual(['shop/blog', 'shop/checkout']);
  });

  it('offers no migration summary in a map without Ingresses', async () => {
    const withoutIngresses = {
      ...topology,
      nodes: topology.nodes.filter((node) => node.kind !== 'Ingress'),
      edges: topology.edges.filter(
        (edge) => !edge.from.includes('Ingress/') && !edge.to.includes('Ingress/'),
      ),
    };
    fakeServer({
      'GET /api/session': () => json(ADMIN_SESSION),
      'GET /api/topology': () => json(withoutIngresses),
    });
    const { container } = renderApp('/');
    await waitFor(() => expect(container.querySelector('.react-flow__node')).not.toBeNull());
    expect(screen.queryByRole('button', { name: 'Migration' })).toBeNull();
  });

  it('asks the server for the replacement on the Gateway picked, and shows its check and YAML', async () => {
    const server = fakeServer({
      'GET /api/session': () => json(ADMIN_SESSION),
      'GET /api/topology': () => json(topology),
      'POST /api/ingress-replacement': () => json(replacement),
    });
    renderApp(`/?sel=${encodeURIComponent(BLOG)}`);
    const section = await screen.findByRole('region', { name: 'Migration to the Gateway API' });
    expect(section.textContent).toContain('0 of 1 routing key served');
    expect(section.querySelector('[data-reason="no-route"]')?.textContent).toContain(
      'blog.example.com/ (Prefix)',
    );
    fireEvent.change(within(section).getByLabelText('Gateway'), { target: { value: 'infra/prod-web' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Generate the replacement' }));
    expect(await within(section).findByLabelText('Replacement YAML')).toHaveProperty('textContent', YAML);
    expect(server.callsTo('POST', '/api/ingress-replacement')[0]?.body).toEqual({
      ingress: 'shop/blog',
      gateway: 'infra/prod-web',
      cluster: 'demo',
    });
    expect(section.textContent).toContain('the Ingress would be covered');
    expect(section.textContent).toContain(
      'nginx.ingress.kubernetes.io/auth-url (not translated): external auth',
    );
    expect(within(section).getByRole('button', { name: 'Copy the replacement' })).toBeTruthy();
  });

  it('shows the server’s refusal', async () => {
    fakeServer({
      'GET /api/session': () => json(ADMIN_SESSION),
      'GET /api/topology': () => json(topology),
      'POST /api/ingress-replacement': () =>
        apiError(400, 'body/gateway: no Gateway infra/prod-web in cluster "demo"'),
    });
    renderApp(`/?sel=${encodeURIComponent(BLOG)}`);
    const section = await screen.findByRole('region', { name: 'Migration to the Gateway API' });
    fireEvent.click(within(section).getByRole('button', { name: 'Generate the replacement' }));
    expect((await within(section).findByRole('alert')).textContent).toContain(
      'body/gateway: no Gateway infra/prod-web',
    );
  });

  it('shows a share link the coverage, and offers it no replacement', async () => {
    const server = fakeServer({
      'GET /api/session': () => json(shareSession({ namespaces: ['shop'] })),
      'GET /api/topology': () => json(topology),
    });
    renderApp(`/?sel=${encodeURIComponent(BLOG)}`);
    const section = await screen.findByRole('region', { name: 'Migration to the Gateway API' });
    expect(section.textContent).toContain('not started');
    expect(within(section).queryByRole('button', { name: 'Generate the replacement' })).toBeNull();
    expect(server.callsTo('POST', '/api/ingress-replacement')).toEqual([]);
  });

  it('lists an Ingress’s resource backends, which have no edge, in its details and on its node', async () => {
    const withResource: TopologyResponse = {
      ...topology,
      nodes: topology.nodes.map((node) =>
        node.id === BLOG && node.summary.type === 'ingress'
          ? {
              ...node,
              summary: {
                ...node.summary,
                resourceBackends: [
                  {
                    field: 'spec.defaultBackend',
                    apiGroup: 'k8s.example.com',
                    kind: 'StorageBucket',
                    name: 'static-assets',
                  },
                ],
              },
            }
          : node,
      ),
    };
    fakeServer({
      'GET /api/session': () => json(ADMIN_SESSION),
      'GET /api/topology': () => json(withResource),
    });
    renderApp(`/?sel=${encodeURIComponent(BLOG)}`);
    const section = await screen.findByRole('region', { name: 'Migration to the Gateway API' });
    expect(within(section).getByRole('list', { name: 'Resource backends' }).textContent).toBe(
      'spec.defaultBackend: StorageBucket.k8s.example.com static-assets',
    );
    await waitFor(() =>
      expect(document.querySelector(`.react-flow__node[data-id="${BLOG}"]`)?.textContent ?? '').toContain(
        '1 resource backend, not drawn',
      ),
    );
  });
});
