/**
 * Share links in the browser: a link scoped to namespace `marketing-web` of the demo shows that
 * team's Routes and Services and the Gateway they attach to, and nothing the browser receives
 * (REST bodies, every Server-Sent Event, the DOM) names another team's objects; tampered and
 * revoked links are refused; revoking a link ends an open shared page within seconds.
 *
 * The admin creates and revokes links through the API with the bearer token; each shared page is
 * opened in the test's own fresh browser context, which never signed in as the admin.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import type { ClustersResponse, TopologyResponse } from '../packages/topology/src/api.ts';
import {
  attachView,
  expect,
  mapEdge,
  mapNode,
  mapNodes,
  nodeIds,
  serverFixture,
  test as base,
  waitForMap,
  type RunningServer,
} from './fixtures.ts';

const ROOT = join(import.meta.dirname, '..');
const SCOPE = 'marketing-web';

const test = base.extend<{ adminApi: APIRequestContext }, { shared: RunningServer }>({
  // Its own server: refused links count against the per-address failure limit (20 a minute).
  shared: serverFixture(['--demo']),
  // page.request (the browser context's cookies) resolves paths against the shared server.
  baseURL: async ({ shared }, use) => {
    await use(shared.url);
  },
  adminApi: async ({ playwright, shared }, use) => {
    const api = await playwright.request.newContext({
      baseURL: shared.url,
      extraHTTPHeaders: { authorization: `Bearer ${shared.adminToken}` },
    });
    await use(api);
    await api.dispose();
  },
});

interface CreatedLink {
  readonly id: string;
  readonly url: string;
  readonly token: string;
}

async function createLink(api: APIRequestContext, label: string): Promise<CreatedLink> {
  const response = await api.post('/api/share-links', {
    data: { namespaces: [SCOPE], expiresIn: '1h', label },
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as CreatedLink;
}

async function revokeLink(api: APIRequestContext, link: CreatedLink): Promise<void> {
  expect((await api.delete(`/api/share-links/${link.id}`)).status()).toBe(200);
}

/**
 * Names of other teams' Routes, Services, Gateways, classes and namespaces that a link to
 * `marketing-web` must never reveal. Each is checked against `gatemap analyze -f examples`: it
 * names an object the link may not see, and no object it may see, so finding it anywhere is a leak.
 */
const OTHER_TEAMS = [
  'legacy-catalog',
  'storefront-preview',
  'storefront-https-redirect',
  'admin-console',
  'orders-api-shadow',
  'checkout-frontend',
  'checkout-api',
  'refunds-api',
  'catalog-v1',
  'catalog-v2',
  'postgres-readonly',
  'warehouse-tls',
  'partner-portal',
  'status-page',
  'internal-lb',
  'partner-edge',
  'db-edge',
  'internal-nginx',
  'shop-legacy',
  'shop-preview',
  'shop-storefront',
  'orders-prod',
  'orders-staging',
  'payments-web',
  'payments-ops',
  'payments-api',
  'catalog-api',
  'db-postgres',
  'db-gateway',
  'edge-apps',
  'edge-system',
  'edge-inventory',
];

/** What the README promises a link to SCOPE sees: its objects, their parents' Gateways and classes, their backends. */
function visibleToScope(topology: Pick<TopologyResponse, 'nodes' | 'edges'>): Set<string> {
  const visible = new Set(topology.nodes.filter((node) => node.namespace === SCOPE).map((node) => node.id));
  for (const edge of topology.edges) if (visible.has(edge.from)) visible.add(edge.to);
  for (const edge of topology.edges)
    if (edge.type === 'class' && visible.has(edge.to)) visible.add(edge.from);
  return visible;
}

interface Received {
  /** Every HTTP response body the page received, but the event streams. */
  readonly bodies: { url: string; status: number; body: string }[];
  /** Every Server-Sent Event the browser received, as DevTools sees it (whether or not the page listens). */
  readonly events: { event: string; data: string }[];
  /** Waits until every body has been read. */
  readonly settled: () => Promise<void>;
}

