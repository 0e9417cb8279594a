/**
 * The migration from Ingress on the demo map (example 09-ingress-migration) in Chromium: the
 * Ingress column beside the backends, with Ingress and Route joining on one Service node; the
 * coverage badges; the migration summary and what remains; and the replacement of an Ingress
 * that is not started, generated for a picked Gateway, checked by the server, and copied; and a
 * team's share link, which shows its Ingresses and their coverage and nothing else.
 */
import { parseAllDocuments } from 'yaml';
import type { TopologyResponse } from '../packages/topology/src/api.ts';
import {
  adminJson,
  attachView,
  expect,
  mapEdge,
  mapNode,
  nodeIds,
  signIn,
  test,
  waitForMap,
} from './fixtures.ts';

test.describe('the migration from Ingress', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'], colorScheme: 'light' });

  test('draws the Ingresses in their own column, on the same Service nodes as the Routes', async ({
    page,
    demo,
  }, testInfo) => {
    await signIn(page, demo);
    await waitForMap(page);
    const ingress = mapNode(page, 'Ingress/shop/web');
    const service = mapNode(page, 'Service/shop/storefront');
    const route = mapNode(page, 'HTTPRoute/shop/storefront');
    await expect(ingress).toHaveAttribute('aria-label', 'Ingress shop/web');
    await expect(mapNode(page, 'IngressClass/nginx')).toBeVisible();
    // One Service node, reached from the Route on its left and from the Ingress on its right.
    await expect(service).toHaveCount(1);
    await expect(
      mapEdge(page, 'backend', 'HTTPRoute/shop/storefront', 'Service/shop/storefront'),
    ).toHaveCount(1);
    await expect(mapEdge(page, 'backend', 'Ingress/shop/web', 'Service/shop/storefront')).toHaveCount(1);
    await expect(mapEdge(page, 'class', 'IngressClass/nginx', 'Ingress/shop/web')).toHaveAttribute(
      'data-state',
      'resolved',
    );
    const [routeBox, serviceBox, ingressBox] = await Promise.all(
      [route, service, ingress].map(async (node) => (await node.boundingBox())!),
    );
    expect(routeBox!.x).toBeLessThan(serviceBox!.x);
    expect(serviceBox!.x).toBeLessThan(ingressBox!.x);
    await attachView(page, testInfo, 'Ingress column');
  });

  test('badges each Ingress with its coverage, as the server judged it', async ({ page, demo }) => {
    const topology = await adminJson<TopologyResponse>(demo, '/api/topology');
    const states = Object.fromEntries(
      topology.nodes
        .filter((node) => node.summary.type === 'ingress')
        .map((node) => [node.id, node.summary.type === 'ingress' ? node.summary.coverage.state : '']),
    );
    expect(states).toEqual({
      'Ingress/shop/web': 'covered',
      'Ingress/shop/checkout': 'partial',
      'Ingress/shop/blog': 'not-started',
    });
    await signIn(page, demo);
    await waitForMap(page);
    for (const [id, state, text] of [
      ['Ingress/shop/web', 'covered', 'covered'],
      ['Ingress/shop/checkout', 'partial', 'partial'],
      ['Ingress/shop/blog', 'not-started', 'not started'],
    ] as const) {
      const badge = mapNode(page, id).locator('[data-coverage]');
      await expect(badge, id).toHaveAttribute('data-coverage', state);
      await expect(badge, id).toHaveText(text);
    }
  });

  test('sums the migration up per namespace and lists what remains', async ({ page, demo }, testInfo) => {
    await signIn(page, demo);
    await waitForMap(page);
    await page.getByRole('button', { name: 'Migration' }).click();
    const panel = page.getByRole('complementary', { name: 'Migration from Ingress' });
    await expect(panel.getByTestId('migration-total')).toHaveText(
      '3 Ingresses: 1 covered · 1 partial · 1 not started',
    );
    await expect(
      panel.getByRole('row', { name: 'Namespace shop: 1 covered · 1 partial · 1 not started' }),
    ).toBeVisible();
    const remaining = panel.locator('.gm-migration__remaining > li');
    await expect(remaining).toHaveCount(2);
    await expect(remaining.nth(0)).toHaveAttribute('data-id', 'Ingress/shop/blog');
    await expect(remaining.nth(1)).toHaveAttribute('data-id', 'Ingress/shop/checkout');
    await expect(remaining.nth(1)).toContainText('pay.example.com/api (Prefix) → checkout-api:8080');
    await expect(remaining.nth(1)).toContainText('no-route');
    await attachView(page, testInfo, 'migration summary');
    // Choosing what remains shows it on the map, with its details.
    await remaining.nth(1).getByRole('button', { name: 'shop/checkout' }).click();
    await expect(page.getByRole('complementary', { name: 'Details of Ingress shop/checkout' })).toBeVisible();
    await expect(page).toHaveURL(/sel=Ingress%2Fshop%2Fcheckout|sel=Ingress\/shop\/checkout/);
  });

  test('generates the replacement of an Ingress for a picked Gateway, checked by the server, and copies it', async ({
    page,
    demo,
  }, testInfo) => {
    await signIn(page, demo);
    await waitForMap(page);
    // From what remains in the migration summary to the Ingress's details.
    await page.getByRole('button', { name: 'Migration' }).click();
    await page
      .getByRole('complementary', { name: 'Migration from Ingress' })
      .getByRole('button', { name: 'shop/blog' })
      .click();
    const panel = page.getByRole('complementary', { name: 'Details of Ingress shop/blog' });
    const migration = panel.getByRole('region', { name: 'Migration to the Gateway API' });
    await expect(migration).toContainText('0 of 1 routing key served');
    await expect(migration.locator('[data-reason="no-route"]')).toContainText(
      'blog.example.com/ (Prefix) → blog:80',
    );

    await migration.getByLabel('Gateway').selectOption('infra/prod-web');
    const asked = page.waitForResponse((response) => response.url().endsWith('/api/ingress-replacement'));
    await migration.getByRole('button', { name: 'Generate the replacement' }).click();
    expect((await asked).status()).toBe(200);
    await expect(migration.locator('.gm-replacement__result')).toContainText('the Ingress would be covered');
    const yaml = migration.getByLabel('Replacement YAML');
    await expect(yaml).toContainText('kind: HTTPRoute');
    await attachView(page, testInfo, 'replacement');

    await migration.getByRole('button', { name: 'Copy the replacement' }).click();
    await expect(migration.getByRole('button', { name: 'Copied ✓' })).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await yaml.textContent());
    const route = parseAllDocuments(copied)
      .map(
        (document) =>
          document.toJS() as { kind: string; metadata: { namespace: string }; spec: Record<string, unknown> },
      )
      .find((document) => document.kind === 'HTTPRoute');
    expect(route?.metadata.namespace).toBe('shop');
    expect(route?.spec).toMatchObject({
      parentRefs: [expect.objectContaining({ name: 'prod-web', namespace: 'infra' })],
      hostnames: ['blog.example.com'],
    });
  });

  test('a share link of the shop team shows its Ingresses and their coverage, and nothing else', async ({
    page,
    demo,
  }, testInfo) => {
    const link = await adminJson<{ url: string }>(demo, '/api/share-links', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ namespaces: ['shop'], expiresIn: '1h', label: 'shop team' }),
    });
    await page.goto(link.url);
    await waitForMap(page);
    expect(await nodeIds(page)).toEqual(
      [
        'Gateway/infra/prod-web',
        'GatewayClass/example',
        'HTTPRoute/shop/checkout',
        'HTTPRoute/shop/storefront',
        'Ingress/shop/blog',
        'Ingress/shop/checkout',
        'Ingress/shop/web',
        'Service/shop/blog',
        'Service/shop/checkout',
        'Service/shop/checkout-api',
        'Service/shop/storefront',
      ].sort(),
    );
    await expect(mapNode(page, 'Ingress/shop/checkout').locator('[data-coverage]')).toHaveAttribute(
      'data-coverage',
      'partial',
    );
    await page.getByRole('button', { name: 'Migration' }).click();
    const summary = page.getByRole('complementary', { name: 'Migration from Ingress' });
    await expect(summary.getByTestId('migration-total')).toHaveText(
      '3 Ingresses: 1 covered · 1 partial · 1 not started',
    );
    await summary.getByRole('button', { name: 'shop/blog' }).click();
    const migration = page
      .getByRole('complementary', { name: 'Details of Ingress shop/blog' })
      .getByRole('region', { name: 'Migration to the Gateway API' });
    await expect(migration).toContainText('0 of 1 routing key served');
    await expect(migration.getByRole('button', { name: 'Generate the replacement' })).toHaveCount(0);
    await attachView(page, testInfo, 'shared migration');
  });
});
