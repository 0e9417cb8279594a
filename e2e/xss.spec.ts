/**
 * Markup in objects is shown as text, never run. Names cannot hold HTML, but labels, annotations,
 * hostnames the API server would refuse (a manifest directory has no API server), parentRef
 * section names and the messages that quote them can: they are served from `gatemap serve -f DIR`
 * and must reach the page, its details panel, its YAML and its SVG export literally. The
 * Content-Security-Policy would stop an inline script even if one were injected.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { stringify } from 'yaml';
import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import {
  attachView,
  expect,
  mapEdge,
  mapNode,
  serve,
  signIn,
  test as base,
  waitForMap,
  type RunningServer,
} from './fixtures.ts';

const IMG = '<img src=x onerror=window.__pwned=1>';
const SCRIPT = '<script>window.__pwned=1</script>';
const BOLD = '<b>bold</b>';
const SVG = '<svg onload=window.__pwned=1>';

function manifests(): string {
  const web = gateway({
    name: 'web',
    namespace: 'xss',
    listeners: [
      { name: 'http', hostname: `${IMG}.example.com`, allowedRoutes: { namespaces: { from: 'All' } } },
    ],
  });
  const evil = httpRoute({
    name: 'evil',
    namespace: 'xss',
    labels: { x: IMG },
    parentRefs: [{ name: 'web', sectionName: BOLD }],
    hostnames: [`${SVG}.example.com`],
    backends: ['backend:80'],
  });
  return [
    gatewayClass({ name: 'example' }),
    { ...web, metadata: { ...web.metadata, annotations: { note: SCRIPT } } },
    { ...evil, metadata: { ...evil.metadata, annotations: { note: SCRIPT } } },
    service({ name: 'backend', namespace: 'xss', ports: [80] }),
  ]
    .map((object) => stringify(object))
    .join('---\n');
}

const test = base.extend<object, { xss: RunningServer }>({
  xss: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      const directory = mkdtempSync(join(tmpdir(), 'gatemap-e2e-xss-'));
      writeFileSync(join(directory, 'objects.yaml'), manifests());
      const server = await serve(['-f', directory]);
      await use(server);
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

/** What injected markup would leave behind in the document, if any ran or was parsed. */
function injected(page: Page) {
  return page.evaluate(() => ({
    pwned: Reflect.get(window, '__pwned') as unknown,
    images: document.querySelectorAll('img').length,
    bold: document.querySelectorAll('#root b').length,
    svgFromText: document.querySelectorAll('#root svg[onload]').length,
    inlineScripts: [...document.querySelectorAll('script')].filter((script) => !script.src).length,
    handlers: [...document.querySelectorAll('*')].flatMap((element) =>
      element.getAttributeNames().filter((name) => name.startsWith('on')),
    ),
  }));
}

const CLEAN = { pwned: undefined, images: 0, bold: 0, svgFromText: 0, inlineScripts: 0, handlers: [] };

test('labels, annotations, hostnames and section names are shown as text, everywhere', async ({
  page,
  xss,
}, testInfo) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signIn(page, xss);
  await waitForMap(page);

  const gatewayNode = mapNode(page, 'Gateway/xss/web');
  await expect(gatewayNode.locator('.gm-listener__host')).toHaveText(`${IMG}.example.com`);
  await expect(mapNode(page, 'HTTPRoute/xss/evil')).toContainText(`${SVG}.example.com`);
  const parent = mapEdge(page, 'parent', 'HTTPRoute/xss/evil', 'Gateway/xss/web');
  await expect(parent).toHaveAttribute('data-state', 'rejected');
  await expect(parent).toHaveAttribute('data-reason', 'NoMatchingParent');
  await expect(parent.locator('title')).toContainText(`no listener named "${BOLD}"`);
  await attachView(page, testInfo, 'map');

  await mapNode(page, 'HTTPRoute/xss/evil').click();
  const route = page.getByRole('complementary', { name: 'Details of HTTPRoute xss/evil' });
  const yaml = route.locator('pre.gm-yaml');
  await expect(yaml).toContainText(`x: ${IMG}`);
  await expect(yaml).toContainText(`note: ${SCRIPT}`);
  await expect(yaml).toContainText(`sectionName: ${BOLD}`);
  await expect(route.locator('.gm-edges')).toContainText(`listener ${BOLD}`);
  await expect(route.locator('table.gm-conditions')).toContainText(
    `Gateway xss/web has no listener named "${BOLD}"`,
  );
  await expect(route.locator('.gm-finding__message')).toContainText([`hostname "${SVG}.example.com"`]);
  await attachView(page, testInfo, 'route details');

  await mapNode(page, 'Gateway/xss/web').click();
  const gatewayPanel = page.getByRole('complementary', { name: 'Details of Gateway xss/web' });
  await expect(gatewayPanel.locator('pre.gm-yaml')).toContainText(`note: ${SCRIPT}`);
  await expect(gatewayPanel.locator('pre.gm-yaml')).toContainText(`hostname: ${IMG}.example.com`);
  await expect(gatewayPanel.locator('.gm-finding__message').first()).toContainText(IMG);
  await attachView(page, testInfo, 'gateway details');

  expect(await injected(page)).toEqual(CLEAN);
  expect(dialogs).toEqual([]);

  // The SVG export draws the same texts: escaped, they parse back as text.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'SVG' }).click(),
  ]);
  const svg = readFileSync((await download.path()) ?? '', 'utf8');
  const parsed = await page.evaluate((text) => {
    const document = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      errors: document.getElementsByTagName('parsererror').length,
      elements: [...document.querySelectorAll('*')].map((element) => element.localName),
      handlers: [...document.querySelectorAll('*')].flatMap((element) =>
        element.getAttributeNames().filter((name) => name.startsWith('on')),
      ),
      text: document.documentElement.textContent ?? '',
    };
  }, svg);
  expect(parsed.errors).toBe(0);
  expect(
    parsed.elements.filter((name) => ['img', 'script', 'b', 'foreignObject', 'iframe'].includes(name)),
  ).toEqual([]);
  expect(parsed.elements.filter((name) => name === 'svg')).toHaveLength(1);
  expect(parsed.handlers).toEqual([]);
  // (The export shortens long texts.)
  expect(parsed.text).toContain('<img src=x onerror=window.');
  expect(parsed.text).toContain('<svg onload=window.');
  expect(parsed.text).toContain(`no listener named "${BOLD}"`);
  expect(await injected(page)).toEqual(CLEAN);
});

test('the page is served with a Content-Security-Policy that runs no inline script', async ({
  page,
  xss,
}) => {
  const response = await signIn(page, xss);
  const headers = response.headers();
  const policy = new Map(
    (headers['content-security-policy'] ?? '')
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = '', ...values]) => [name, values]),
  );
  const scripts = policy.get('script-src') ?? policy.get('default-src');
  expect(scripts, 'script-src').toBeDefined();
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(scripts?.filter((source) => source !== "'self'")).toEqual([]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');

  // Enforced, not only sent: an inline script added to the page does not run.
  await waitForMap(page);
  const outcome = await page.evaluate(async () => {
    const violation = new Promise<string>((resolve) =>
      document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective), {
        once: true,
      }),
    );
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    return { ran: Reflect.get(window, '__inlineRan') as unknown, violated: await violation };
  });
  expect(outcome).toEqual({ ran: undefined, violated: 'script-src-elem' });
});
