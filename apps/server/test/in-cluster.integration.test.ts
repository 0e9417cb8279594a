/**
 * gatemap as the chart installs it, against the real API server with RBAC on: the chart's
 * ServiceAccount, ClusterRole and share-link Role, a token minted for that ServiceAccount, and two
 * `gatemap serve` processes with exactly that identity sharing links through the Kubernetes store.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ClustersResponse, KindStatus, ObjectResponse, PredictedCondition } from '@gatemap/topology';
import { renderChart } from './helpers/helm.ts';
import {
  applyYaml,
  createNamespace,
  emptyNamespace,
  kubectl,
  kubectlRun,
  uniqueSuffix,
} from './helpers/kubectl.ts';
import { adminTarget } from './helpers/admin-target.ts';
import { startServer, waitReady, type RunningServer } from './helpers/run-server.ts';

const admin = adminTarget();
const release = `gm-${uniqueSuffix()}`;
const serviceAccount = `${release}-gatemap`;
const READ_VERBS = new Set(['get', 'list', 'watch']);
/** What RBAC's system:basic-user gives every authenticated identity: questions about itself. */
const SELF_REVIEWS = /^self(subject)?(access|rules)?reviews\.(authorization|authentication)\.k8s\.io$/;

let gatemapNamespace = '';
let appNamespace = '';
let kubeconfig = '';
const servers: RunningServer[] = [];
const rbacShown = [
  '--show-only',
  'templates/serviceaccount.yaml',
  '--show-only',
  'templates/clusterrole.yaml',
  '--show-only',
  'templates/role-share-links.yaml',
];

/** Applies the chart's ServiceAccount and RBAC as rendered with these values. */
async function applyChartRbac(set: Record<string, string | boolean> = {}): Promise<void> {
  const yaml = await renderChart({ release, namespace: gatemapNamespace, set, args: rbacShown });
  await applyYaml(admin, yaml);
}

/** A kubeconfig holding only a freshly minted token of the chart's ServiceAccount. */
async function serviceAccountKubeconfig(): Promise<string> {
  const token = (
    await kubectl(admin, 'create', 'token', serviceAccount, '-n', gatemapNamespace, '--duration=1h')
  ).trim();
  const view = JSON.parse(await kubectl(admin, 'config', 'view', '--raw', '--minify', '-o', 'json')) as {
    clusters: { cluster: Record<string, string> }[];
  };
  const cluster = view.clusters[0]?.cluster ?? {};
  const path = join(mkdtempSync(join(tmpdir(), 'gatemap-sa-')), 'kubeconfig');
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'cluster', cluster }],
      users: [{ name: serviceAccount, user: { token } }],
      contexts: [{ name: 'in-cluster', context: { cluster: 'cluster', user: serviceAccount } }],
      'current-context': 'in-cluster',
    }),
  );
  return path;
}

async function startReplicas(): Promise<[RunningServer, RunningServer]> {
  const adminToken = `gma_test_${uniqueSuffix()}${uniqueSuffix()}`;
  const args = [
    '--kubeconfig',
    kubeconfig,
    '--share-store',
    'kubernetes',
    '--share-namespace',
    gatemapNamespace,
  ];
  const started = await Promise.all([
    startServer(args, { GATEMAP_ADMIN_TOKEN: adminToken }),
    startServer(args, { GATEMAP_ADMIN_TOKEN: adminToken }),
  ]);
  servers.push(...started);
  await Promise.all(started.map((server) => waitReady(server.url)));
  return started;
}

async function stopReplicas(): Promise<void> {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
}

async function kindStates(server: RunningServer): Promise<Map<string, string>> {
  const body = (await (await server.fetch('/api/clusters')).json()) as ClustersResponse;
  return new Map(body.clusters[0]?.kinds.map((kind) => [`${kind.kind}.${kind.group}`, kind.state]));
}

/** The predicted ResolvedRefs of the app namespace's Gateway's listener, whose certificate is a Secret. */
async function listenerRefs(server: RunningServer): Promise<PredictedCondition | undefined> {
  const body = (await (
    await server.fetch(`/api/objects/in-cluster/Gateway/${appNamespace}/shop`)
  ).json()) as ObjectResponse;
  if (body.predicted?.kind !== 'gateway') return undefined;
  return body.predicted.status.listeners[0]?.conditions.find(
    (condition) => condition.type === 'ResolvedRefs',
  );
}

