/**
 * The map of the bundled examples (`gatemap serve --demo`) in Chromium: every scenario is drawn,
 * each planted problem shows its reason on the map, missing ReferenceGrants come with the grant
 * that fixes them, and the drill-down, deep links, keyboard, theme and filters work.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { parse } from 'yaml';
import type { TopologyResponse } from '../packages/topology/src/api.ts';
import {
  adminJson,
  attachView,
  expect,
  mapEdge,
  mapNode,
  mapNodes,
  nodeIds,
  signIn,
  test,
  waitForMap,
} from './fixtures.ts';

const ROOT = join(import.meta.dirname, '..');

/** A row of the conditions table: condition `type` under the heading `scope`. */
function conditionRow(panel: Locator, scope: string, type: string): Locator {
  return panel
    .locator('table.gm-conditions tbody')
    .filter({ has: panel.page().locator('th[scope="colgroup"]', { hasText: new RegExp(`^${scope}$`) }) })
    .locator('tr')
    .filter({ has: panel.page().locator('th[scope="row"]', { hasText: new RegExp(`^${type}`) }) });
}

function detailsPanel(page: Page, accessibleName: string): Locator {
  return page.getByRole('complementary', { name: `Details of ${accessibleName}` });
}

test.describe('the demo map', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'], colorScheme: 'light' });

  test('draws every object and reference of every scenario, as the server has them', async ({
    page,
    demo,
  }, testInfo) => {
    const topology = await adminJson<TopologyResponse>(demo, '/api/topology');
    await signIn(page, demo);
    await waitForMap(page);
    await attachView(page, testInfo, 'demo map');

    for (const [id, label] of [
      ['GatewayClass/example', 'GatewayClass example'],
      ['Gateway/infra/prod-web', 'Gateway infra/prod-web'],
      ['HTTPRoute/infra/admin-console', 'HTTPRoute infra/admin-console'],
      ['HTTPRoute/shop-storefront/storefront', 'HTTPRoute shop-storefront/storefront'],
      ['HTTPRoute/catalog-api/catalog', 'HTTPRoute catalog-api/catalog'],
      ['HTTPRoute/orders-prod/orders', 'HTTPRoute orders-prod/orders'],
      ['ReferenceGrant/payments-api/allow-payments-web-to-checkout-api', undefined],
      ['HTTPRoute/marketing-web/summer-sale', undefined],
      ['Gateway/db-gateway/db-edge', undefined],
      ['TLSRoute/db-postgres/postgres-tls', 'TLSRoute db-postgres/postgres-tls'],
      ['TCPRoute/db-postgres/postgres-readonly', undefined],
      ['GRPCRoute/edge-inventory/inventory', 'GRPCRoute edge-inventory/inventory'],
      ['Gateway/edge-system/internal-lb', undefined],
      ['Service/payments-api/refunds-api', 'Service payments-api/refunds-api'],
    ] as const) {
      await expect(mapNode(page, id)).toBeVisible();
      if (label) await expect(mapNode(page, id)).toHaveAttribute('aria-label', label);
    }
    // Below 300 nodes every node stays in the DOM: the map draws exactly the server's objects.
    expect(await nodeIds(page)).toEqual(topology.nodes.map((node) => node.id).sort());
    await expect(page.locator('.gm-count')).toHaveText(`${topology.nodes.length} objects`);
    // Signed in as the admin: the toolbar offers share links.
    await expect(page.getByRole('button', { name: 'Share', exact: true })).toBeVisible();

    // …and every reference, with the state and reason the server computed.
    const drawn = await page.locator('g.react-flow__edge').evaluateAll((elements) =>
      elements.map((element) => ({
        label: element.getAttribute('aria-label') ?? '',
        state: element.getAttribute('data-state'),
        reason: element.getAttribute('data-reason'),
      })),
    );
    for (const edge of topology.edges) {
      const label = `${edge.type} reference from ${edge.from} to ${edge.to}: ${edge.state}, ${edge.reason}`;
      expect(drawn, label).toContainEqual({ label, state: edge.state, reason: edge.reason });
    }
  });

  test('shows why rejected attachments are rejected, on the edge', async ({ page, demo }, testInfo) => {
    await signIn(page, demo);
    await waitForMap(page);
    for (const [route, gateway, reason] of [
      ['HTTPRoute/shop-legacy/legacy-catalog', 'Gateway/infra/prod-web', 'NotAllowedByListeners'],
      ['HTTPRoute/shop-preview/storefront-preview', 'Gateway/infra/prod-web', 'NotAllowedByListeners'],
      ['HTTPRoute/marketing-web/summer-sale', 'Gateway/infra/prod-web', 'NoMatchingListenerHostname'],
      ['TCPRoute/db-postgres/postgres-readonly', 'Gateway/db-gateway/db-edge', 'NoMatchingParent'],
    ] as const) {
      const edge = mapEdge(page, 'parent', route, gateway);
      await expect(edge).toHaveCount(1);
      await expect(edge).toHaveAttribute('data-state', 'rejected');
      await expect(edge).toHaveAttribute('data-reason', reason);
      await expect(edge).toHaveAttribute('data-edge-type', 'parent');
      // No controller runs in the demo: the state is gatemap's prediction, and says so.
      await expect(edge).toHaveAttribute('data-source', 'predicted');
      await expect(edge.locator('.gm-edge-label__text')).toHaveText(`${reason} · predicted`);
    }
    const accepted = mapEdge(
      page,
      'parent',
      'HTTPRoute/shop-storefront/storefront',
      'Gateway/infra/prod-web',
    );
    await expect(accepted).toHaveAttribute('data-state', 'accepted');
    await expect(accepted.locator('.gm-edge-label__text')).toHaveCount(0);
    await mapNode(page, 'HTTPRoute/shop-legacy/legacy-catalog').scrollIntoViewIfNeeded();
    await attachView(page, testInfo, 'rejected attachments');
  });

  test('marks references without a ReferenceGrant and copies the grant that fixes them', async ({
    page,
    demo,
  }, testInfo) => {
    await signIn(page, demo);
    await waitForMap(page);
    const backend = mapEdge(
      page,
      'backend',
      'HTTPRoute/payments-ops/refunds',
      'Service/payments-api/refunds-api',
    );
    await expect(backend).toHaveAttribute('data-state', 'unresolved');
    await expect(backend).toHaveAttribute('data-reason', 'RefNotPermitted');
    await expect(backend).toHaveAttribute('data-missing-grant', 'true');
    const mirror = mapEdge(
      page,
      'mirror',
      'HTTPRoute/orders-prod/orders',
      'Service/orders-staging/orders-api-shadow',
    );
    await expect(mirror).toHaveAttribute('data-state', 'unresolved');
    await expect(mirror).toHaveAttribute('data-reason', 'RefNotPermitted');
    await expect(mirror).toHaveAttribute('data-missing-grant', 'true');
    // A reference that a grant does permit is not marked.
    const granted = mapEdge(
      page,
      'backend',
      'HTTPRoute/payments-web/checkout',
      'Service/payments-api/checkout-api',
    );
    await expect(granted).toHaveAttribute('data-state', 'resolved');
    await expect(granted).not.toHaveAttribute('data-missing-grant', /.*/);

    const fix = page.locator(
      '.gm-edge-fix[title^="HTTPRoute/payments-ops/refunds → Service/payments-api/refunds-api"]',
    );
    await expect(fix).toContainText('RefNotPermitted');
    const copy = fix.getByRole('button', { name: 'Copy ReferenceGrant' });
    await copy.click();
    await expect(fix.getByRole('button')).toHaveText('Copied ✓');
    await attachView(page, testInfo, 'missing ReferenceGrant copied');

    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(parse(copied)).toMatchObject({
      apiVersion: expect.stringMatching(/^gateway\.networking\.k8s\.io\/v1(beta1)?$/),
      kind: 'ReferenceGrant',
      metadata: { namespace: 'payments-api' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'payments-ops' }],
        to: [expect.objectContaining({ group: '', kind: 'Service' })],
      },
    });

    // The copied YAML is the fix: with it applied, the analysis resolves the reference.
    const grantDir = mkdtempSync(join(tmpdir(), 'gatemap-e2e-grant-'));
    writeFileSync(join(grantDir, 'grant.yaml'), copied);
    const analysis = spawnSync(
      process.execPath,
      [
        join(ROOT, 'apps/server/bin/gatemap.js'),
        'analyze',
        '-f',
        join(ROOT, 'examples'),
        '-f',
        grantDir,
        '-o',
        'json',
      ],
      { encoding: 'utf8' },
    );
    rmSync(grantDir, { recursive: true, force: true });
    const fixed = JSON.parse(analysis.stdout) as Pick<TopologyResponse, 'edges'>;
    expect(
      fixed.edges.find(
        (edge) =>
          edge.type === 'backend' &&
          edge.from === 'HTTPRoute/payments-ops/refunds' &&
          edge.to === 'Service/payments-api/refunds-api',
      ),
    ).toMatchObject({ state: 'resolved', reason: 'ResolvedRefs' });
  });

  test('the drill-down shows reported and predicted conditions of a Route and a Gateway', async ({
    page,
    demo,
  }, testInfo) => {
    await signIn(page, demo);
    await waitForMap(page);

    await mapNode(page, 'HTTPRoute/shop-legacy/legacy-catalog').click();
    await expect(page).toHaveURL(/[?&]sel=HTTPRoute%2Fshop-legacy%2Flegacy-catalog(&|$)/);
    const route = detailsPanel(page, 'HTTPRoute shop-legacy/legacy-catalog');
    const table = route.locator('table.gm-conditions');
    await expect(table.locator('thead th')).toHaveText([
      'Condition',
      'Reported by the controller',
      'Predicted by gatemap',
    ]);
    const accepted = conditionRow(route, 'parent Gateway infra/prod-web \\(https\\)', 'Accepted');
    // The demo has no controller, so nothing is reported; gatemap predicts from the spec.
    await expect(accepted.locator('td').nth(0)).toHaveText('not reported');
    await expect(accepted.locator('td').nth(1)).toContainText('False');
    await expect(accepted.locator('td').nth(1)).toContainText('NotAllowedByListeners');
    await expect(accepted.locator('td').nth(1).locator('.gm-basis')).toHaveText('spec');
    await expect(accepted.locator('td').nth(1)).toContainText('namespace shop-legacy');
    const resolved = conditionRow(route, 'parent Gateway infra/prod-web \\(https\\)', 'ResolvedRefs');
    await expect(resolved.locator('td').nth(1)).toContainText('True');
    await expect(route.locator('.gm-finding__code')).toContainText(['GM303']);
    await expect(route.locator('pre.gm-yaml')).toContainText('sectionName: https');
    await attachView(page, testInfo, 'route details');

    await mapNode(page, 'Gateway/infra/prod-web').click();
    const gateway = detailsPanel(page, 'Gateway infra/prod-web');
    const overlap = conditionRow(gateway, 'listener https', 'OverlappingTLSConfig');
    await expect(overlap.locator('td').nth(0)).toHaveText('not reported');
    await expect(overlap.locator('td').nth(1)).toContainText('True');
    await expect(overlap.locator('td').nth(1)).toContainText('OverlappingHostnames');
    // What only the data plane knows is predicted as Unknown with basis runtime, not guessed.
    const programmed = conditionRow(gateway, 'status', 'Programmed');
    await expect(programmed.locator('td').nth(1)).toContainText('Unknown');
    await expect(programmed.locator('td').nth(1).locator('.gm-basis')).toHaveText('runtime');
    await expect(
      conditionRow(gateway, 'listener https-admin', 'Accepted').locator('td').nth(1),
    ).toContainText('True');
    await attachView(page, testInfo, 'gateway details');
  });

  test('the map keeps the selected node in view when the details panel opens beside it', async ({
    page,
    demo,
  }) => {
    await signIn(page, demo);
    await waitForMap(page);
    const map = page.locator('.gm-map');
    // The node in view furthest right: the panel takes its place unless the map moves over.
    const rightmost = await page
      .locator('.react-flow__node:not(.react-flow__node-lane)')
      .evaluateAll((elements) => {
        const pane = document.querySelector('.gm-map')?.getBoundingClientRect();
        return elements
          .map((element) => ({
            id: element.getAttribute('data-id') ?? '',
            box: element.getBoundingClientRect(),
          }))
          .filter(
            ({ box }) =>
              pane !== undefined &&
              box.left >= pane.left &&
              box.right <= pane.right &&
              box.top >= pane.top &&
              box.bottom <= pane.bottom,
          )
          .reduce((best, item) => (item.box.right > best.box.right ? item : best));
      });
    await mapNode(page, rightmost.id).click();
    await expect(page.getByRole('complementary', { name: /^Details of / })).toBeVisible();
    await expect
      .poll(async () => {
        const box = await mapNode(page, rightmost.id).boundingBox();
        const pane = await map.boundingBox();
        return box !== null && pane !== null && box.x >= pane.x && box.x + box.width <= pane.x + pane.width;
      })
      .toBe(true);
  });

  test('a deep link restores filters and selection after a reload, in a new page and a new session', async ({
    page,
    demo,
    browser,
  }, testInfo) => {
    await signIn(page, demo);
    await waitForMap(page);
    await page.getByRole('checkbox', { name: 'Problems only' }).check();
    await page.getByRole('searchbox', { name: 'Name', exact: true }).fill('marketing-web');
    await expect(page).toHaveURL(/[?&]q=marketing-web(&|$)/);
    await mapNode(page, 'HTTPRoute/marketing-web/summer-sale').click();
    await expect(page).toHaveURL(/[?&]problems=1(&|$)/);
    await expect(page).toHaveURL(/[?&]sel=HTTPRoute%2Fmarketing-web%2Fsummer-sale(&|$)/);
    await expect(mapNode(page, 'HTTPRoute/shop-legacy/legacy-catalog')).toHaveCount(0);
    const ids = await nodeIds(page);
    expect(ids).toContain('HTTPRoute/marketing-web/summer-sale');
    expect(ids).toContain('Gateway/infra/prod-web');
    const deepLink = page.url();
    await attachView(page, testInfo, 'filtered and selected');

    const expectView = async (view: Page) => {
      await waitForMap(view);
      expect(await nodeIds(view)).toEqual(ids);
      await expect(view.getByRole('checkbox', { name: 'Problems only' })).toBeChecked();
      await expect(view.getByRole('searchbox', { name: 'Name', exact: true })).toHaveValue('marketing-web');
      await expect(detailsPanel(view, 'HTTPRoute marketing-web/summer-sale')).toBeVisible();
    };
    await page.reload();
    await expectView(page);

    const second = await page.context().newPage();
    await second.goto(deepLink);
    await expectView(second);
    await attachView(second, testInfo, 'deep link in a new page');

    // Another browser session signs in on the deep link and lands on the same view.
    const session = await browser.newContext();
    const third = await session.newPage();
    await signIn(third, demo, `/${new URL(deepLink).search}`);
    expect(third.url()).toBe(deepLink);
    await expectView(third);
    await session.close();
  });

  test('arrow keys move focus between connected nodes; Enter opens, Escape closes the details', async ({
    page,
    demo,
  }, testInfo) => {
    const topology = await adminJson<TopologyResponse>(demo, '/api/topology');
    const attached = new Set(
      topology.edges
        .filter((edge) => edge.type === 'parent' && edge.to === 'Gateway/infra/prod-web')
        .map((edge) => edge.from),
    );
    await signIn(page, demo);
    await waitForMap(page);
    const focused = page.locator('.react-flow__node:focus');

    await mapNode(page, 'Gateway/infra/prod-web').focus();
    await expect(focused).toHaveAttribute('data-id', 'Gateway/infra/prod-web');
    await page.keyboard.press('ArrowRight');
    const first = (await focused.getAttribute('data-id')) ?? '';
    expect(attached, `${first} is a Route of prod-web`).toContain(first);

    await page.keyboard.press('ArrowDown');
    const below = (await focused.getAttribute('data-id')) ?? '';
    expect(below).toMatch(/^(HTTP|GRPC|TLS|TCP|UDP)Route\//);
    expect(below).not.toBe(first);
    const [firstBox, belowBox] = [await mapNode(page, first).boundingBox(), await focused.boundingBox()];
    expect(belowBox?.x).toBe(firstBox?.x);
    expect(belowBox?.y ?? 0).toBeGreaterThan(firstBox?.y ?? 0);

    await page.keyboard.press('ArrowUp');
    await expect(focused).toHaveAttribute('data-id', first);
    await page.keyboard.press('ArrowLeft');
    await expect(focused).toHaveAttribute('data-id', 'Gateway/infra/prod-web');

    await page.keyboard.press('Enter');
    await expect(detailsPanel(page, 'Gateway infra/prod-web')).toBeVisible();
    await expect(page).toHaveURL(/[?&]sel=Gateway%2Finfra%2Fprod-web(&|$)/);
    await attachView(page, testInfo, 'keyboard selection');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('complementary')).toHaveCount(0);
    await expect(page).not.toHaveURL(/sel=/);
  });

  test('the theme button cycles system, light and dark, and remembers the choice', async ({
    page,
    demo,
  }, testInfo) => {
    await signIn(page, demo);
    await waitForMap(page);
    const html = page.locator('html');
    const button = page.getByRole('button', { name: /^Theme: / });
    const background = () =>
      page.locator('.gm-toolbar').evaluate((element) => getComputedStyle(element).backgroundColor);

    await expect(button).toHaveAccessibleName('Theme: system (change)');
    await expect(html).toHaveAttribute('data-theme', 'light');
    const light = await background();
    await button.click();
    await expect(button).toHaveAccessibleName('Theme: light (change)');
    await expect(html).toHaveAttribute('data-theme', 'light');
    await button.click();
    await expect(button).toHaveAccessibleName('Theme: dark (change)');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect(page.locator('.react-flow')).toHaveClass(/\bdark\b/);
    expect(await background()).not.toBe(light);
    await attachView(page, testInfo, 'dark theme');

    await page.reload();
    await waitForMap(page);
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect(button).toHaveAccessibleName('Theme: dark (change)');
    await button.click();
    await expect(button).toHaveAccessibleName('Theme: system (change)');
    await expect(html).toHaveAttribute('data-theme', 'light');
  });

  test('"Problems only" hides objects whose references are all fine', async ({ page, demo }, testInfo) => {
    const topology = await adminJson<TopologyResponse>(demo, '/api/topology');
    await signIn(page, demo);
    await waitForMap(page);
    await page.getByRole('checkbox', { name: 'Problems only' }).check();
    await expect(page).toHaveURL(/[?&]problems=1(&|$)/);
    await waitForMap(page);

    for (const healthy of [
      'HTTPRoute/shop-storefront/storefront',
      'HTTPRoute/catalog-api/catalog',
      'HTTPRoute/payments-web/checkout',
      'HTTPRoute/infra/admin-console',
      'HTTPRoute/edge-apps/partner-portal',
      'GRPCRoute/edge-inventory/inventory',
      'Service/catalog-api/catalog-v1',
      'ReferenceGrant/payments-api/allow-payments-web-to-checkout-api',
    ])
      await expect(mapNode(page, healthy), healthy).toHaveCount(0);
    for (const problem of [
      'HTTPRoute/shop-legacy/legacy-catalog',
      'HTTPRoute/marketing-web/summer-sale',
      'TCPRoute/db-postgres/postgres-readonly',
      'HTTPRoute/payments-ops/refunds',
      'HTTPRoute/orders-prod/orders',
      'Gateway/edge-system/internal-lb',
    ])
      await expect(mapNode(page, problem).locator('.gm-node')).toHaveClass(/\bis-problem\b/);
    // What stays is either a problem or the dimmed parent/backend that explains one.
    const classes = await mapNodes(page).evaluateAll((elements) =>
      elements.map((element) => element.querySelector('.gm-node')?.className ?? ''),
    );
    for (const className of classes) expect(className).toMatch(/\b(is-problem|is-dimmed)\b/);
    const shown = await mapNodes(page).count();
    expect(shown).toBeLessThan(topology.nodes.length);
    await expect(page.locator('.gm-count')).toHaveText(`${shown} of ${topology.nodes.length} objects`);
    await attachView(page, testInfo, 'problems only');

    await page.getByRole('checkbox', { name: 'Problems only' }).uncheck();
    await expect(mapNodes(page)).toHaveCount(topology.nodes.length);
  });
});
