/**
 * `gatemap serve` against a real kube-apiserver: objects changed with kubectl reach the stream,
 * a reconnecting client resumes without missing anything, reported status is compared with the
 * prediction, and several contexts stay apart. The server runs as its own process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ObjectResponse, StreamDelta, TopologyEdge, TopologyResponse } from '@gatemap/topology';
import { STANDARD_CLUSTER, startLocalCluster } from './helpers/cluster.ts';
import { applyYaml, createNamespace, kubectl, kubectlRun, type KubectlTarget } from './helpers/kubectl.ts';
import { adminTarget } from './helpers/admin-target.ts';
import { startServer, waitReady, type RunningServer } from './helpers/run-server.ts';
import { deltaOf, deltaWith, openStream } from './helpers/stream.ts';
import { testGatewayClass } from './helpers/gateway-manifests.ts';

const admin = adminTarget();
const local = inject('clusterName') !== '';

const parentEdge = (delta: StreamDelta | undefined, route: string) =>
  delta?.upsertEdges.find(
    (edge: TopologyEdge) => edge.type === 'parent' && edge.from.endsWith(`HTTPRoute/${route}`),
  );

function setup(namespace: string, className: string): string {
  return `
${testGatewayClass(className)}---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: ${namespace}}
spec:
  gatewayClassName: ${className}
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: v1
kind: Service
metadata: {name: shop, namespace: ${namespace}}
spec: {ports: [{port: 80}]}
`;
}

function route(namespace: string, name: string, sectionName = 'http'): string {
  return `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  parentRefs: [{name: web, sectionName: ${sectionName}}]
  rules: [{backendRefs: [{name: shop, port: 80}]}]
`;
}

describe('gatemap serve against a real API server', () => {
  let server: RunningServer;
  let namespace: string;
  const className = `gatemap-serve-${Date.now().toString(36)}`;

  beforeAll(async () => {
    namespace = await createNamespace(admin, 'serve');
    await applyYaml(admin, setup(namespace, className));
    server = await startServer(['--kubeconfig', admin.kubeconfig]);
    await waitReady(server.url, 90_000);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await kubectlRun(admin, ['delete', 'gatewayclass', className, '--ignore-not-found'], {
      allowFailure: true,
    });
  });

  it('reports every kind synced or explains why not', async () => {
    const body = (await (await server.fetch('/api/clusters')).json()) as {
      clusters: TopologyResponse['clusters'];
    };
    const kinds = body.clusters[0]!.kinds;
    expect(kinds.find((kind) => kind.kind === 'HTTPRoute')).toMatchObject({ state: 'synced', version: 'v1' });
    for (const kind of kinds) {
      expect(['synced', 'not-installed']).toContain(kind.state);
      if (kind.state === 'not-installed') expect(kind.message).toBeTruthy();
    }
    expect((await fetch(new URL('/readyz', server.url))).status).toBe(200);
  });

  it('streams objects created, changed and deleted with kubectl', async () => {
    const stream = await openStream(server);
    await stream.until((frame) => frame.event === 'snapshot', 'snapshot');
    await applyYaml(admin, route(namespace, 'shop'));
    const created = await stream.until(
      deltaWith((delta) => parentEdge(delta, `${namespace}/shop`)?.state === 'accepted'),
      'accepted route',
    );
    expect(created.id).toMatch(/^[a-z0-9]+\.\d+$/);

    await applyYaml(admin, route(namespace, 'shop', 'https'));
    const changed = await stream.until(
      deltaWith((delta) => parentEdge(delta, `${namespace}/shop`)?.state === 'rejected'),
      'rejected route',
    );
    expect(parentEdge(deltaOf(changed), `${namespace}/shop`)).toMatchObject({
      reason: 'NoMatchingParent',
      source: 'predicted',
    });

    await kubectl(admin, 'delete', 'httproute', 'shop', '-n', namespace);
    await stream.until(
      deltaWith((delta) => delta.removeNodes.includes(`HTTPRoute/${namespace}/shop`)),
      'removal',
    );
    stream.close();
  });

  it('lets a reconnecting client resume with Last-Event-ID and miss nothing', async () => {
    const first = await openStream(server);
    const snapshot = await first.until((frame) => frame.event === 'snapshot', 'snapshot');
    const revision = (JSON.parse(snapshot.data) as TopologyResponse).revision;
    first.close();
    for (const name of ['a', 'b', 'c']) await applyYaml(admin, route(namespace, name));
    // Wait until the server has published all three before reconnecting.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const topology = (await (await server.fetch('/api/topology')).json()) as TopologyResponse;
      if (
        ['a', 'b', 'c'].every((name) =>
          topology.nodes.some((node) => node.id === `HTTPRoute/${namespace}/${name}`),
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const resumed = await openStream(server, { lastEventId: snapshot.id });
    for (const name of ['a', 'b', 'c']) {
      await resumed.until(
        deltaWith((delta) => delta.upsertNodes.some((node) => node.id === `HTTPRoute/${namespace}/${name}`)),
        `route ${name}`,
      );
    }
    expect(resumed.frames.some((frame) => frame.event === 'snapshot')).toBe(false);
    const ids = resumed.frames
      .filter((frame) => frame.event === 'delta')
      .map((frame) => Number(frame.id?.split('.').pop()));
    expect(ids[0]).toBe(revision + 1);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    resumed.close();
  });

  it('compares the status a controller wrote with the prediction, and calls stale status out', async () => {
    await applyYaml(admin, route(namespace, 'reported'));
    const status = {
      status: {
        parents: [
          {
            parentRef: { name: 'web', sectionName: 'http' },
            controllerName: 'example.com/gatemap-test',
            conditions: [
              {
                type: 'Accepted',
                status: 'False',
                reason: 'NotAllowedByListeners',
                message: 'made up',
                observedGeneration: 0,
                lastTransitionTime: '2026-01-01T00:00:00Z',
              },
            ],
          },
        ],
      },
    };
    await kubectl(
      admin,
      'patch',
      'httproute',
      'reported',
      '-n',
      namespace,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify(status),
    );
    const clusters = (await (await server.fetch('/api/clusters')).json()) as {
      clusters: { name: string }[];
    };
    const url = new URL(
      `/api/objects/${encodeURIComponent(clusters.clusters[0]!.name)}/HTTPRoute/${namespace}/reported`,
      server.url,
    );
    const deadline = Date.now() + 20_000;
    let body: ObjectResponse | undefined;
    while (Date.now() < deadline) {
      const response = await server.fetch(url.pathname);
      if (response.ok) {
        body = (await response.json()) as ObjectResponse;
        if (body.findings.some((item) => item.slug === 'status-stale')) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(body?.findings.map((item) => item.slug)).toEqual(
      expect.arrayContaining(['status-stale', 'status-disagrees']),
    );
    expect(body?.reported[0]?.conditions[0]).toMatchObject({ reason: 'NotAllowedByListeners' });
    const edge = body?.edges.find((item) => item.type === 'parent');
    expect(edge).toMatchObject({
      state: 'rejected',
      reason: 'NotAllowedByListeners',
      source: 'reported',
      predicted: { state: 'accepted', reason: 'Accepted' },
    });
    expect(body?.node.stale).toBe(true);
  });
});

describe.skipIf(!local)(
  `several contexts at once${local ? '' : ' [skipped: needs the local scripts/cluster control plane]'}`,
  () => {
    it('serves two clusters with prefixed ids and keeps their objects apart', async () => {
      const second = await startLocalCluster(STANDARD_CLUSTER, 'standard');
      const secondTarget: KubectlTarget = {
        kubectl: second.kubectl,
        kubeconfig: second.kubeconfig,
        cacheDir: second.kubectlCacheDir,
      };
      const namespace = await createNamespace(admin, 'two');
      await applyYaml(
        admin,
        `${setup(namespace, `${namespace}-class`)}\n---\n${route(namespace, 'only-in-first')}`,
      );
      await kubectl(secondTarget, 'create', 'namespace', namespace);
      await applyYaml(
        secondTarget,
        `${setup(namespace, `${namespace}-class`)}\n---\n${route(namespace, 'only-in-second')}`,
      );
      const directory = mkdtempSync(join(tmpdir(), 'gatemap-contexts-'));
      const kubeconfig = join(directory, 'config');
      // kubectl merges the files of a KUBECONFIG list; the first file's current-context wins.
      const flattened = spawnSync(admin.kubectl, ['config', 'view', '--flatten'], {
        encoding: 'utf8',
        env: { ...process.env, KUBECONFIG: `${admin.kubeconfig}:${second.kubeconfig}` },
      });
      expect(flattened.status).toBe(0);
      writeFileSync(kubeconfig, flattened.stdout);
      const server = await startServer(['--kubeconfig', kubeconfig, '--all-contexts']);
      try {
        await waitReady(server.url, 90_000);
        const deadline = Date.now() + 20_000;
        let topology: TopologyResponse | undefined;
        while (Date.now() < deadline) {
          topology = (await (await server.fetch('/api/topology')).json()) as TopologyResponse;
          const ids = topology.nodes.map((node) => node.id);
          if (
            ids.some((id) => id.endsWith(`HTTPRoute/${namespace}/only-in-first`)) &&
            ids.some((id) => id.endsWith(`HTTPRoute/${namespace}/only-in-second`))
          )
            break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const clusters = topology!.clusters.map((cluster) => cluster.name);
        expect(clusters).toHaveLength(2);
        const first = topology!.nodes.find((node) =>
          node.id.endsWith(`HTTPRoute/${namespace}/only-in-first`),
        )!;
        const secondNode = topology!.nodes.find((node) =>
          node.id.endsWith(`HTTPRoute/${namespace}/only-in-second`),
        )!;
        expect(first.id).toBe(`${first.cluster}:HTTPRoute/${namespace}/only-in-first`);
        expect(secondNode.cluster).not.toBe(first.cluster);
        expect(
          topology!.nodes.some((node) => node.cluster === first.cluster && node.name === 'only-in-second'),
        ).toBe(false);
        const edge = topology!.edges.find((item) => item.type === 'parent' && item.from === first.id);
        expect(edge?.to).toBe(`${first.cluster}:Gateway/${namespace}/web`);
      } finally {
        await server.stop();
      }
    }, 180_000);
  },
);
