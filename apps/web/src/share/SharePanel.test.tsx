/**
 * The admin's share-link panel against a mocked server: create (prefilled from the view, routes
 * limited to the chosen namespaces, the URL shown once), list, uses, revoke, and the server's
 * refusals shown as it worded them.
 */
import { QueryClient } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TopologyResponse } from '@gatemap/topology';
import type { ShareLink } from '../api/access-api.ts';
import { App } from '../App.tsx';
import { TopologyStore } from '../store/topology-store.ts';
import { EXAMPLE_CLUSTER } from '../test/example-topology.ts';
import {
  ADMIN_SESSION,
  apiError,
  clearCookies,
  fakeServer,
  FakeEventSource,
  json,
} from '../test/fake-server.ts';
import { topologyNode } from '../test/topology-builders.ts';

const ROUTE = { type: 'route', hostnames: [], rules: 1, parents: 1 } as const;
const HOUR = 3_600_000;

const topology: TopologyResponse = {
  revision: 3,
  clusters: [EXAMPLE_CLUSTER],
  nodes: [
    topologyNode({ kind: 'HTTPRoute', namespace: 'shop-storefront', name: 'web', summary: ROUTE }),
    topologyNode({ kind: 'HTTPRoute', namespace: 'shop-storefront', name: 'cart', summary: ROUTE }),
    topologyNode({ kind: 'Service', namespace: 'shop-storefront', name: 'web' }),
    topologyNode({ kind: 'HTTPRoute', namespace: 'payments', name: 'checkout', summary: ROUTE }),
  ],
  edges: [],
  findings: [],
};

function link(overrides: Partial<ShareLink> & Pick<ShareLink, 'id' | 'label'>): ShareLink {
  return {
    cluster: 'demo',
    namespaces: ['payments'],
    createdAt: new Date(Date.now() - 2 * HOUR).toISOString(),
    expiresAt: new Date(Date.now() + 22 * HOUR).toISOString(),
    createdBy: 'admin',
    uses: 0,
    ...overrides,
  };
}

let links: ShareLink[];

beforeEach(() => {
  FakeEventSource.install();
  document.cookie = 'gatemap_csrf=csrf-123; path=/';
  links = [
    link({
      id: 'pay1',
      label: 'payments team',
      uses: 3,
      lastUsedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    }),
    link({ id: 'old1', label: 'old audit', revokedAt: new Date(Date.now() - HOUR).toISOString() }),
    link({ id: 'exp1', label: 'contractor', expiresAt: new Date(Date.now() - 3 * HOUR).toISOString() }),
  ];
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearCookies();
});

function server(extra: Parameters<typeof fakeServer>[0] = {}) {
  return fakeServer({
    'GET /api/session': () => json(ADMIN_SESSION),
    'GET /api/topology': () => json(topology),
    'GET /api/share-links': () => json({ links }),
    'POST /api/share-links': (call) => {
      const body = call.body as ShareLink;
      const created = link({
        ...body,
        id: 'new1',
        expiresAt: new Date(Date.now() + 7 * 24 * HOUR).toISOString(),
      });
      links = [created, ...links];
      return json(
        {
          id: 'new1',
          url: 'http://127.0.0.1:7431/s/gms_new1.secret',
          token: 'gms_new1.secret',
          link: created,
        },
        201,
      );
    },
    'GET /api/share-links/pay1/uses': () =>
      json({
        uses: [
          {
            at: new Date(Date.now() - 5 * 60_000).toISOString(),
            firstAt: new Date(Date.now() - 9 * 60_000).toISOString(),
            count: 3,
            what: 'stream',
            remote: '10.0.0.7',
          },
          {
            at: new Date(Date.now() - 6 * 60_000).toISOString(),
            firstAt: new Date(Date.now() - 6 * 60_000).toISOString(),
            count: 1,
            what: 'open',
            remote: '10.0.0.7',
          },
        ],
      }),
    'DELETE /api/share-links/pay1': () => {
      links = links.map((item) =>
        item.id === 'pay1' ? { ...item, revokedAt: new Date().toISOString() } : item,
      );
      return json({ link: links.find((item) => item.id === 'pay1') });
    },
    ...extra,
  });
}

async function openPanel(search: string) {
  window.history.replaceState(null, '', `/${search}`);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(<App store={new TopologyStore()} queryClient={queryClient} />);
  fireEvent.click(await screen.findByRole('button', { name: 'Share' }));
  const dialog = screen.getByRole('dialog', { name: 'Share links' });
  await within(dialog).findByRole('group', { name: /^Namespaces/ });
  return dialog;
}

const checkbox = (scope: HTMLElement, group: string, name: string) =>
  within(within(scope).getByRole('group', { name: new RegExp(`^${group}`) })).getByRole('checkbox', {
    name: new RegExp(`^${name.replace(/[/]/g, '\\/')}`),
  }) as HTMLInputElement;

