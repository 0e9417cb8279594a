/**
 * The big picture's layout on generated estates of about 2,000, 10,000 and 150,000 objects
 * (e2e/estates.ts): "fit view" shows every namespace tile with its name drawn at 9 px or more and
 * no two edge labels overlapping; zooming into a tile opens it in place to its Routes and
 * Services, zooming out closes it, and no other tile moves; the link of a zoomed-in view reopens
 * it. Screenshots of the fit view (and of an open tile) are attached at each size. The 150,000
 * objects' map opens on the big picture the server sends ahead of them (`GET /api/overview`),
 * whose tiles stay where they are once the objects are in.
 *
 * Each size is served once (the worker keeps it) and its map loaded twice: once for the fit view
 * and the zoom, once for the deep link.
 */
import type { Page } from '@playwright/test';
import { test } from './estates.ts';
import type { SummaryResponse, TopologyResponse } from '../packages/topology/src/api.ts';
import { OVERVIEW_MIN_OBJECTS } from '../packages/topology/src/estate-overview.ts';
import { adminJson, attachView, expect, signIn, waitForMap } from './fixtures.ts';

const SIZES = [2_000, 10_000, 150_000] as const;
/** How long the map of the largest estate may take to load in the browser on a busy machine. */
const LOAD_TIMEOUT = 120_000;
/** The smallest font size on screen that still reads. */
const LEGIBLE_PX = 9;

function tile(page: Page, namespace: string) {
  return page.locator(`.react-flow__node-aggregate[data-id="aggregate:${namespace}"]`);
}

async function zoomOf(page: Page): Promise<number> {
  const transform = await page
    .locator('.react-flow__viewport')
    .evaluate((element) => element.style.transform);
  return Number(/scale\(([\d.e-]+)\)/.exec(transform)?.[1] ?? Number.NaN);
}

/** The zoom of a link to a place on the map (`vp=x,y,zoom`). */
function linkedZoom(link: URL): number {
  return Number(link.searchParams.get('vp')?.split(',')[2]);
}

/** Each drawn tile's place in flow coordinates (React Flow's transform of its node). */
async function tilePlaces(page: Page): Promise<Map<string, string>> {
  const places = await page
    .locator('.react-flow__node-aggregate')
    .evaluateAll((elements) =>
      elements.map((element) => [
        element.getAttribute('data-id') ?? '',
        (element as HTMLElement).style.transform,
      ]),
    );
  return new Map(places as [string, string][]);
}

function expectSamePlaces(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): void {
  let compared = 0;
  for (const [id, place] of after) {
    if (!before.has(id)) continue;
    expect(place, `${id} stays where it was`).toBe(before.get(id));
    compared += 1;
  }
  expect(compared, 'tiles drawn both before and after').toBeGreaterThan(1);
}

/** Fits the whole map with the map's own button, and waits until React Flow has drawn it. */
async function fitView(page: Page): Promise<void> {
  await page.locator('.react-flow__controls-fitview').click();
  await expect.poll(async () => (await page.locator('.gm-tile.is-open').count()) === 0).toBe(true);
}

/** Wheels in over the middle of a tile until it opens (or gives up after `notches`). */
async function zoomInto(page: Page, namespace: string, notches = 60): Promise<void> {
  const box = await tile(page, namespace).boundingBox();
  if (!box) throw new Error(`the tile of ${namespace} is not drawn`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let notch = 0; notch < notches; notch += 1) {
    if ((await tile(page, namespace).locator('.gm-tile.is-open').count()) > 0) return;
    await page.mouse.wheel(0, -150);
    await page.waitForTimeout(60);
  }
}

/** Wheels out until no tile is open. */
async function zoomOut(page: Page, notches = 60): Promise<void> {
  for (let notch = 0; notch < notches; notch += 1) {
    if ((await page.locator('.gm-tile.is-open').count()) === 0) return;
    await page.mouse.wheel(0, 150);
    await page.waitForTimeout(60);
  }
}

