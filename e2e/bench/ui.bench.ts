/**
 * How fast the map draws and moves in Chromium on generated estates of about 500, 2,000 and
 * 10,000 graph nodes (packages/topology/bench/generate-topology.ts, Routes ≈ nodes / 3, written to
 * a temporary directory and served with `gatemap serve -f DIR`):
 *
 *  - first render: navigation start → the first `.react-flow__node` in the viewport with the
 *    loading and "Laying out…" screens gone, measured in the page (cold browser cache, signed-in
 *    session), with the nodes in the DOM at that moment and the total; from 50,000 objects on
 *    that is the big picture the server sends ahead of the topology (`GET /api/overview`);
 *  - complete: navigation start → the same with the whole topology loaded (the map no longer
 *    `.is-preview`); the frame times below are measured from then on;
 *  - frame times (requestAnimationFrame deltas, in the page) while panning (a mouse drag across
 *    the pane for ~2 s, the mouse's position sent 60 times a second without waiting for the page,
 *    so that every frame has a move to draw) and zooming (wheel, ~2 s): p50, p95, max.
 *
 * Past 500 objects the default view is the big picture: every namespace a tile in a grid, laid out
 * to be read whole. For it the benchmark also prints
 *
 *  - readable fit: navigation start → every namespace tile in the viewport with its name drawn at
 *    9 px or more on screen (the fitted view; measured in the page from the first frame on);
 *  - open: with the map fitted, the wheel zooms in on one tile, a notch every 25 ms, until the
 *    zoom crosses the level at which tiles open; the time from that notch until the tile's Routes
 *    and Services are drawn, and the frame times (p95, max) of the whole zoom in and back out, in
 *    which the tiles in view open and close.
 *
 * The estate summary above the map (opened by itself for a large estate) is kept closed: the
 * benchmark measures the map.
 *
 * Each size is measured in two views: the default one, where namespaces with more than 25 Routes
 * fold into one aggregate node each (the generator puts 50 Routes in every namespace, so all of
 * them fold; past 500 nodes the map folds the largest namespaces anyway), and with every namespace
 * expanded (`?expand=app-0&expand=app-1…`), which hands React Flow every object. The targets
 * (2,000 nodes drawn in < 1.5 s, 10,000 in < 4 s, p95 frame < 50 ms while panning 10,000) are
 * checked on the expanded view.
 *
 * With `--policies`, every Route gets one policy of a kind discovered from a CRD among the files
 * (`BenchPolicy.bench.example.com`, labelled Direct), in the Route's namespace: on the Route, or,
 * for every fiftieth, on a Route that does not exist, so that the map draws policy nodes, their
 * edges attached and unresolved (to a ghost), and the marks on the Routes.
 * The Routes, and so the sizes, stay those of the run without.
 *
 * Run: pnpm bench:ui [--policies] [nodes...]   (Debian's Chromium, or GATEMAP_CHROMIUM)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, waitReady, type RunningServer } from '../../apps/server/test/helpers/run-server.ts';
import { generateTopology } from '../../packages/topology/bench/generate-topology.ts';

const VIEWPORT = { width: 1600, height: 1000 };
const TARGETS: Record<number, number> = { 2000: 1500, 10000: 4000 };
const PAN_P95_TARGET = { nodes: 10000, ms: 50 };
const withPolicies = process.argv.includes('--policies');
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((size) => size > 0);

/** The kind of the policies `--policies` adds: only what discovery reads. */
const POLICY_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {
    name: 'benchpolicies.bench.example.com',
    labels: { 'gateway.networking.k8s.io/policy': 'Direct' },
  },
  spec: {
    group: 'bench.example.com',
    names: { kind: 'BenchPolicy', plural: 'benchpolicies' },
    scope: 'Namespaced',
    versions: [{ name: 'v1', served: true, storage: true }],
  },
};