describe('the share panel', () => {
  it('creates a link scoped to the filtered namespace and shows its URL once', async () => {
    const calls = server();
    const dialog = await openPanel('?ns=shop-storefront');
    expect(checkbox(dialog, 'Namespaces', 'shop-storefront').checked).toBe(true);
    expect(checkbox(dialog, 'Namespaces', 'payments').checked).toBe(false);
    const routes = within(dialog).getByRole('group', { name: /^Routes/ });
    expect(
      within(routes)
        .getAllByRole('checkbox')
        .map((box) => box.parentElement?.textContent),
    ).toEqual(['shop-storefront/cartHTTPRoute', 'shop-storefront/webHTTPRoute']);

    fireEvent.click(checkbox(dialog, 'Routes', 'shop-storefront/web'));
    fireEvent.click(within(dialog).getByRole('radio', { name: '7 days' }));
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Label' }), {
      target: { value: 'shop team' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));

    const url = (await within(dialog).findByRole('textbox', { name: 'Share link URL' })) as HTMLInputElement;
    expect(url.value).toBe('http://127.0.0.1:7431/s/gms_new1.secret');
    expect(within(dialog).getByText(/cannot be shown again/)).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Copy link' })).toBeTruthy();
    const [post] = calls.callsTo('POST', '/api/share-links');
    expect(post?.body).toEqual({
      cluster: 'demo',
      namespaces: ['shop-storefront'],
      routes: ['shop-storefront/web'],
      expiresIn: '7d',
      label: 'shop team',
    });
    expect(post?.headers['x-gatemap-csrf']).toBe('csrf-123');
    // The list is fetched again and shows the new link.
    await within(dialog).findByRole('listitem', { name: 'Share link shop team' });

    // Creating another forgets the URL for good.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create another link' }));
    expect(within(dialog).queryByRole('textbox', { name: 'Share link URL' })).toBeNull();
  });

  it("starts from the selected object's namespace and drops Routes outside the chosen namespaces", async () => {
    const calls = server();
    const dialog = await openPanel('?sel=HTTPRoute/payments/checkout');
    expect(checkbox(dialog, 'Namespaces', 'payments').checked).toBe(true);
    fireEvent.click(checkbox(dialog, 'Routes', 'payments/checkout'));
    fireEvent.click(checkbox(dialog, 'Namespaces', 'payments'));
    fireEvent.click(checkbox(dialog, 'Namespaces', 'shop-storefront'));
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Label' }), { target: { value: 'x' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    await within(dialog).findByRole('textbox', { name: 'Share link URL' });
    expect(calls.callsTo('POST', '/api/share-links')[0]?.body).toEqual({
      cluster: 'demo',
      namespaces: ['shop-storefront'],
      expiresIn: '24h',
      label: 'x',
    });
  });

  it('says what is missing before sending, and shows the server refusal as it was worded', async () => {
    const calls = server({
      'POST /api/share-links': () =>
        apiError(400, 'body/expiresIn must be between 1m and 90d, e.g. 30m, 24h, 7d'),
    });
    const dialog = await openPanel('');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    const problems = within(dialog).getByRole('alert');
    expect(problems.textContent).toContain('Choose at least one namespace.');
    expect(problems.textContent).toContain('Give the link a label');
    expect(calls.callsTo('POST', '/api/share-links')).toEqual([]);

    fireEvent.click(checkbox(dialog, 'Namespaces', 'payments'));
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Label' }), { target: { value: 'pay' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'The server refused to create the link: body/expiresIn must be between 1m and 90d, e.g. 30m, 24h, 7d',
    );
  });

  it('lists links with scope, state, expiry and uses; shows the uses; revokes after confirmation', async () => {
    const calls = server();
    const dialog = await openPanel('');
    const active = await within(dialog).findByRole('listitem', { name: 'Share link payments team' });
    expect(active.textContent).toContain('active');
    expect(active.textContent).toContain('namespace payments');
    expect(active.textContent).toContain('expires in 22 hours');
    expect(active.textContent).toContain('used 3 times, last 5 minutes ago');
    const revoked = within(dialog).getByRole('listitem', { name: 'Share link old audit' });
    expect(revoked.textContent).toContain('revoked 60 minutes ago');
    expect(within(revoked).queryByRole('button', { name: 'Revoke' })).toBeNull();
    const expired = within(dialog).getByRole('listitem', { name: 'Share link contractor' });
    expect(expired.textContent).toContain('expired 3 hours ago');

    fireEvent.click(within(active).getByRole('button', { name: 'Uses (3)' }));
    const table = await within(active).findByRole('table');
    expect(
      within(table)
        .getAllByRole('row')
        .map((row) => row.textContent),
    ).toEqual([
      'LastWhatFromTimes',
      '5 minutes agoopened the live stream10.0.0.73',
      '6 minutes agoopened the link10.0.0.71',
    ]);

    fireEvent.click(within(active).getByRole('button', { name: 'Revoke' }));
    const confirm = within(active).getByRole('group', { name: 'Confirm revocation' });
    expect(calls.callsTo('DELETE', '/api/share-links/pay1')).toEqual([]);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Revoke link' }));
    await waitFor(() => expect(active.textContent).toContain('revoked'));
    const [del] = calls.callsTo('DELETE', '/api/share-links/pay1');
    expect(del?.headers['x-gatemap-csrf']).toBe('csrf-123');
    expect(within(active).queryByRole('button', { name: 'Revoke' })).toBeNull();
  });

  it('keeps a link when the confirmation is declined, and shows a refused revocation', async () => {
    const calls = server({
      'DELETE /api/share-links/pay1': () =>
        apiError(
          403,
          "missing or wrong x-gatemap-csrf header: changes need the CSRF token of gatemap's page",
        ),
    });
    const dialog = await openPanel('');
    const active = await within(dialog).findByRole('listitem', { name: 'Share link payments team' });
    fireEvent.click(within(active).getByRole('button', { name: 'Revoke' }));
    fireEvent.click(within(active).getByRole('button', { name: 'Keep it' }));
    expect(calls.callsTo('DELETE', '/api/share-links/pay1')).toEqual([]);

    fireEvent.click(within(active).getByRole('button', { name: 'Revoke' }));
    fireEvent.click(within(active).getByRole('button', { name: 'Revoke link' }));
    expect((await within(active).findByRole('alert')).textContent).toContain(
      'Could not revoke: missing or wrong x-gatemap-csrf header',
    );
  });

  it('closes with Escape', async () => {
    server();
    const dialog = await openPanel('');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Share links' })).toBeNull();
  });
});
