/**
 * What changed and what would, in the browser, against `gatemap serve -f DIR` whose files the
 * tests edit (a files source records history as a cluster would): an object's timeline, the
 * Changes view, the map as it was (its deep link reopens it after a reload), and the what-if
 * overlay.
 *
 * The `history` block reads the server's history (`GET /api/history`, `?at=`, the stream's
 * `history` event); the what-if block needs only `POST /api/what-if`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gateway, gatewayClass, httpRoute, service, type KubeObject } from '@gatemap/fixtures';
import type { TopologyResponse } from '../packages/topology/src/api.ts';
import {
  adminJson,
  attachView,
  expect,
  mapNode,
  serve,
  signIn,
  test as base,
  waitForMap,
  type RunningServer,
} from './fixtures.ts';

const GATEWAY = 'Gateway/infra/web';
const ROUTE = 'HTTPRoute/shop/storefront';

interface FilesServer {
  readonly server: RunningServer;
  /** Writes a manifest file of the served directory (the server reloads it). */
  readonly write: (file: string, ...objects: readonly KubeObject[]) => void;
}

const web = (from: 'All' | 'Same') =>
  gateway({ name: 'web', namespace: 'infra', listeners: [{ allowedRoutes: { namespaces: { from } } }] });

const test = base.extend<object, { files: FilesServer }>({
  files: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      const directory = mkdtempSync(join(tmpdir(), 'gatemap-changes-'));
      const write = (file: string, ...objects: readonly KubeObject[]) =>
        writeFileSync(
          join(directory, file),
          JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
        );
      write('infra.json', gatewayClass(), web('All'));
      write(
        'shop.json',
        httpRoute({
          name: 'storefront',
          namespace: 'shop',
          parentRefs: [{ name: 'web', namespace: 'infra' }],
        }),
        service({ namespace: 'shop' }),
      );
      const server = await serve(['-f', directory]);
      await use({ server, write });
      await server.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

const DELETE_GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: infra
$patch: delete
`;

const nodeBox = (page: Parameters<typeof mapNode>[0], id: string) => mapNode(page, id).locator('.gm-node');

test.describe('what-if', () => {
  test('marks what pasted manifests would remove and break, and applies nothing', async ({
    page,
    files,
  }, testInfo) => {
    await signIn(page, files.server);
    await waitForMap(page);
    await page.getByRole('button', { name: 'What if' }).click();
    const panel = page.getByRole('complementary', { name: 'What if' });
    await expect(panel).toContainText('Nothing is applied to the cluster');
    await panel.getByRole('textbox').fill(DELETE_GATEWAY);
    await panel.getByRole('button', { name: 'Show what would change' }).click();

    await expect(page.getByRole('status', { name: 'What-if overlay' })).toBeVisible();
    await expect(nodeBox(page, GATEWAY)).toHaveClass(/is-overlay-removed/);
    await expect(nodeBox(page, ROUTE)).toHaveClass(/is-verdict-broke/);
    await expect(panel).toContainText('would break something that works today');
    await expect(panel.getByText('would break', { exact: true }).first()).toBeVisible();
    await attachView(page, testInfo, 'what-if overlay');

    const live = await adminJson<TopologyResponse>(files.server, '/api/topology');
    expect(live.nodes.find((node) => node.id === GATEWAY)?.ghost).toBe(false);

    await panel.getByRole('button', { name: 'Leave the overlay' }).click();
    await expect(page.getByRole('status', { name: 'What-if overlay' })).toHaveCount(0);
    await expect(nodeBox(page, GATEWAY)).not.toHaveClass(/is-overlay-removed/);
  });

  test('opens the overlay from a link that carries the manifests in its fragment', async ({
    page,
    files,
  }) => {
    await signIn(page, files.server);
    await page.goto(`${files.server.url}/#what-if=${Buffer.from(DELETE_GATEWAY).toString('base64url')}`);
    await waitForMap(page);
    const panel = page.getByRole('complementary', { name: 'What if' });
    await expect(panel.getByRole('textbox')).toHaveValue(DELETE_GATEWAY);
    await panel.getByRole('button', { name: 'Show what would change' }).click();
    await expect(nodeBox(page, GATEWAY)).toHaveClass(/is-overlay-removed/);
  });
});

test.describe.serial('history', () => {
  /** When the Gateway stopped admitting Routes from other namespaces; the moment before it. */
  let before = '';

  test('the timeline shows the verdict a change broke, with the change as its cause', async ({
    page,
    files,
  }, testInfo) => {
    before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    files.write('infra.json', gatewayClass(), web('Same'));
    await signIn(page, files.server, `/?sel=${ROUTE}`);
    await waitForMap(page);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(timeline.locator('.gm-history-entry--broke').first()).toBeVisible({ timeout: 20_000 });
    await expect(timeline).toContainText('Accepted');
    await attachView(page, testInfo, 'timeline');
    await timeline
      .getByRole('button', { name: /Gateway infra\/web changed/ })
      .first()
      .click();
    await expect(page).toHaveURL(/focus=Gateway%2Finfra%2Fweb|focus=Gateway\/infra\/web/);
  });

  test('the Changes view lists the change, problems first, and shows its object on the map', async ({
    page,
    files,
  }, testInfo) => {
    await signIn(page, files.server, '/?view=changes');
    await waitForMap(page);
    const changes = page.getByRole('complementary', { name: 'Changes' });
    const first = changes.locator('.gm-history-entry').first();
    await expect(first).toHaveClass(/is-problem/, { timeout: 20_000 });
    await expect(changes).toContainText('Gateway infra/web changed');
    await attachView(page, testInfo, 'changes');
    await first.getByRole('button', { name: 'HTTPRoute shop/storefront' }).click();
    await expect(page).toHaveURL(/sel=HTTPRoute%2Fshop%2Fstorefront|sel=HTTPRoute\/shop\/storefront/);
    await expect(mapNode(page, ROUTE)).toHaveClass(/selected/);
  });

  test('the map as it was reopens from its deep link after a reload', async ({ page, files }, testInfo) => {
    expect(before, 'the timeline test recorded when the change was made').not.toBe('');
    await signIn(page, files.server, `/?at=${encodeURIComponent(before)}`);
    const banner = page.getByRole('status', { name: 'The past' });
    await expect(banner).toBeVisible();
    await waitForMap(page);
    await expect(nodeBox(page, ROUTE)).not.toHaveClass(/is-problem/);
    await page.reload();
    await expect(banner).toBeVisible();
    await expect(banner.locator('time')).toHaveAttribute('datetime', /\d{4}-\d\d-\d\dT/);
    await waitForMap(page);
    await attachView(page, testInfo, 'the map as it was');
    await banner.getByRole('button', { name: 'Back to live' }).click();
    await expect(banner).toHaveCount(0);
    await expect(page).not.toHaveURL(/at=/);
  });
});