/** One policy per Route of the generated estate (see the header). */
function policiesFor(
  objects: readonly { kind: string; metadata: { name: string; namespace?: string } }[],
): unknown[] {
  const routes = objects.filter((item) => item.kind === 'HTTPRoute');
  const policies: unknown[] = routes.map((route, index) => ({
    apiVersion: 'bench.example.com/v1',
    kind: 'BenchPolicy',
    metadata: { name: `policy-${index}`, namespace: route.metadata.namespace },
    spec: {
      targetRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'HTTPRoute',
          name: index % 50 === 49 ? `gone-${index}` : route.metadata.name,
        },
      ],
    },
  }));
  return [POLICY_CRD, ...policies];
}

interface FirstRender {
  readonly ms: number;
  /** Since navigation start, until the map shows the whole topology (no longer the overview). */
  readonly complete?: number;
  readonly inDom: number;
  /** Edge elements then; `canvas`: the edge lines are drawn on the map's edge canvas instead. */
  readonly edgesInDom: number;
  readonly canvas: boolean;
}

interface Frames {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

interface Opening {
  /** Notch that crossed the open zoom → members drawn. */
  readonly ms: number;
  readonly frames: Frames;
}

interface Measurement {
  readonly nodes: number;
  readonly view: 'default' | 'expanded';
  readonly objects: number;
  readonly first: FirstRender;
  /** `elk` (ELK layered, in a worker: small views) or `layers` (the map's own column layout). */
  readonly layout: string;
  /** Since navigation start, until frames come regularly again after the first render. */
  readonly smooth: number;
  readonly drawn: number;
  readonly aggregates: number;
  readonly pan: Frames;
  readonly zoom: Frames;
  /** Since navigation start; undefined where the view is not the big picture. */
  readonly readableFit: number | undefined;
  readonly opening: Opening | undefined;
}

/** Records, from the first frame on, when the map first shows a node in the viewport. */
function watchFirstRender(): void {
  const check = (): void => {
    const map = document.querySelector('.gm-map');
    const busy = !map || map.classList.contains('is-hidden') || document.querySelector('.gm-laying-out');
    if (!busy && Reflect.get(window, '__firstRender') === undefined) {
      const visible = [...map.querySelectorAll('.react-flow__node:not(.react-flow__node-lane)')].some(
        (node) => {
          const box = node.getBoundingClientRect();
          return (
            box.width > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth
          );
        },
      );
      if (visible) {
        Reflect.set(window, '__firstRender', {
          ms: performance.now(),
          inDom: map.querySelectorAll('.react-flow__node').length,
          edgesInDom: map.querySelectorAll('.react-flow__edge').length,
          canvas: Number(map.querySelector<HTMLElement>('.gm-map-canvas')?.dataset['edges'] ?? 0) > 0,
        });
      }
    }
    const first = Reflect.get(window, '__firstRender') as FirstRender | undefined;
    if (first && map && !map.classList.contains('is-preview')) {
      Reflect.set(window, '__firstRender', { ...first, complete: performance.now() });
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

/** Records, from the first frame on, when every namespace tile is in view with a legible name. */
function watchReadableFit(): void {
  const check = (): void => {
    const map = document.querySelector('.gm-map');
    const tiles = map ? [...map.querySelectorAll<HTMLElement>('.gm-tile__name')] : [];
    const expected = Number(
      /([\d,]+) namespaces/
        .exec(map?.querySelector('.gm-lane__label')?.textContent ?? '')?.[1]
        ?.replace(/,/g, '') ?? -1,
    );
    if (map && !map.classList.contains('is-hidden') && tiles.length > 0 && tiles.length === expected) {
      const zoom = Number(
        /scale\(([\d.e-]+)\)/.exec(
          map.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '',
        )?.[1] ?? 0,
      );
      const legible = tiles.every((tile) => {
        const box = tile.getBoundingClientRect();
        return (
          parseFloat(getComputedStyle(tile).fontSize) * zoom >= 9 &&
          box.top >= 0 &&
          box.left >= 0 &&
          box.bottom <= innerHeight &&
          box.right <= innerWidth
        );
      });
      if (legible) {
        Reflect.set(window, '__readableFit', performance.now());
        return;
      }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

/**
 * Starts recording the time between frames. The last entry, added on stop, is the time since the
 * last frame: a page that draws no frame at all while it is dragged still shows how long it hung.
 */
function startFrames(): void {
  const deltas: number[] = [];
  let last = performance.now();
  Reflect.set(window, '__frames', deltas);
  Reflect.set(window, '__stopFrames', () => {
    Reflect.set(window, '__recording', false);
    deltas.push(performance.now() - last);
    return deltas;
  });
  Reflect.set(window, '__recording', true);
  const tick = (time: number): void => {
    if (!Reflect.get(window, '__recording')) return;
    deltas.push(time - last);
    last = time;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function stopFrames(): number[] {
  return (Reflect.get(window, '__stopFrames') as () => number[])();
}

/**
 * Resolves with the time since navigation start once the page draws ten frames in a row less than
 * 50 ms apart: when the map, drawn, also answers again.
 */
function waitUntilSmooth(): Promise<number> {
  return new Promise((resolve) => {
    let last = performance.now();
    let smooth = 0;
    const tick = (time: number): void => {
      smooth = time - last < 50 ? smooth + 1 : 0;
      last = time;
      if (smooth >= 10) resolve(performance.now());
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

function summarise(deltas: readonly number[]): Frames {
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (quantile: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 };
}

/** A point of the pane with nothing drawn on it, so that a drag pans instead of hitting a node. */
async function emptyPoint(page: Page): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane')?.getBoundingClientRect();
    if (!pane) return undefined;
    for (let fy = 0.5; fy < 0.95; fy += 0.05)
      for (const fx of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
        const x = pane.left + pane.width * fx;
        const y = pane.top + pane.height * fy;
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    return undefined;
  });
  if (!point) throw new Error('no empty point on the pane to drag from');
  return point;
}

/** Mouse positions sent per second while dragging, as a mouse reports them to the browser. */
const DRAG_RATE = 60;

/**
 * Drags the pane for ~2 s, sending the mouse's position DRAG_RATE times a second without waiting
 * for the page to handle each (as a real mouse does; Chromium folds the moves that arrive within
 * one frame into one), so that every frame has a move to draw.
 */
async function measurePan(page: Page): Promise<Frames> {
  const start = await emptyPoint(page);
  await page.mouse.move(start.x, start.y);
  const cdp = await page.context().newCDPSession(page);
  const mouse = (type: 'mousePressed' | 'mouseMoved' | 'mouseReleased', x: number, y: number) =>
    cdp.send('Input.dispatchMouseEvent', {
      type,
      x,
      y,
      button: 'left',
      buttons: type === 'mouseReleased' ? 0 : 1,
      clickCount: type === 'mouseMoved' ? 0 : 1,
    });
  await page.evaluate(startFrames);
  await mouse('mousePressed', start.x, start.y);
  const sent: Promise<unknown>[] = [];
  const began = performance.now();
  let at = start;
  for (let step = 1; performance.now() - began < 2000; step += 1) {
    const wait = began + (step * 1000) / DRAG_RATE - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // Back and forth across the pane, and a little up and down.
    at = { x: start.x + 350 * Math.sin(step / 12), y: start.y + 120 * Math.sin(step / 19) };
    sent.push(mouse('mouseMoved', at.x, at.y));
  }
  await Promise.all(sent);
  await mouse('mouseReleased', at.x, at.y);
  await cdp.detach();
  return summarise(await page.evaluate(stopFrames));
}

async function measureZoom(page: Page): Promise<Frames> {
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('no pane');
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  await page.evaluate(startFrames);
  const began = performance.now();
  let step = 0;
  while (performance.now() - began < 2000) {
    step += 1;
    // Out for eight notches, in for eight, and so on.
    await page.mouse.wheel(0, Math.floor(step / 8) % 2 === 0 ? 100 : -100);
    await page.waitForTimeout(25);
  }
  return summarise(await page.evaluate(stopFrames));
}

function currentZoom(): number {
  const transform = document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '';
  return Number(/scale\(([\d.e-]+)\)/.exec(transform)?.[1] ?? 1);
}

/**
 * From the fitted big picture, zooms in on a tile until it opens, then back out: see the header.
 * The wheel's notches come every 25 ms, as in measureZoom.
 */
async function measureOpening(page: Page): Promise<Opening | undefined> {
  const tile = page
    .locator('.react-flow__node-aggregate')
    .filter({ has: page.locator('.gm-tile') })
    .nth(7);
  const box = await tile.boundingBox();
  if (!box) return undefined;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.evaluate(startFrames);
  let ms: number | undefined;
  for (let step = 0; step < 80 && ms === undefined; step += 1) {
    const notch = performance.now();
    await page.mouse.wheel(0, -100);
    // Tiles open once this wide on screen (TileNode's TILE_OPEN_WIDTH).
    const width = (await tile.boundingBox())?.width ?? 0;
    if (width >= 360) {
      await page.waitForFunction(
        () => document.querySelector('.gm-tile.is-open .gm-tile__item') !== null,
        undefined,
        {
          polling: 'raf',
          timeout: 10_000,
        },
      );
      ms = performance.now() - notch;
    } else await page.waitForTimeout(25);
  }
  for (let step = 0; step < 80 && (await page.evaluate(currentZoom)) > 0.05; step += 1) {
    await page.mouse.wheel(0, 100);
    await page.waitForTimeout(25);
    if ((await page.locator('.gm-tile.is-open').count()) === 0 && step > 20) break;
  }
  const frames = summarise(await page.evaluate(stopFrames));
  return ms === undefined ? undefined : { ms, frames };
}

async function measureView(
  browser: Browser,
  server: RunningServer,
  nodes: number,
  view: Measurement['view'],
  namespaces: readonly string[],
): Promise<Measurement> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    // Sign in without loading the map, so that the measured load starts with a cold cache.
    await context.request.get(new URL(`/?token=${server.adminToken}`, server.url).href);
    await context.addInitScript(watchFirstRender);
    await context.addInitScript(watchReadableFit);
    const page = await context.newPage();
    // The map alone: the estate summary, which a large estate opens with, stays closed.
    const expand = new URLSearchParams([
      ['summary', '0'],
      ...namespaces.map((namespace) => ['expand', namespace]),
    ]);
    await page.goto(new URL(view === 'default' ? '/?summary=0' : `/?${expand}`, server.url).href);
    await page.waitForFunction(
      () => (Reflect.get(window, '__firstRender') as FirstRender | undefined)?.complete !== undefined,
      undefined,
      { timeout: 120_000, polling: 100 },
    );
    const first = (await page.evaluate(() => Reflect.get(window, '__firstRender'))) as FirstRender;
    const count = (await page.locator('.gm-count').textContent()) ?? '';
    const objects = Number(/(\d+) objects/.exec(count)?.[1] ?? 0);
    const title = (await page.locator('.gm-count').getAttribute('title')) ?? '';
    const layout = title.includes('ELK') ? 'elk' : title.includes('grid') ? 'tiles' : 'layers';
    const smooth = await page.evaluate(waitUntilSmooth);
    const pan = await measurePan(page);
    const zoom = await measureZoom(page);
    // Fit the whole map (as far as the minimum zoom allows) and count what is drawn then.
    await page.locator('.react-flow__controls-fitview').click();
    await page.evaluate(waitUntilSmooth);
    const drawn = await page.locator('.react-flow__node:not(.react-flow__node-lane)').count();
    const aggregates = await page.locator('.react-flow__node-aggregate').count();
    const readableFit =
      layout === 'tiles'
        ? ((await page.evaluate(() => Reflect.get(window, '__readableFit'))) as number | undefined)
        : undefined;
    const opening = layout === 'tiles' ? await measureOpening(page) : undefined;
    return {
      nodes,
      view,
      objects,
      first,
      layout,
      smooth,
      drawn,
      aggregates,
      pan,
      zoom,
      readableFit,
      opening,
    };
  } finally {
    await context.close();
  }
}

const ms = (value: number) => `${Math.round(value)}`.padStart(5);
const frames = (value: Frames) => `${ms(value.p50)} ${ms(value.p95)} ${ms(value.max)}  (${value.count})`;

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env['GATEMAP_CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  console.log(
    `gatemap UI benchmark — Chromium ${browser.version()} headless, software rendering, ${VIEWPORT.width}×${VIEWPORT.height}; times in ms${withPolicies ? '; one policy per Route' : ''}`,
  );
  console.log(
    `pan: a mouse drag whose position is sent ${DRAG_RATE} times a second without waiting for the page; frame times are requestAnimationFrame deltas`,
  );
  console.log(
    'nodes  view       objects  server ready  layout  first render  complete  in DOM  edges (canvas)  smooth  after fit (aggr.)   pan p50 p95 max (frames)   zoom p50 p95 max (frames)   readable fit   open  p95  max',
  );
  const results: Measurement[] = [];
  for (const nodes of sizes.length > 0 ? sizes : [500, 2000, 10000]) {
    const directory = mkdtempSync(join(tmpdir(), 'gatemap-bench-ui-'));
    const generated = generateTopology(Math.round(nodes / 3)) as {
      kind: string;
      metadata: { name: string; namespace?: string };
    }[];
    const objects = withPolicies ? [...generated, ...policiesFor(generated)] : generated;
    const namespaces = generated
      .filter((item) => item.kind === 'Namespace')
      .map((item) => item.metadata.name);
    writeFileSync(
      join(directory, 'objects.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
    );
    const started = performance.now();
    const server = await startServer(['-f', directory]);
    try {
      await waitReady(server.url, 120_000);
      const ready = performance.now() - started;
      for (const view of ['default', 'expanded'] as const) {
        const result = await measureView(browser, server, nodes, view, namespaces);
        results.push(result);
        console.log(
          [
            String(nodes).padStart(5),
            view.padEnd(9),
            String(result.objects).padStart(8),
            ms(ready).padStart(13),
            result.layout.padStart(7),
            ms(result.first.ms).padStart(13),
            ms(result.first.complete ?? 0).padStart(9),
            String(result.first.inDom).padStart(7),
            `${result.first.edgesInDom}${result.first.canvas ? ' (yes)' : ' (no)'}`.padStart(15),
            ms(result.smooth).padStart(7),
            `${result.drawn} (${result.aggregates})`.padStart(18),
            `   ${frames(result.pan)}`.padEnd(28),
            `   ${frames(result.zoom)}`.padEnd(28),
            (result.readableFit === undefined ? '-' : ms(result.readableFit)).padStart(13),
            result.opening
              ? `${ms(result.opening.ms)} ${ms(result.opening.frames.p95)} ${ms(result.opening.frames.max)}`
              : '    -',
          ].join(' '),
        );
      }
    } finally {
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    }
  }
  await browser.close();

  console.log('\ntargets (first render: default view / every namespace expanded):');
  for (const [nodes, target] of Object.entries(TARGETS)) {
    const views = results.filter((item) => item.nodes === Number(nodes));
    if (views.length === 0) continue;
    const verdicts = views.map(
      (item) => `${item.view} ${Math.round(item.first.ms)} ms ${item.first.ms < target ? 'met' : 'MISSED'}`,
    );
    console.log(`  ${nodes} nodes, first render < ${target} ms: ${verdicts.join(', ')}`);
  }
  const panned = results.filter((item) => item.nodes === PAN_P95_TARGET.nodes);
  if (panned.length > 0)
    console.log(
      `  ${PAN_P95_TARGET.nodes} nodes, p95 frame while panning < ${PAN_P95_TARGET.ms} ms: ${panned
        .map(
          (item) =>
            `${item.view} ${Math.round(item.pan.p95)} ms ${item.pan.p95 < PAN_P95_TARGET.ms ? 'met' : 'MISSED'}`,
        )
        .join(', ')}`,
    );
}

await main();