/** Starts recording what the browser receives; call before the first navigation. */
async function recordReceived(page: Page): Promise<Received> {
  const received: Received = {
    bodies: [],
    events: [],
    settled: async () => {
      await Promise.all(reads);
    },
  };
  const reads: Promise<void>[] = [];
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('Network.enable');
  devtools.on('Network.eventSourceMessageReceived', (message) =>
    received.events.push({ event: message.eventName, data: message.data }),
  );
  page.on('response', (response) => {
    // An open event stream has no complete body; DevTools hands over its events one by one.
    if (response.headers()['content-type']?.startsWith('text/event-stream')) return;
    reads.push(
      response.text().then(
        (body) => void received.bodies.push({ url: response.url(), status: response.status(), body }),
        // Redirects have no body; their headers are checked by the tests that care.
        () => void received.bodies.push({ url: response.url(), status: response.status(), body: '' }),
      ),
    );
  });
  return received;
}

function leaks(text: string): string[] {
  return OTHER_TEAMS.filter((name) => text.includes(name));
}

test.describe('share links', () => {
  test('show the team its namespace and the Gateway it attaches to, and nothing of other teams', async ({
    page,
    adminApi,
  }, testInfo) => {
    // The names used below are other teams' in the demo's own analysis.
    const analysis = spawnSync(
      process.execPath,
      [join(ROOT, 'apps/server/bin/gatemap.js'), 'analyze', '-f', join(ROOT, 'examples'), '-o', 'json'],
      { encoding: 'utf8' },
    );
    const topology = JSON.parse(analysis.stdout) as Pick<TopologyResponse, 'nodes' | 'edges'>;
    const visible = visibleToScope(topology);
    const hidden = topology.nodes.filter((node) => !visible.has(node.id));
    for (const name of OTHER_TEAMS) {
      expect(
        hidden.some((node) => node.name === name || node.namespace === name),
        `${name} names an object outside the link`,
      ).toBe(true);
      expect(
        [...visible].filter((id) => id.includes(name)),
        `${name} is part of no visible object`,
      ).toEqual([]);
    }

    const { clusters } = (await (await adminApi.get('/api/clusters')).json()) as ClustersResponse;
    const cluster = clusters[0]?.name ?? '';
    const link = await createLink(adminApi, 'e2e marketing');
    expect(link.url).toMatch(/\/s\/gms_/);
    const received = await recordReceived(page);
    const opened = await page.goto(link.url);
    expect(opened?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/');
    await waitForMap(page);

    const team = [
      `HTTPRoute/${SCOPE}/brand-site`,
      `HTTPRoute/${SCOPE}/summer-sale`,
      `Service/${SCOPE}/brand-site`,
      `Service/${SCOPE}/summer-sale`,
    ];
    const shared = ['Gateway/infra/prod-web', 'GatewayClass/example'];
    expect(await nodeIds(page)).toEqual([...team, ...shared].sort());
    // Read-only, and says what it shows; the admin's controls are not there.
    const banner = page.getByRole('note', { name: 'Shared view' });
    await expect(banner).toContainText('Read-only');
    await expect(banner).toContainText(`namespaces ${SCOPE}`);
    await expect(page.getByRole('button', { name: 'Share', exact: true })).toHaveCount(0);
    // Secrets are never sent as objects, whatever a visible Gateway references.
    expect([...visible].filter((id) => !id.startsWith('Secret/')).sort()).toEqual(
      [...team, ...shared].sort(),
    );
    // The team sees why its Route is rejected by the shared Gateway.
    const rejected = mapEdge(page, 'parent', `HTTPRoute/${SCOPE}/summer-sale`, 'Gateway/infra/prod-web');
    await expect(rejected).toHaveAttribute('data-state', 'rejected');
    await expect(rejected).toHaveAttribute('data-reason', 'NoMatchingListenerHostname');
    await attachView(page, testInfo, 'shared view');

    // Drill into the team's Route and into the shared Gateway (its YAML and references).
    await mapNode(page, `HTTPRoute/${SCOPE}/summer-sale`).click();
    const routePanel = page.getByRole('complementary', { name: `Details of HTTPRoute ${SCOPE}/summer-sale` });
    await expect(routePanel.locator('pre.gm-yaml')).toContainText('shop.example.org');
    await mapNode(page, 'Gateway/infra/prod-web').click();
    const gatewayPanel = page.getByRole('complementary', { name: 'Details of Gateway infra/prod-web' });
    await expect(gatewayPanel.locator('pre.gm-yaml')).toContainText('name: prod-web');
    await expect(gatewayPanel.locator('.gm-edges')).toContainText(`HTTPRoute/${SCOPE}/brand-site`);
    await attachView(page, testInfo, 'shared gateway details');
    await received.settled();

    // Not vacuous: the scan covers the topology, both objects and the stream, which resumes from
    // the fetched topology (no snapshot again) and starts with the link's cluster status.
    const paths = received.bodies.map((item) => new URL(item.url).pathname);
    expect(paths).toContain('/api/topology');
    expect(paths).toContain(`/api/objects/${cluster}/HTTPRoute/${SCOPE}/summer-sale`);
    expect(paths).toContain(`/api/objects/${cluster}/Gateway/infra/prod-web`);
    expect(received.events.map((item) => item.event)).toContain('clusters');
    for (const item of received.bodies) expect(leaks(item.body), `response ${item.url}`).toEqual([]);
    for (const item of received.events) expect(leaks(item.data), `stream event ${item.event}`).toEqual([]);
    expect(leaks(await page.content()), 'the DOM').toEqual([]);
    expect(leaks(await page.locator('body').innerText()), 'the text').toEqual([]);
    const edgeIds = await page
      .locator('g.react-flow__edge')
      .evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''));
    expect(edgeIds.length).toBeGreaterThan(0);
    expect(leaks(edgeIds.join('\n')), 'the edges').toEqual([]);

    // Other teams' objects are not there for this link, even when asked for by name…
    for (const [path, status] of [
      [`/api/objects/${cluster}/HTTPRoute/shop-legacy/legacy-catalog`, 404],
      [`/api/objects/${cluster}/Service/payments-api/refunds-api`, 404],
      [`/api/objects/${cluster}/HTTPRoute/infra/admin-console`, 404],
      [`/api/objects/${cluster}/HTTPRoute/${SCOPE}/brand-site`, 200],
      // …and the link is read-only: the admin's API is closed to it.
      ['/api/share-links', 403],
    ] as const)
      expect((await page.request.get(path)).status(), path).toBe(status);
  });

  test('a tampered link is refused and signs nobody in', async ({ page, adminApi }, testInfo) => {
    const link = await createLink(adminApi, 'e2e tampered');
    const last = link.token.at(-1) === 'A' ? 'B' : 'A';
    const tampered = `${link.url.slice(0, -1)}${last}`;
    const response = await page.goto(tampered);
    expect(response?.status()).toBe(404);
    await expect(page.locator('body')).toContainText('This share link is not valid');
    await attachView(page, testInfo, 'tampered link');
    expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain('gatemap_share');
    expect((await page.request.get('/api/topology')).status()).toBe(401);
    await revokeLink(adminApi, link);
  });

  test('a revoked link is refused with the server’s explanation', async ({ page, adminApi }, testInfo) => {
    const link = await createLink(adminApi, 'e2e revoked');
    await revokeLink(adminApi, link);
    const response = await page.goto(link.url);
    expect(response?.status()).toBe(404);
    await expect(page.locator('body')).toContainText('it may have expired or been revoked');
    await expect(mapNodes(page)).toHaveCount(0);
    await attachView(page, testInfo, 'revoked link');
    expect((await page.request.get('/api/topology')).status()).toBe(401);
  });

  test('revoking a link ends the shared page that is open within seconds', async ({
    page,
    adminApi,
  }, testInfo) => {
    const link = await createLink(adminApi, 'e2e revoked while open');
    const received = await recordReceived(page);
    await page.goto(link.url);
    await waitForMap(page);
    // The stream is open: resumed from the fetched topology, it starts with the cluster status.
    await expect.poll(() => received.events.map((item) => item.event)).toContain('clusters');
    const revokedAt = Date.now();
    await revokeLink(adminApi, link);
    // The server ends the open stream at once, saying why…
    await expect
      .poll(() => received.events.map((item) => item.event), { timeout: 3_000 })
      .toContain('revoked');
    // …and the map gives way to a full-screen message: none of the shared data stays on screen.
    await expect(page.getByText('This share link was revoked or has expired')).toBeVisible({
      timeout: 5_000,
    });
    testInfo.annotations.push({
      type: 'revoked screen',
      description: `shown ${Date.now() - revokedAt} ms after the revocation`,
    });
    await expect(mapNodes(page)).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText('summer-sale');
    await attachView(page, testInfo, 'after revocation');
    expect((await page.request.get('/api/topology')).status()).toBe(401);
    expect((await page.request.get('/api/stream', { timeout: 5_000 })).status()).toBe(401);
  });
});
