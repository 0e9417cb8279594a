/**
 * History against a real API server: each change made with kubectl that flips a Route (a
 * Namespace label removed, a ReferenceGrant deleted, a listener's hostname edited) is recorded
 * with exactly that change as its cause; the history outlives a restart of the server on the
 * same data directory; and a share link's history names no object it cannot see.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry, HistoryPage, HistoryVerdictEntry, TopologyResponse } from '@gatemap/topology';
import {
  applyYaml,
  createNamespace,
  deleteObject,
  emptyNamespace,
  kubectl,
  kubectlRun,
  uniqueSuffix,
} from './helpers/kubectl.ts';
import { adminTarget } from './helpers/admin-target.ts';
import { startServer, waitReady, type RunningServer } from './helpers/run-server.ts';

const admin = adminTarget();

const id = uniqueSuffix();
const className = `gatemap-history-${id}`;
const LABEL = `gatemap-history-${id}`;

function objects(ns: { routes: string; infra: string; backends: string; other: string }): string {
  return `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: ${className}}
spec: {controllerName: example.com/gatemap-history}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: ${ns.infra}}
spec:
  gatewayClassName: ${className}
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    hostname: "*.example.com"
    allowedRoutes:
      namespaces:
        from: Selector
        selector: {matchLabels: {${LABEL}: "yes"}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: ${ns.backends}}
spec: {ports: [{port: 80}]}
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: zz-marker-grant, namespace: ${ns.backends}}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: ${ns.routes}}]
  to: [{group: "", kind: Service}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: ${ns.routes}}
spec:
  hostnames: [shop.example.com]
  parentRefs: [{name: edge, namespace: ${ns.infra}}]
  rules: [{backendRefs: [{name: api, namespace: ${ns.backends}, port: 80}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: zz-marker-route, namespace: ${ns.other}}
spec:
  hostnames: [other.example.com]
  parentRefs: [{name: edge, namespace: ${ns.infra}}]
`;
}

async function poll<Value>(
  what: string,
  read: () => Promise<Value | undefined>,
  timeoutMs = 20_000,
): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${what} within ${timeoutMs} ms`);
}

async function historyOf(server: RunningServer, query: string, headers: Record<string, string> = {}) {
  const response = await server.fetch(`/api/history?${query}`, { headers });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as HistoryPage;
}

describe('history against a real API server', () => {
  let server: RunningServer;
  const data = join(mkdtempSync(join(tmpdir(), 'gatemap-history-')), 'gatemap.sqlite');
  const ns = { routes: '', infra: '', backends: '', other: '' };
  let route = '';
  let parent = '';
  const seen = new Set<number>();

  /** The next flip of the Route's verdict `type` on its parent, with the entries of its causes. */
  async function nextFlip(type: string): Promise<{ flip: HistoryVerdictEntry; causes: HistoryEntry[] }> {
    const flip = await poll(`a flip of ${type}`, async () => {
      const page = await historyOf(server, `object=${encodeURIComponent(route)}&limit=50`);
      return page.entries.find(
        (entry): entry is HistoryVerdictEntry =>
          entry.type === 'verdict' && entry.verdict.id === `${parent}:${type}` && !seen.has(entry.seq),
      );
    });
    seen.add(flip.seq);
    const around = await historyOf(
      server,
      `since=${encodeURIComponent(flip.at)}&until=${encodeURIComponent(flip.at)}&limit=500`,
    );
    const causes = flip.causes.map((cause) => around.entries.find((entry) => entry.seq === cause.seq)!);
    return { flip, causes };
  }

  beforeAll(async () => {
    ns.routes = await createNamespace(admin, 'hist-routes');
    ns.infra = await createNamespace(admin, 'hist-infra');
    ns.backends = await createNamespace(admin, 'hist-backends');
    ns.other = await createNamespace(admin, 'hist-other');
    route = `HTTPRoute/${ns.routes}/web`;
    parent = `parent:Gateway/${ns.infra}/edge`;
    await kubectl(admin, 'label', 'namespace', ns.routes, `${LABEL}=yes`);
    await kubectl(admin, 'label', 'namespace', ns.other, `${LABEL}=yes`);
    await applyYaml(admin, objects(ns));
    server = await startServer(['--kubeconfig', admin.kubeconfig, '--data', data]);
    await waitReady(server.url, 90_000);
    await poll('the Route accepted', async () => {
      const topology = (await (await server.fetch('/api/topology')).json()) as TopologyResponse;
      const edge = topology.edges.find((item) => item.type === 'parent' && item.from === route);
      return edge?.state === 'accepted' ? edge : undefined;
    });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    for (const namespace of Object.values(ns))
      if (namespace)
        await emptyNamespace(admin, namespace, ['httproutes', 'gateways', 'referencegrants', 'services']);
    await kubectlRun(admin, ['delete', 'gatewayclass', className, '--ignore-not-found'], {
      allowFailure: true,
    });
  });

  it('records no history for the first sync', async () => {
    const page = await historyOf(server, `object=${encodeURIComponent(route)}`);
    expect(page.entries).toEqual([]);
  });

  it('names the Namespace whose label was removed as the cause of the Route it no longer admits', async () => {
    await kubectl(admin, 'label', 'namespace', ns.routes, `${LABEL}-`);
    const { flip, causes } = await nextFlip('Accepted');
    expect(flip.verdict).toMatchObject({
      direction: 'broke',
      after: { value: 'False (NotAllowedByListeners)' },
    });
    expect(flip.causes).toEqual([{ seq: causes[0]!.seq, key: `Namespace/${ns.routes}`, change: 'changed' }]);
    expect(causes[0]).toMatchObject({
      type: 'object',
      fields: [{ path: `metadata.labels["${LABEL}"]`, before: 'yes' }],
    });
    await kubectl(admin, 'label', 'namespace', ns.routes, `${LABEL}=yes`);
    const back = await nextFlip('Accepted');
    expect(back.flip.verdict.direction).toBe('recovered');
    expect(back.flip.causes).toMatchObject([{ key: `Namespace/${ns.routes}`, change: 'changed' }]);
  });

  it('names the deleted ReferenceGrant as the cause of the reference it no longer permits', async () => {
    await deleteObject(admin, 'referencegrant', 'zz-marker-grant', ns.backends);
    const { flip } = await nextFlip('ResolvedRefs');
    expect(flip.verdict).toMatchObject({ direction: 'broke', after: { value: 'False (RefNotPermitted)' } });
    expect(flip.causes).toMatchObject([
      { key: `ReferenceGrant/${ns.backends}/zz-marker-grant`, change: 'deleted' },
    ]);
    expect(flip.causes).toHaveLength(1);
  });

  it("names the Gateway whose listener's hostname was edited as the cause of the Route it rejects", async () => {
    await kubectl(
      admin,
      'patch',
      'gateway',
      'edge',
      '-n',
      ns.infra,
      '--type=json',
      '-p',
      JSON.stringify([{ op: 'replace', path: '/spec/listeners/0/hostname', value: '*.example.org' }]),
    );
    const { flip, causes } = await nextFlip('Accepted');
    expect(flip.verdict).toMatchObject({
      direction: 'broke',
      after: { value: 'False (NoMatchingListenerHostname)' },
    });
    expect(flip.causes).toMatchObject([{ key: `Gateway/${ns.infra}/edge`, change: 'changed' }]);
    expect(flip.causes).toHaveLength(1);
    expect(causes[0]).toMatchObject({
      fields: [{ path: 'spec.listeners[http].hostname', before: '*.example.com', after: '*.example.org' }],
    });
  });

  it('gives a share link the history of its namespace without naming anything hidden', async () => {
    const created = await server.fetch('/api/share-links', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ namespaces: [ns.routes], expiresIn: '1h', label: 'history' }),
    });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    const page = await historyOf(server, 'limit=500', { authorization: `Bearer ${token}` });
    const flips = page.entries.filter((entry) => entry.type === 'verdict' && entry.key === route);
    expect(flips.length).toBeGreaterThanOrEqual(4);
    const text = JSON.stringify(page);
    expect(text).not.toContain('zz-marker');
    expect(text).not.toContain(`Namespace/${ns.routes}`);
    expect(text).not.toContain(ns.other);
    expect(flips.flatMap((entry) => (entry.type === 'verdict' ? entry.causes : []))).toContainEqual(
      expect.objectContaining({ hidden: true }),
    );
  });

  it('keeps the history across a restart of the server on the same data directory', async () => {
    const before = await historyOf(server, `object=${encodeURIComponent(route)}&limit=500`);
    expect(before.entries.length).toBeGreaterThanOrEqual(4);
    await server.stop();
    server = await startServer(['--kubeconfig', admin.kubeconfig, '--data', data]);
    await waitReady(server.url, 90_000);
    const after = await historyOf(server, `object=${encodeURIComponent(route)}&limit=500`);
    expect(after.entries.slice(-before.entries.length)).toEqual(before.entries);
  });
});