for (const size of SIZES) {
  test.describe(`the big picture of a generated estate of ${size.toLocaleString('en')} objects`, () => {
    test.use({ estateSize: size });
    test.setTimeout(size > 10_000 ? 300_000 : 90_000);

    test('fits every tile legibly, opens a tile in place as it zooms in, and links to the place', async ({
      page,
      estate,
    }, testInfo) => {
      // The estate summary of 150k objects (20 Gateways) takes a third of the window above the map,
      // too little for 1,000 legible tiles: the fit view is measured with the summary hidden there.
      await signIn(page, estate.server, size > 10_000 ? '/?summary=0' : '/');
      await expect(page.locator('.gm-tile').first()).toBeVisible({ timeout: LOAD_TIMEOUT });
      if (size >= OVERVIEW_MIN_OBJECTS) {
        // The big picture comes ahead of the objects, every namespace a tile: where they then stay.
        await expect(page.locator('.gm-map.is-preview')).toHaveCount(1);
        const previewed = await tilePlaces(page);
        expect(previewed.size).toBe(estate.namespaces.length);
        await attachView(page, testInfo, `big picture ahead of the objects, ${size} objects`);
        await waitForMap(page);
        expectSamePlaces(previewed, await tilePlaces(page));
      }
      await waitForMap(page);
      await fitView(page);

      // Every namespace is a tile, in the pane, its whole name drawn at 9 px or more.
      const zoom = await zoomOf(page);
      const pane = await page.locator('.react-flow').boundingBox();
      if (!pane) throw new Error('no map pane');
      const names = await page.locator('.gm-tile__name').evaluateAll((elements) =>
        elements.map((element) => {
          const box = element.getBoundingClientRect();
          return {
            text: element.textContent ?? '',
            font: parseFloat(getComputedStyle(element).fontSize),
            cut: element.scrollWidth > element.clientWidth + 1,
            box: { left: box.left, top: box.top, right: box.right, bottom: box.bottom },
          };
        }),
      );
      expect(names.map((name) => name.text).sort()).toEqual([...estate.namespaces].sort());
      for (const name of names) {
        expect(name.font * zoom, `the name ${name.text} on screen`).toBeGreaterThanOrEqual(LEGIBLE_PX);
        expect(name.cut, `the name ${name.text} is drawn whole`).toBe(false);
        expect(name.box.left, name.text).toBeGreaterThanOrEqual(pane.x);
        expect(name.box.top, name.text).toBeGreaterThanOrEqual(pane.y);
        expect(name.box.right, name.text).toBeLessThanOrEqual(pane.x + pane.width);
        expect(name.box.bottom, name.text).toBeLessThanOrEqual(pane.y + pane.height);
      }

      // The bundles' labels: some shown, no two overlapping.
      const labels = await page.locator('.gm-edge-tag, .gm-edge-fix').evaluateAll((elements) =>
        elements.map((element) => {
          const box = element.getBoundingClientRect();
          return {
            text: element.textContent ?? '',
            left: box.left,
            top: box.top,
            right: box.right,
            bottom: box.bottom,
          };
        }),
      );
      expect(labels.length, 'labels on the fitted map').toBeGreaterThan(0);
      for (const [index, left] of labels.entries())
        for (const right of labels.slice(index + 1)) {
          const overlap =
            Math.min(left.right, right.right) - Math.max(left.left, right.left) > 0.5 &&
            Math.min(left.bottom, right.bottom) - Math.max(left.top, right.top) > 0.5;
          expect(overlap, `"${left.text}" and "${right.text}" overlap`).toBe(false);
        }
      await attachView(page, testInfo, `fit view of ${size} objects`);

      // Zooming into a tile opens it where it is; the tiles around it stay put.
      const namespace = estate.namespaces[Math.floor(estate.namespaces.length / 2)] ?? 'app-0';
      const fitted = await tilePlaces(page);
      await zoomInto(page, namespace);
      const open = tile(page, namespace).locator('.gm-tile.is-open');
      await expect(open).toHaveCount(1);
      await expect(open.locator(`.gm-tile__item[data-id^="HTTPRoute/${namespace}/"]`).first()).toBeVisible();
      await expect(open.locator(`.gm-tile__item[data-id^="Service/${namespace}/"]`).first()).toBeVisible();
      expectSamePlaces(fitted, await tilePlaces(page));
      await attachView(page, testInfo, `tile ${namespace} open, ${size} objects`);

      // The view is a place to link to.
      await expect.poll(() => new URL(page.url()).searchParams.get('vp')).not.toBeNull();
      const link = new URL(page.url());

      // Zooming out closes it again, in the same place.
      await zoomOut(page);
      await expect(page.locator('.gm-tile.is-open')).toHaveCount(0);
      await expect(tile(page, namespace).locator('.gm-tile__name')).toHaveText(namespace);
      expectSamePlaces(fitted, await tilePlaces(page));

      // The link reopens the zoomed-in view: the same tile, open.
      await page.goto(link.href);
      await expect(tile(page, namespace).locator('.gm-tile.is-open')).toHaveCount(1, {
        timeout: LOAD_TIMEOUT,
      });
      await waitForMap(page);
      await expect(
        tile(page, namespace).locator(`.gm-tile__item[data-id^="HTTPRoute/${namespace}/"]`).first(),
      ).toBeInViewport();
      // And the link still holds once the map has settled: the map did not go on to its own view
      // (the fit, or where the problems are), which would also take the place out of the URL.
      expect(await zoomOf(page)).toBeCloseTo(linkedZoom(link), 3);
      expect(new URL(page.url()).searchParams.get('vp')).not.toBeNull();
    });
  });
}

