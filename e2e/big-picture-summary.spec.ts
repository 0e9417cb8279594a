/**
 * The estate summary on generated estates of about 2,000, 10,000 and 150,000 objects (e2e/estates.ts):
 * its figures equal what the server finds (read from its API: findings, and the edges they are
 * about), a reason shows exactly its Routes, a view's deep link reopens it, a large estate opens on
 * its problems, and links with values that cannot be read open the plain map. Screenshots of the
 * summary at each size are attached to the tests.
 *
 * Each size is served once for its tests (the worker keeps it); each test loads the map once or
 * twice, since the 150k estate takes seconds to load in the browser.
 */
import type { Locator, Page } from '@playwright/test';
import {
  figureKey,
  type Finding,
  type SummaryFigure,
  type TopologyEdge,
  type TopologyResponse,
} from '../packages/topology/src/index.ts';
import { test, type Estate } from './estates.ts';
import { adminJson, expect, mapNodes, signIn } from './fixtures.ts';

const SIZES = [2_000, 10_000, 150_000] as const;

// A trace snapshots the page at each step: on the map of 150,000 objects that takes minutes. The
// option is the worker's, so it is off for the whole file; screenshots are still taken.
test.use({ trace: 'off' });

/** What the server's findings say, grouped as the summary groups them. */
interface Expected {
  /** Rejected Routes by the reason of the parentRef each rejection finding is about. */
  readonly rejected: ReadonlyMap<string, ReadonlySet<string>>;
  /** The same, per parent and listener (`parent listener reason`). */
  readonly rejectedOn: ReadonlyMap<string, ReadonlySet<string>>;
  /** Unresolved references (findings) by the reason of the reference each is about. */
  readonly unresolved: ReadonlyMap<string, number>;
  readonly missingGrants: number;
  readonly stale: number;
  /** Routes attached per listener, as the Gateways' status summaries count them (`parent listener`). */
  readonly attachedOn: ReadonlyMap<string, number>;
}

const REJECTED_CODES = new Set(['GM301', 'GM302', 'GM303']);
const UNRESOLVED_CODES = new Set(['GM201', 'GM208', 'GM209', 'GM304', 'GM305', 'GM306']);

function addTo<Value>(map: Map<string, Set<Value>>, key: string, value: Value): void {
  const set = map.get(key) ?? new Set<Value>();
  set.add(value);
  map.set(key, set);
}

function expectedOf(topology: TopologyResponse): Expected {
  const edgeAt = new Map<string, TopologyEdge>();
  for (const edge of topology.edges) edgeAt.set(`${edge.from} ${edge.field}`, edge);
  const edgeOf = (finding: Finding): TopologyEdge => {
    const edge = edgeAt.get(`${finding.subject} ${finding.field ?? ''}`);
    if (!edge) throw new Error(`no edge at the field of ${finding.id}`);
    return edge;
  };
  const rejected = new Map<string, Set<string>>();
  const rejectedOn = new Map<string, Set<string>>();
  const unresolved = new Map<string, number>();
  let missingGrants = 0;
  const stale = new Set<string>();
  for (const finding of topology.findings) {
    if (REJECTED_CODES.has(finding.code)) {
      const edge = edgeOf(finding);
      addTo(rejected, edge.reason, finding.subject);
      for (const listener of edge.listeners ?? [])
        addTo(rejectedOn, `${edge.to} ${listener} ${edge.reason}`, finding.subject);
    }
    if (UNRESOLVED_CODES.has(finding.code)) {
      const { reason } = edgeOf(finding);
      unresolved.set(reason, (unresolved.get(reason) ?? 0) + 1);
    }
    if (finding.code === 'GM304' || finding.code === 'GM209') missingGrants += 1;
    if (finding.code === 'GM502') stale.add(finding.subject);
  }
  const attachedOn = new Map<string, number>();
  for (const node of topology.nodes)
    if (node.summary.type === 'gateway')
      for (const listener of node.summary.listeners)
        attachedOn.set(`${node.id} ${listener.name}`, listener.attachedRoutes);
  return { rejected, rejectedOn, unresolved, missingGrants, stale: stale.size, attachedOn };
}

function summaryPanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Estate summary' });
}

function figureButton(page: Page, figure: SummaryFigure): Locator {
  return summaryPanel(page)
    .locator(`[data-figure="${figureKey(figure)}"]`)
    .first();
}

/** The summary lists exactly `objects` as the objects of the figure shown. */
async function expectListed(page: Page, objects: ReadonlySet<string>): Promise<void> {
  const list = summaryPanel(page).locator('.gm-summary__objects');
  // The map works out a figure's objects once it has the figure: wait for it.
  await expect(list).toHaveAttribute('data-count', String(objects.size), { timeout: PATIENCE });
  const ids = await list
    .locator('[data-id]')
    .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-id') ?? ''));
  expect(ids.sort()).toEqual([...objects].sort());
}

