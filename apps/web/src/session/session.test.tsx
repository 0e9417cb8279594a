/**
 * The map under each kind of session: the admin, a share link (read-only), nobody; and a share
 * link that is revoked while the map is open.
 */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { estateOverview, summarizeEstate, type TopologyResponse } from '@gatemap/topology';
import { exampleTopology } from '../test/example-topology.ts';
import {
  ADMIN_SESSION,
  apiError,
  fakeServer,
  FakeEventSource,
  heldAnswer,
  json,
  shareSession,
} from '../test/fake-server.ts';
import { mapShown, renderApp, useFakeBrowser } from '../test/render-app.tsx';

const REVOKED = 'This share link was revoked or has expired. Ask whoever sent it for a new one.';
let topology: TopologyResponse;

useFakeBrowser();
beforeEach(() => {
  topology = exampleTopology();
});

async function openStream(): Promise<FakeEventSource> {
  await waitFor(() => expect(FakeEventSource.instances.length).toBe(1));
  const source = FakeEventSource.instances[0] as FakeEventSource;
  act(() => {
    source.open();
    source.emit('snapshot', topology, 'boot.1');
  });
  return source;
}

describe('sessions', () => {
  it('shows the summary that came with the big picture, and does not ask for it again', async () => {
    const answer = heldAnswer(() => json(topology));
    const server = fakeServer({
      'GET /api/session': () => json(ADMIN_SESSION),
      'GET /api/overview': () =>
        json({
          revision: topology.revision,
          overview: estateOverview(topology),
          summary: summarizeEstate(topology),
        }),
      'GET /api/topology': answer.handler,
    });
    const { container } = renderApp('/?summary=1');
    await mapShown(container);
    expect(container.querySelector('.gm-map.is-preview')).not.toBeNull();
    const region = screen.getByRole('region', { name: 'Estate summary' });
    const attached = summarizeEstate(topology).attached;
    expect(region.querySelector('[data-figure="attached|||"]')?.textContent).toContain(
      `${attached} attached`,
    );

    answer.release();
    await waitFor(() => expect(container.querySelector('.gm-map.is-preview')).toBeNull());
    expect(region.querySelector('[data-figure="attached|||"]')?.textContent).toContain(
      `${attached} attached`,
    );
    expect(server.callsTo('GET', '/api/summary')).toHaveLength(0);
  });

  it('says so when the topology fails after the big picture came ahead of it, with a retry', async () => {
    // Refused (a 4xx is not asked again): the share link ended between the two requests, say.
    const refused = heldAnswer(() => apiError(403, 'not for this credential'));
    fakeServer({
      'GET /api/session': () => json(ADMIN_SESSION),
      'GET /api/overview': () => json({ revision: 1, overview: estateOverview(topology) }),
      'GET /api/topology': refused.handler,
    });
    const { container } = renderApp();
    await mapShown(container);
    expect(container.querySelector('.gm-map.is-preview')).not.toBeNull();
    refused.release();
    expect(await screen.findByText('Cannot load the topology')).toBeTruthy();
    expect(screen.getByText('not for this credential')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    expect(container.querySelector('.gm-map')).toBeNull();
  });

  it('gives the admin the whole map with the Share button and no read-only banner', async () => {
    fakeServer({ 'GET /api/session': () => json(ADMIN_SESSION), 'GET /api/topology': () => json(topology) });
    const { container } = renderApp();
    await mapShown(container);
    expect(screen.getByRole('button', { name: 'Share' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(screen.queryByRole('note', { name: 'Shared view' })).toBeNull();
  });

  it('shows a share link read-only: the banner with label, namespaces and expiry, no share management', async () => {
    fakeServer({ 'GET /api/session': () => json(shareSession()), 'GET /api/topology': () => json(topology) });
    const { container } = renderApp();
    await mapShown(container);
    const banner = screen.getByRole('note', { name: 'Shared view' });
    expect(banner.textContent).toContain('Read-only');
    expect(banner.textContent).toContain(
      'Shared view: shop team — namespaces shop-storefront, shop-preview — expires in 24 hours',
    );
    expect(screen.queryByRole('button', { name: 'Share' })).toBeNull();
    expect(screen.queryByRole('dialog', { name: 'Share links' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Leave' })).toBeTruthy();
    // The test hooks are the same in a shared view.
    expect(container.querySelector('.react-flow__node[data-id="Gateway/infra/prod-web"]')).not.toBeNull();
  });

  it('renders a label with markup as text', async () => {
    const label = '<img src=x onerror=alert(1)><b>team</b>';
    fakeServer({
      'GET /api/session': () => json(shareSession({ label })),
      'GET /api/topology': () => json(topology),
    });
    const { container } = renderApp();
    await mapShown(container);
    expect(screen.getByRole('note', { name: 'Shared view' }).textContent).toContain(`Shared view: ${label}`);
    expect(container.querySelector('img, .gm-share-banner b')).toBeNull();
  });

  it('asks whoever has no credential to open the URL gatemap serve printed', async () => {
    fakeServer({
      'GET /api/session': () =>
        apiError(
          401,
          'sign in: open the URL gatemap serve printed (it ends in ?token=…), or send Authorization',
        ),
    });
    renderApp();
    await screen.findByRole('heading', { name: 'Sign in to see the map' });
    expect(document.querySelector('.gm-signin-hint')?.textContent).toBe(
      'Sign in: open the URL gatemap serve printed when it started — it ends in ?token=….',
    );
    expect(FakeEventSource.instances.length).toBe(0);
  });

  it('replaces the map when the stream says the share link was revoked, and does not reconnect', async () => {
    const server = fakeServer({
      'GET /api/session': () => json(shareSession()),
      'GET /api/topology': () => json(topology),
    });
    const { container } = renderApp();
    await mapShown(container);
    const source = await openStream();
    act(() => source.emit('revoked', { message: 'This share link was revoked or has expired.' }));
    expect(await screen.findByText(REVOKED)).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain(REVOKED);
    expect(container.querySelector('.react-flow')).toBeNull();
    expect(source.closed).toBe(true);
    // The browser's reconnection attempt after the server ended the stream changes nothing.
    act(() => source.fail(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(FakeEventSource.instances.length).toBe(1);
    expect(server.callsTo('GET', '/api/session').length).toBe(1);
  });

  it('ends a shared view whose stream fails and whose session now answers 401', async () => {
    const server = fakeServer({
      'GET /api/session': () => json(shareSession()),
      'GET /api/topology': () => json(topology),
    });
    const { container } = renderApp();
    await mapShown(container);
    const source = await openStream();
    server.routes['GET /api/session'] = () => apiError(401, 'sign in');
    act(() => source.fail(true));
    expect(await screen.findByText(REVOKED)).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(FakeEventSource.instances.length).toBe(1);
  });

  it('tells the admin to sign in again when a later request answers 401', async () => {
    const server = fakeServer({
      'GET /api/session': () => json(ADMIN_SESSION),
      'GET /api/topology': () => json(topology),
      'GET /api/share-links': () => apiError(401, 'sign in'),
    });
    const { container } = renderApp();
    await mapShown(container);
    fireEvent.click(screen.getByRole('button', { name: 'Share' }));
    await screen.findByRole('heading', { name: 'Your session has ended' });
    expect(screen.getByText(/it ends in/).textContent).toContain('?token=…');
    expect(screen.queryByText(REVOKED)).toBeNull();
    expect(server.callsTo('GET', '/api/share-links').length).toBe(1);
  });

  it('signs out with the CSRF header and says so', async () => {
    document.cookie = 'gatemap_csrf=page-token; path=/';
    const server = fakeServer({
      'GET /api/session': () => json(ADMIN_SESSION),
      'GET /api/topology': () => json(topology),
      'POST /api/session/logout': () => json({ status: 'signed out' }),
    });
    const { container } = renderApp();
    await mapShown(container);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('heading', { name: 'Signed out' });
    expect(server.callsTo('POST', '/api/session/logout')[0]?.headers['x-gatemap-csrf']).toBe('page-token');
  });
});