async function kindStatus(server: RunningServer, kind: string): Promise<KindStatus> {
  const body = (await (await server.fetch('/api/clusters')).json()) as ClustersResponse;
  const status = body.clusters[0]?.kinds.find((entry) => entry.kind === kind && entry.group === '');
  if (!status) throw new Error(`no sync status for ${kind}`);
  return status;
}

const withToken = (server: RunningServer, path: string, token: string) =>
  fetch(new URL(path, server.url), { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  gatemapNamespace = await createNamespace(admin, 'gatemap');
  appNamespace = await createNamespace(admin, 'shop');
  await applyChartRbac();
  kubeconfig = await serviceAccountKubeconfig();
  await applyYaml(
    admin,
    `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: ${release}}
spec: {controllerName: example.com/gateway}
---
apiVersion: v1
kind: Secret
metadata: {name: shop-tls}
type: kubernetes.io/tls
data: {tls.crt: "", tls.key: ""}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: shop}
spec:
  gatewayClassName: ${release}
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      tls: {certificateRefs: [{name: shop-tls}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: cart}
spec:
  parentRefs: [{name: shop}]
  rules: [{backendRefs: [{name: cart, port: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: cart}
spec: {ports: [{port: 80}]}
`,
    appNamespace,
  );
});

afterAll(async () => {
  await stopReplicas();
  await emptyNamespace(admin, gatemapNamespace, ['secrets', 'serviceaccounts', 'roles', 'rolebindings']);
  await emptyNamespace(admin, appNamespace, ['gateways', 'httproutes', 'services', 'secrets']);
  await kubectlRun(
    admin,
    [
      'delete',
      'clusterrole,clusterrolebinding,gatewayclass',
      `${release}-gatemap-read`,
      release,
      '--ignore-not-found',
      '--wait=false',
    ],
    { allowFailure: true },
  );
});

