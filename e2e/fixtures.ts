/**
 * What the end-to-end specs share: `gatemap serve` processes as worker-scoped fixtures (started
 * once per worker on first use, stopped at its end), signing in, and finding graph nodes and edges
 * by their stable hooks (`data-id` on nodes, the accessible name and `data-*` on edges).
 */
import {
  test as base,
  expect,
  type Locator,
  type Page,
  type Response,
  type TestInfo,
} from '@playwright/test';
import { startServer, waitReady, type RunningServer } from '../apps/server/test/helpers/run-server.ts';

export { expect };
export type { RunningServer };

/**
 * Starts `gatemap serve ARGS` (own admin token, own temporary --data database) and waits until it
 * has synced, for at most `readyTimeoutMs`.
 */
export async function serve(args: readonly string[], readyTimeoutMs = 60_000): Promise<RunningServer> {
  const server = await startServer(args);
  try {
    await waitReady(server.url, readyTimeoutMs);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** A worker fixture: a function of the fixtures it depends on, and its options. */
type ServerFixture = [
  (fixtures: object, use: (server: RunningServer) => Promise<void>) => Promise<void>,
  { scope: 'worker'; timeout: number },
];

/** A worker fixture that runs `gatemap serve ARGS` for every test of the worker that asks for it. */
export function serverFixture(args: readonly string[]): ServerFixture {
  return [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      const server = await serve(args);
      await use(server);
      await server.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ];
}

export const test = base.extend<object, { demo: RunningServer }>({
  demo: serverFixture(['--demo']),
});

/**
 * Signs the browser in as the admin by opening `PATH?…&token=ADMIN_TOKEN`; the server sets the
 * session cookie and redirects to the same address without the token, whose response this returns.
 */
export async function signIn(page: Page, server: RunningServer, path = '/'): Promise<Response> {
  const url = new URL(path, server.url);
  url.searchParams.set('token', server.adminToken);
  const response = await page.goto(url.href);
  if (!response) throw new Error(`no response for ${url.href}`);
  expect(response.status(), 'the sign-in redirect lands on the map').toBe(200);
  expect(page.url()).not.toContain('token=');
  return response;
}

/** The node of a Gateway API object, by its id: `Kind/namespace/name` or `Kind/name`. */
export function mapNode(page: Page, id: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"]`);
}

/** Every node on the map (lanes and aggregates included). */
export function mapNodes(page: Page): Locator {
  return page.locator('.react-flow__node');
}

/** The edge of a `type` reference (parent, backend, mirror, certificate, class) from one node to another. */
export function mapEdge(page: Page, type: string, from: string, to: string): Locator {
  return page.locator(`g.react-flow__edge[aria-label^="${type} reference from ${from} to ${to}:"]`);
}

/** The ids of the nodes on the map, sorted. */
export async function nodeIds(page: Page): Promise<string[]> {
  const ids = await mapNodes(page).evaluateAll((elements) =>
    elements.map((element) => element.getAttribute('data-id') ?? ''),
  );
  return ids.sort();
}

/** Waits until the map shows nodes: loaded, laid out, not hidden behind "Laying out…". */
export async function waitForMap(page: Page): Promise<void> {
  await expect(mapNodes(page).first()).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.gm-laying-out')).toHaveCount(0);
  await expect(page.locator('.gm-map.is-hidden')).toHaveCount(0);
  // A large estate's big picture comes ahead of its objects: the map is whole once they are in.
  await expect(page.locator('.gm-map.is-preview')).toHaveCount(0, { timeout: 60_000 });
}

/** Attaches a screenshot of the page to the test's report under `name`. */
export async function attachView(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await testInfo.attach(name, { body: await page.screenshot(), contentType: 'image/png' });
}

/** `fetch` as the admin, parsed as JSON; fails the test on a non-2xx answer. */
export async function adminJson<Body>(
  server: RunningServer,
  path: string,
  init?: RequestInit,
): Promise<Body> {
  const response = await server.fetch(path, init);
  expect(response.ok, `${init?.method ?? 'GET'} ${path} answered ${response.status}`).toBe(true);
  return (await response.json()) as Body;
}