/**
 * How long the map of the largest estate may take to load or to change view: seconds on a quiet
 * machine, minutes on a busy one.
 */
const PATIENCE = 180_000;

/** Waits until the map shows nodes, laid out (fixtures.ts `waitForMap`, with patience for big estates). */
async function waitForEstateMap(page: Page): Promise<void> {
  await expect(mapNodes(page).first()).toBeVisible({ timeout: PATIENCE });
  await expect(page.locator('.gm-laying-out')).toHaveCount(0, { timeout: PATIENCE });
  await expect(page.locator('.gm-map.is-hidden')).toHaveCount(0, { timeout: PATIENCE });
}

/** Opens the map at `path` and waits for it and the summary's figures. */
async function openMap(page: Page, estate: Estate, path = '/'): Promise<void> {
  await signIn(page, estate.server, path);
  await waitForEstateMap(page);
  await expect(summaryPanel(page).locator('.gm-summary__totals')).toBeVisible({ timeout: PATIENCE });
}

/** Lists every parent the summary has. */
async function showAllParents(page: Page): Promise<void> {
  // By its class and state: a query by role and name computes the accessible name of every
  // button in the panel, thousands in a figure's list of a large estate (a minute each time).
  const all = summaryPanel(page).locator('.gm-summary__all-parents[aria-expanded="false"]');
  if ((await all.count()) > 0) await all.click();
}

/**
 * The map shows the Routes of a figure and no other: it says it shows as many as there are, and
 * every Route drawn is one of them and every collapsed namespace holds some (the nodes out of
 * view are not drawn on a big map).
 */
async function expectMapShows(page: Page, routes: ReadonlySet<string>): Promise<void> {
  await expect(summaryPanel(page).locator('.gm-summary__on-map')).toHaveAttribute(
    'data-shown',
    String(routes.size),
    { timeout: PATIENCE },
  );
  await waitForEstateMap(page);
  const namespaces = new Set([...routes].map((id) => id.split('/')[1]));
  await expect(async () => {
    const drawn = await mapNodes(page).evaluateAll((elements) =>
      elements.map((element) => ({
        id: element.getAttribute('data-id') ?? '',
        aggregate: element.classList.contains('react-flow__node-aggregate'),
        name: element.querySelector('.gm-node__name')?.textContent ?? '',
      })),
    );
    const drawnRoutes = drawn.filter((node) => node.id.startsWith('HTTPRoute/'));
    const aggregates = drawn.filter((node) => node.aggregate);
    expect(drawnRoutes.length + aggregates.length, 'Routes are drawn').toBeGreaterThan(0);
    for (const { id } of drawnRoutes) expect(routes.has(id), `${id} is drawn`).toBe(true);
    for (const { name } of aggregates) expect(namespaces.has(name), `namespace ${name} is drawn`).toBe(true);
  }).toPass({ timeout: PATIENCE });
}