test.describe('the first view of a generated estate of 10,000 objects in a small window', () => {
  test.use({ estateSize: 10_000, viewport: { width: 960, height: 600 } });
  test.setTimeout(90_000);

  test('opens on where the problems are, legibly, when every tile would be too small', async ({
    page,
    estate,
  }, testInfo) => {
    // The namespace with the most rejected Routes, as the server counts them.
    const { summary } = await adminJson<SummaryResponse>(estate.server, '/api/summary');
    const perNamespace = new Map<string, number>();
    for (const reason of summary.rejected.reasons)
      for (const { namespace, count } of reason.top)
        perNamespace.set(namespace, (perNamespace.get(namespace) ?? 0) + count);
    const [worst] = [...perNamespace].sort(
      (left, right) => right[1] - left[1] || left[0].localeCompare(right[0]),
    );
    const parent = summary.parents.find((item) => item.rejected.count > 0)?.parent;
    if (!worst || !parent) throw new Error('the estate has no rejected Routes');

    await signIn(page, estate.server, '/');
    await expect(page.locator('.gm-tile').first()).toBeVisible({ timeout: LOAD_TIMEOUT });
    await waitForMap(page);
    await expect(tile(page, worst[0])).toBeInViewport({ timeout: 20_000 });
    const zoom = await zoomOf(page);
    const font = await tile(page, worst[0])
      .locator('.gm-tile__name')
      .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    expect(font * zoom, `the name ${worst[0]} on screen`).toBeGreaterThanOrEqual(LEGIBLE_PX);
    await expect(page.locator(`.react-flow__node[data-id="${parent}"]`)).toBeInViewport();
    await attachView(page, testInfo, 'first view of 10000 objects in a small window');
    // Every tile at once would be too small to read in this window: what "fit view" shows.
    await fitView(page);
    expect(font * (await zoomOf(page)), 'a name at fit view').toBeLessThan(LEGIBLE_PX);
  });
});

test.describe('problems only on a generated estate of 10,000 objects', () => {
  test.use({ estateSize: 10_000 });
  test.setTimeout(90_000);

  test('groups rejected Routes into one tile per reason and listener', async ({ page, estate }, testInfo) => {
    // Each rejected Route counted once, under the reason and listener of its first rejected parent.
    const topology = await adminJson<TopologyResponse>(estate.server, '/api/topology');
    const names = new Map(topology.nodes.map((node) => [node.id, node.name]));
    const routes = new Map<string, string>();
    for (const edge of topology.edges)
      if (edge.type === 'parent' && edge.state === 'rejected' && !routes.has(edge.from))
        routes.set(
          edge.from,
          `${edge.reason} · ${names.get(edge.to) ?? edge.to}${edge.listeners?.length ? `/${edge.listeners.join(',')}` : ''}`,
        );
    const expected = new Map<string, number>();
    for (const group of routes.values()) expected.set(group, (expected.get(group) ?? 0) + 1);
    expect(expected.size, 'rejections of several reasons and listeners').toBeGreaterThan(2);

    await signIn(page, estate.server, '/?problems=1&summary=0');
    await expect(page.locator('.gm-tile').first()).toBeVisible({ timeout: LOAD_TIMEOUT });
    await waitForMap(page);
    await fitView(page);
    const tiles = await page
      .locator('.gm-tile')
      .evaluateAll((elements) =>
        elements.map((element) => [
          element.querySelector('.gm-tile__name')?.textContent ?? '',
          Number(element.querySelector('.gm-tile__count')?.textContent ?? -1),
        ]),
      );
    const rejectedTiles = tiles.filter(([name]) => String(name).includes('/'));
    expect(new Map(rejectedTiles as [string, number][])).toEqual(expected);
    // One rejected bundle per listener, not one curve per Route.
    const bundles = await page.locator('.gm-edge-tag--rejected').count();
    expect(bundles).toBeGreaterThan(0);
    expect(bundles).toBeLessThanOrEqual(expected.size);
    await attachView(page, testInfo, 'problems only, 10000 objects');
  });
});