describe('gatemap with the chart ServiceAccount and the Kubernetes share-link store', () => {
  it('grants read verbs only outside its own namespace, and no Secret anywhere else', async () => {
    const asServiceAccount = `--as=system:serviceaccount:${gatemapNamespace}:${serviceAccount}`;
    // can-i --list reviews one namespace (in-cluster.md D17): the app namespace stands for any other.
    const rules = (await kubectl(admin, 'auth', 'can-i', '--list', asServiceAccount, '-n', appNamespace))
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [resource = '', , , verbs = ''] = line.trim().split(/\s{2,}/);
        return {
          resource,
          verbs: verbs
            .replace(/^\[|\]$/g, '')
            .split(/\s+/)
            .filter(Boolean),
        };
      });
    const beyondRead = rules.filter(
      (rule) => !SELF_REVIEWS.test(rule.resource) && rule.verbs.some((verb) => !READ_VERBS.has(verb)),
    );
    expect(beyondRead).toEqual([]);
    expect(rules.map((rule) => rule.resource)).toContain('httproutes.gateway.networking.k8s.io');
    expect(rules.map((rule) => rule.resource)).not.toContain('secrets');
    for (const [verb, namespaceArgs, expected] of [
      ['list', ['-A'], 'no'],
      ['get', ['-n', appNamespace], 'no'],
      ['create', ['-n', gatemapNamespace], 'yes'],
    ] as const) {
      const answer = await kubectlRun(
        admin,
        ['auth', 'can-i', verb, 'secrets', ...namespaceArgs, asServiceAccount],
        {
          allowFailure: true,
        },
      );
      expect(`${verb} secrets ${namespaceArgs.join(' ')}: ${answer.stdout.trim()}`).toBe(
        `${verb} secrets ${namespaceArgs.join(' ')}: ${expected}`,
      );
    }
  });

  it('syncs every Gateway API kind, reports Secrets forbidden, and shares links across two replicas', async () => {
    const [a, b] = await startReplicas();
    const states = await kindStates(a);
    const gatewayKinds = [...states].filter(([kind]) => kind.includes('.gateway.networking.'));
    // Every kind the cluster serves syncs with the chart's role alone; one it lacks is not-installed.
    expect(gatewayKinds.filter(([, state]) => state === 'synced').length).toBeGreaterThanOrEqual(10);
    expect(gatewayKinds.filter(([, state]) => state !== 'synced' && state !== 'not-installed')).toEqual([]);
    expect(states.get('Service.')).toBe('synced');
    expect(states.get('Namespace.')).toBe('synced');
    // Secrets: forbidden everywhere but gatemap's own namespace (its share-link Role).
    expect(states.get('Secret.')).toMatch(/^(forbidden|synced)$/);
    expect((await kindStatus(a, 'Secret')).message).toMatch(/forbidden/);
    expect((await a.fetch(`/api/objects/in-cluster/Secret/${appNamespace}/shop-tls`)).status).toBe(404);
    expect(states.get('ConfigMap.')).toBe('forbidden');
    // Its certificate is not checked rather than missing (basis rbac).
    expect(await listenerRefs(a)).toMatchObject({
      status: 'Unknown',
      basis: 'rbac',
      message: `certificateRefs[0]: Secret ${appNamespace}/shop-tls not checked: no read access.`,
    });

    const create = async (label: string) => {
      const response = await a.fetch('/api/share-links', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ namespaces: [appNamespace], label, expiresIn: '1h' }),
      });
      expect(response.status).toBe(201);
      return (await response.json()) as { id: string; token: string };
    };
    const revoked = await create('revoked on B');
    const kept = await create('kept');

    // Created on A, it opens on B.
    await vi.waitFor(
      async () => expect((await withToken(b, '/api/topology', revoked.token)).status).toBe(200),
      {
        timeout: 2000,
        interval: 20,
      },
    );

    // A stream of it open on A.
    const stream = await withToken(a, '/api/stream', revoked.token);
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    let received = '';
    const streamEnded = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return received;
        received += decoder.decode(value, { stream: true });
      }
    })();
    await vi.waitFor(() => expect(received).toContain('event: snapshot'), { timeout: 5000 });

    // Revoked on B: refused on A and A's stream ends, within 2 s.
    const revokedAt = Date.now();
    expect((await b.fetch(`/api/share-links/${revoked.id}`, { method: 'DELETE' })).status).toBe(200);
    await vi.waitFor(
      async () => expect((await withToken(a, '/api/topology', revoked.token)).status).toBe(401),
      {
        timeout: 2000,
        interval: 20,
      },
    );
    const ended = await Promise.race([
      streamEnded,
      new Promise<string>((resolve) =>
        setTimeout(() => resolve('(still open)'), 2000 - (Date.now() - revokedAt) + 50),
      ),
    ]);
    expect(ended, 'A closes the stream within 2 s of revocation on B').toContain('event: revoked');
    expect(Date.now() - revokedAt).toBeLessThan(2100);
    expect((await withToken(a, '/api/topology', kept.token)).status).toBe(200);

    // Both restart with Secret reads granted: the kept link works on both, the revoked on neither.
    await stopReplicas();
    await applyChartRbac({ 'rbac.secrets.enabled': true, 'rbac.secrets.scope': 'cluster' });
    const [c, d] = await startReplicas();
    for (const server of [c, d]) {
      expect((await withToken(server, '/api/topology', kept.token)).status).toBe(200);
      expect((await withToken(server, '/api/topology', revoked.token)).status).toBe(401);
    }
    expect(await kindStatus(c, 'Secret')).toMatchObject({ state: 'synced' });
    expect((await listenerRefs(c))?.basis).not.toBe('rbac');
    expect((await kindStatus(c, 'Secret')).message ?? '').not.toMatch(/forbidden/);
    await vi.waitFor(
      async () =>
        expect((await c.fetch(`/api/objects/in-cluster/Secret/${appNamespace}/shop-tls`)).status).toBe(200),
      { timeout: 5000 },
    );
    const listed = (await (await d.fetch('/api/share-links')).json()) as {
      links: { id: string; revokedAt?: string; uses: number }[];
    };
    expect(listed.links.find((link) => link.id === revoked.id)?.revokedAt).toBeDefined();
    expect(listed.links.find((link) => link.id === kept.id)?.uses).toBeGreaterThanOrEqual(1);
  });
});