for (const size of SIZES) {
  test.describe(`the summary of a generated estate of ${size.toLocaleString('en')} objects`, () => {
    test.use({ estateSize: size });
    test.setTimeout(size > 10_000 ? 600_000 : 120_000);

    test('counts what the server finds, and opens on the problems', async ({ page, estate }, testInfo) => {
      const topology = await adminJson<TopologyResponse>(estate.server, '/api/topology');
      const expected = expectedOf(topology);
      expect(expected.rejected.size, 'the estate has Routes rejected for several reasons').toBeGreaterThan(1);
      await openMap(page, estate);
      await testInfo.attach(`summary of ${size} objects`, {
        body: await summaryPanel(page).screenshot(),
        contentType: 'image/png',
      });

      await showAllParents(page);
      const count = (figure: SummaryFigure) => figureButton(page, figure);
      const all = new Set([...expected.rejected.values()].flatMap((routes) => [...routes]));
      await expect(count({ figure: 'rejected' })).toHaveAttribute('data-count', String(all.size));
      for (const [reason, routes] of expected.rejected)
        await expect(count({ figure: 'rejected', reason })).toHaveAttribute(
          'data-count',
          String(routes.size),
        );
      for (const [key, routes] of expected.rejectedOn) {
        const [parent = '', listener = '', reason = ''] = key.split(' ');
        await expect(count({ figure: 'rejected', reason, parent, listener })).toHaveAttribute(
          'data-count',
          String(routes.size),
        );
      }
      for (const [key, attached] of expected.attachedOn) {
        const [parent = '', listener = ''] = key.split(' ');
        if (attached === 0) continue;
        await expect(count({ figure: 'attached', parent, listener })).toHaveAttribute(
          'data-count',
          String(attached),
        );
      }
      const references = [...expected.unresolved.values()].reduce((sum, value) => sum + value, 0);
      await expect(count({ figure: 'unresolved' })).toHaveAttribute('data-count', String(references));
      for (const [reason, findings] of expected.unresolved)
        await expect(count({ figure: 'unresolved', reason })).toHaveAttribute('data-count', String(findings));
      await expect(count({ figure: 'missing-grant' })).toHaveAttribute(
        'data-count',
        String(expected.missingGrants),
      );
      await expect(count({ figure: 'stale' })).toHaveAttribute('data-count', String(expected.stale));

      // The first view: the namespace with the most rejected Routes is in view.
      const perNamespace = new Map<string, number>();
      for (const id of all) {
        const namespace = id.split('/')[1] ?? '';
        perNamespace.set(namespace, (perNamespace.get(namespace) ?? 0) + 1);
      }
      const [worst] = [...perNamespace]
        .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
        .map(([namespace]) => namespace);
      const inView = page
        .locator('.react-flow__node')
        .filter({ has: page.locator('.gm-node__name', { hasText: new RegExp(`^${worst}$`) }) })
        .or(page.locator(`.react-flow__node[data-id^="HTTPRoute/${worst}/"]`))
        .first();
      await expect(inView).toBeInViewport();
      await testInfo.attach(`first view of ${size} objects`, {
        body: await page.screenshot(),
        contentType: 'image/png',
      });
    });

    test('shows exactly the Routes of a reason, and its deep link reopens the view', async ({
      page,
      estate,
    }, testInfo) => {
      const topology = await adminJson<TopologyResponse>(estate.server, '/api/topology');
      const expected = expectedOf(topology);
      await openMap(page, estate);

      // The reason with the most Routes, then a listener's share of another.
      const [reason, routes] =
        [...expected.rejected].sort((left, right) => right[1].size - left[1].size)[0] ?? [];
      if (!reason || !routes) throw new Error('no rejected Routes');
      await figureButton(page, { figure: 'rejected', reason }).click();
      await expect(figureButton(page, { figure: 'rejected', reason })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      await expectListed(page, routes);
      await expectMapShows(page, routes);
      const link = page.url();
      expect(new URL(link).searchParams.get('figure')).toBe(figureKey({ figure: 'rejected', reason }));
      await testInfo.attach(`Routes rejected for ${reason}, ${size} objects`, {
        body: await page.screenshot(),
        contentType: 'image/png',
      });

      const [onKey, onRoutes] =
        [...expected.rejectedOn].find(([key]) => !key.endsWith(` ${reason}`)) ??
        [...expected.rejectedOn][0] ??
        [];
      if (!onKey || !onRoutes) throw new Error('no rejections on a listener');
      const [parent = '', listener = '', onReason = ''] = onKey.split(' ');
      const onListener: SummaryFigure = { figure: 'rejected', reason: onReason, parent, listener };
      await showAllParents(page);
      await figureButton(page, onListener).click();
      await expectListed(page, onRoutes);
      await expectMapShows(page, onRoutes);
      const listenerLink = page.url();

      // Each deep link reopens its view: the same figure, the same Routes.
      for (const [url, figure, shown] of [
        [link, { figure: 'rejected', reason }, routes],
        [listenerLink, onListener, onRoutes],
      ] as const) {
        const reopened = await page.context().newPage();
        await reopened.goto(url);
        await waitForEstateMap(reopened);
        await expect(summaryPanel(reopened).locator('.gm-summary__totals')).toBeVisible({
          timeout: PATIENCE,
        });
        await showAllParents(reopened);
        await expect(figureButton(reopened, figure)).toHaveAttribute('aria-pressed', 'true', {
          timeout: 60_000,
        });
        await expectListed(reopened, shown);
        await expectMapShows(reopened, shown);
        await reopened.close();
      }
    });
  });
}

test.describe('links to the summary', () => {
  test.use({ estateSize: 2_000 });

  test('ignore figure and summary values they cannot read, and open the plain map', async ({
    page,
    estate,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    for (const search of [
      '?figure=nonsense',
      '?figure=rejected%7C%7C%7C%7C%7C',
      '?figure=accepted%7C%7C%7C',
      '?figure=rejected%7C%25E0%25A4%25A%7C%7C',
      '?figure=%25&summary=maybe',
      `?figure=${'x'.repeat(5000)}`,
    ]) {
      await signIn(page, estate.server, `/${search}`);
      await waitForEstateMap(page);
      await expect(summaryPanel(page).locator('.gm-summary__totals')).toBeVisible();
      await expect(summaryPanel(page).locator('[aria-pressed="true"]')).toHaveCount(0);
      await expect(summaryPanel(page).locator('.gm-summary__objects')).toHaveCount(0);
    }
    // A figure that reads but names nothing shows nothing, and says so.
    await signIn(page, estate.server, `/?figure=${encodeURIComponent('rejected|NoSuchReason||')}`);
    await expect(page.getByText('Nothing matches these filters')).toBeVisible();
    await expect(summaryPanel(page).locator('.gm-summary__objects')).toHaveAttribute('data-count', '0');
    expect(errors).toEqual([]);
  });
});
