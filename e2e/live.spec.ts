/**
 * The map against a real kube-apiserver (cluster `gatemap-e2e` from scripts/cluster, apart from
 * the integration tests' `gatemap-test`): objects written with kubectl appear, change and
 * disappear in the open page, without a reload; a status a controller writes is shown beside
 * gatemap's prediction.
 *
 * The cluster is left running for the next run, as the integration tests leave theirs; set
 * GATEMAP_TEST_CLUSTER_DOWN=1 to stop it at the end.
 */
import { test as base } from '@playwright/test';
import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import { startLocalCluster, stopLocalCluster } from '../apps/server/test/helpers/cluster.ts';
import {
  applyYaml,
  createNamespace,
  deleteObject,
  emptyNamespace,
  kubectl,
  kubectlRun,
  uniqueSuffix,
  type KubectlTarget,
} from '../apps/server/test/helpers/kubectl.ts';
import { attachView, expect, mapEdge, mapNode, serve, signIn, type RunningServer } from './fixtures.ts';

const CLUSTER = 'gatemap-e2e';
const CONTROLLER = 'example.com/gatemap-e2e';

const test = base.extend<object, { cluster: KubectlTarget; live: RunningServer }>({
  cluster: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      // On a machine without the binaries this builds them first (minutes); usually seconds.
      const cluster = await startLocalCluster(CLUSTER, 'experimental');
      await use({
        kubectl: cluster.kubectl,
        kubeconfig: cluster.kubeconfig,
        cacheDir: cluster.kubectlCacheDir,
      });
      if (process.env['GATEMAP_TEST_CLUSTER_DOWN'] === '1') await stopLocalCluster(CLUSTER);
    },
    { scope: 'worker', timeout: 15 * 60_000 },
  ],
  live: [
    async ({ cluster }, use) => {
      const server = await serve(['--kubeconfig', cluster.kubeconfig]);
      await use(server);
      await server.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

/** Objects as one `kind: List` document for `kubectl apply -f -` (JSON is YAML). */
function list(...items: readonly object[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

/** Writes the status a controller that accepts the Route on `web`/`http` would write. */
async function writeParentStatus(cluster: KubectlTarget, namespace: string, name: string): Promise<void> {
  const generation = await kubectl(
    cluster,
    'get',
    'httproute',
    name,
    '-n',
    namespace,
    '-o',
    'jsonpath={.metadata.generation}',
  );
  const status = {
    parents: [
      {
        parentRef: { name: 'web', sectionName: 'http' },
        controllerName: CONTROLLER,
        conditions: [
          {
            type: 'Accepted',
            status: 'True',
            reason: 'Accepted',
            message: 'written by the e2e test',
            observedGeneration: Number(generation),
            lastTransitionTime: '2026-01-01T00:00:00Z',
          },
        ],
      },
    ],
  };
  await kubectl(
    cluster,
    'patch',
    'httproute',
    name,
    '-n',
    namespace,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status }),
  );
}

/** A GatewayClass, a Gateway `web` with listener `http` for *.e2e.example.com, and a Service `shop`. */
function platform(namespace: string, className: string): object[] {
  return [
    gatewayClass({ name: className, controllerName: CONTROLLER }),
    gateway({
      name: 'web',
      namespace,
      className,
      listeners: [{ name: 'http', hostname: '*.e2e.example.com' }],
    }),
    service({ name: 'shop', namespace, ports: [80] }),
  ];
}

function shopRoute(namespace: string, hostname: string): object {
  return httpRoute({
    name: 'shop',
    namespace,
    parentRefs: [{ name: 'web', sectionName: 'http' }],
    hostnames: [hostname],
    backends: ['shop:80'],
  });
}

async function cleanUp(cluster: KubectlTarget, namespace: string, className: string): Promise<void> {
  await emptyNamespace(cluster, namespace, ['httproutes', 'gateways', 'services']);
  await kubectlRun(cluster, ['delete', 'gatewayclass', className, '--ignore-not-found', '--wait=false'], {
    allowFailure: true,
  });
}

test('objects applied, changed and deleted with kubectl appear, change and disappear without a reload', async ({
  page,
  cluster,
  live,
}, testInfo) => {
  test.setTimeout(90_000);
  const namespace = await createNamespace(cluster, 'e2e');
  const className = `e2e-${uniqueSuffix()}`;
  try {
    await signIn(page, live);
    await expect(page.locator('.gm-toolbar')).toBeVisible();
    // Set once; a reload or navigation would lose it.
    await page.evaluate(() => Object.assign(window, { e2eSamePage: true }));
    const samePage = () => page.evaluate(() => 'e2eSamePage' in window);

    await applyYaml(
      cluster,
      list(...platform(namespace, className), shopRoute(namespace, 'shop.e2e.example.com')),
    );
    const routeId = `HTTPRoute/${namespace}/shop`;
    const gatewayId = `Gateway/${namespace}/web`;
    await expect(mapNode(page, gatewayId)).toBeVisible();
    await expect(mapNode(page, routeId)).toBeVisible();
    await expect(mapNode(page, `Service/${namespace}/shop`)).toBeVisible();
    await expect(mapNode(page, `GatewayClass/${className}`)).toBeVisible();
    const parent = mapEdge(page, 'parent', routeId, gatewayId);
    await expect(parent).toHaveAttribute('data-state', 'accepted');
    await expect(parent).toHaveAttribute('data-source', 'predicted');
    await expect(mapEdge(page, 'backend', routeId, `Service/${namespace}/shop`)).toHaveAttribute(
      'data-state',
      'resolved',
    );
    expect(await samePage()).toBe(true);
    await attachView(page, testInfo, 'applied');

    // A hostname the listener does not serve: the attachment is rejected, and the map says why.
    await applyYaml(cluster, list(shopRoute(namespace, 'shop.elsewhere.org')));
    await expect(parent).toHaveAttribute('data-state', 'rejected');
    await expect(parent).toHaveAttribute('data-reason', 'NoMatchingListenerHostname');
    await expect(parent.locator('.gm-edge-label__text')).toHaveText('NoMatchingListenerHostname · predicted');
    expect(await samePage()).toBe(true);
    await attachView(page, testInfo, 'rejected');

    // A controller that disagrees writes its status: the map shows what it reported, and what
    // gatemap predicts beside it.
    await writeParentStatus(cluster, namespace, 'shop');
    await expect(parent).toHaveAttribute('data-source', 'reported');
    await expect(parent).toHaveAttribute('data-state', 'accepted');
    await expect(parent.locator('.gm-edge-label__text')).toHaveText(
      'Accepted (gatemap predicts NoMatchingListenerHostname)',
    );
    await mapNode(page, routeId).click();
    const panel = page.getByRole('complementary', { name: `Details of HTTPRoute ${namespace}/shop` });
    const accepted = panel
      .locator('table.gm-conditions tr')
      .filter({ has: page.locator('th[scope="row"]', { hasText: /^Accepted/ }) });
    const reported = accepted.filter({ has: page.locator('td', { hasText: 'written by the e2e test' }) });
    await expect(reported.locator('td').nth(0)).toContainText('True');
    await expect(reported.locator('td').nth(0)).toContainText('Accepted');
    const predicted = accepted.filter({ has: page.locator('td', { hasText: 'NoMatchingListenerHostname' }) });
    await expect(predicted.locator('td').nth(1)).toContainText('False');
    await attachView(page, testInfo, 'reported beside predicted');

    await deleteObject(cluster, 'httproute', 'shop', namespace);
    await expect(mapNode(page, routeId)).toHaveCount(0);
    await expect(parent).toHaveCount(0);
    await expect(mapNode(page, gatewayId)).toBeVisible();
    // The open details panel says so instead of showing stale data.
    await expect(page.getByRole('complementary')).toContainText('not in the topology any more');
    expect(await samePage()).toBe(true);
    await attachView(page, testInfo, 'deleted');
  } finally {
    await cleanUp(cluster, namespace, className);
  }
});

test('a reported condition sits in the same row as the prediction for that parent, marked "disagrees"', async ({
  page,
  cluster,
  live,
}, testInfo) => {
  const namespace = await createNamespace(cluster, 'e2e');
  const className = `e2e-${uniqueSuffix()}`;
  try {
    await applyYaml(
      cluster,
      list(...platform(namespace, className), shopRoute(namespace, 'shop.elsewhere.org')),
    );
    await writeParentStatus(cluster, namespace, 'shop');
    const routeId = `HTTPRoute/${namespace}/shop`;
    await signIn(page, live, `/?sel=${encodeURIComponent(routeId)}`);
    const panel = page.getByRole('complementary', { name: `Details of HTTPRoute ${namespace}/shop` });
    await expect(panel.locator('.gm-yaml')).toContainText('written by the e2e test');
    await attachView(page, testInfo, 'reported and predicted conditions');
    const accepted = panel
      .locator('table.gm-conditions tr')
      .filter({ has: page.locator('th[scope="row"]', { hasText: /^Accepted/ }) });
    await expect(accepted).toHaveCount(1, { timeout: 2_000 });
    await expect(accepted.locator('th')).toContainText('disagrees');
    await expect(accepted.locator('td').nth(0)).toContainText('True');
    await expect(accepted.locator('td').nth(1)).toContainText('NoMatchingListenerHostname');
  } finally {
    await cleanUp(cluster, namespace, className);
  }
});
