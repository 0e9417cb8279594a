/**
 * Ingresses against a real kube-apiserver: applied with kubectl, read live beside the Gateway
 * API, their coverage judged again in the stream as HTTPRoutes are added, rejected and fixed;
 * and an Ingress kind the credentials may not list reported as forbidden.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IngressCoverageSummary, TopologyNode, TopologyResponse } from '@gatemap/topology';
import { createKubeSource, type KubeSource } from '../src/kube/kube-source.ts';
import { applyYaml, createNamespace, kubectlRun, uniqueSuffix } from './helpers/kubectl.ts';
import { adminTarget } from './helpers/admin-target.ts';
import { startServer, waitReady, type RunningServer } from './helpers/run-server.ts';
import { record } from './helpers/source-recorder.ts';
import { nodesOf, openStream, type Frame } from './helpers/stream.ts';
import { serviceAccountKubeconfig } from './helpers/what-if.ts';
import { testGatewayClass } from './helpers/gateway-manifests.ts';

const admin = adminTarget();

function coverageOf(node: TopologyNode | undefined): IngressCoverageSummary | undefined {
  return node?.summary.type === 'ingress' ? node.summary.coverage : undefined;
}

function coverageIn(frame: Frame, id: string): IngressCoverageSummary | undefined {
  return coverageOf(nodesOf(frame).find((node) => node.id === id));
}

/** A delta (or the snapshot) in which the Ingress's coverage passes `test`. */
const ingressFrame =
  (id: string, test: (coverage: IngressCoverageSummary) => boolean) =>
  (frame: Frame): boolean => {
    const coverage = coverageIn(frame, id);
    return coverage !== undefined && test(coverage);
  };

function platform(namespace: string, className: string, ingressClass: string, host: string): string {
  return `
${testGatewayClass(className)}---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: ${namespace}}
spec:
  gatewayClassName: ${className}
  listeners: [{name: http, port: 80, protocol: HTTP, hostname: "*.example.com"}]
---
apiVersion: v1
kind: Service
metadata: {name: storefront, namespace: ${namespace}}
spec: {ports: [{name: http, port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: ${namespace}}
spec: {ports: [{name: http, port: 8080}]}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: ${ingressClass}}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: ${namespace}}
spec:
  ingressClassName: ${ingressClass}
  rules:
    - host: ${host}
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: storefront, port: {name: http}}}}
          - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 8080}}}}
`;
}

function route(input: {
  host: string;
  namespace: string;
  name: string;
  path: string;
  service: string;
  port: number;
  section: string;
}) {
  return `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${input.name}, namespace: ${input.namespace}}
spec:
  parentRefs: [{name: web, sectionName: ${input.section}}]
  hostnames: [${input.host}]
  rules:
    - matches: [{path: {type: PathPrefix, value: ${input.path}}}]
      backendRefs: [{name: ${input.service}, port: ${input.port}}]
`;
}

describe('Ingresses live, against a real API server', () => {
  let server: RunningServer;
  let namespace: string;
  const suffix = uniqueSuffix();
  const className = `gatemap-ingress-${suffix}`;
  const ingressClass = `nginx-${suffix}`;
  // Hosts are cluster-wide: Routes left by earlier runs in the reused cluster must serve none of this run's.
  const host = `shop-${suffix}.example.com`;

  beforeAll(async () => {
    namespace = await createNamespace(admin, 'ingress');
    await applyYaml(admin, platform(namespace, className, ingressClass, host));
    server = await startServer(['--kubeconfig', admin.kubeconfig]);
    await waitReady(server.url, 90_000);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    for (const [kind, name] of [
      ['gatewayclass', className],
      ['ingressclass', ingressClass],
      ['namespace', namespace],
    ] as const)
      await kubectlRun(admin, ['delete', kind, name, '--ignore-not-found', '--wait=false'], {
        allowFailure: true,
      });
  });

  it('reads Ingresses and IngressClasses as synced kinds of networking.k8s.io/v1', async () => {
    const body = (await (await server.fetch('/api/clusters')).json()) as {
      clusters: TopologyResponse['clusters'];
    };
    const kinds = body.clusters[0]!.kinds;
    expect(kinds.find((kind) => kind.kind === 'Ingress')).toMatchObject({
      group: 'networking.k8s.io',
      version: 'v1',
      state: 'synced',
    });
    expect(kinds.find((kind) => kind.kind === 'IngressClass')).toMatchObject({
      version: 'v1',
      state: 'synced',
    });
  });

  it('draws the Ingress beside the Route on one Service node, with its class', async () => {
    await applyYaml(
      admin,
      route({
        host,
        namespace,
        name: 'storefront',
        path: '/',
        service: 'storefront',
        port: 80,
        section: 'http',
      }),
    );
    const id = `Ingress/${namespace}/web`;
    await vi.waitFor(
      async () => {
        const topology = (await (await server.fetch('/api/topology')).json()) as TopologyResponse;
        const into = topology.edges
          .filter((edge) => edge.to === `Service/${namespace}/storefront`)
          .map((edge) => edge.from)
          .sort();
        expect(into).toEqual([`HTTPRoute/${namespace}/storefront`, id]);
        expect(topology.edges.find((edge) => edge.id === `class:${id}`)).toMatchObject({
          from: `IngressClass/${ingressClass}`,
          state: 'resolved',
        });
      },
      { timeout: 30_000, interval: 100 },
    );
  });

  it('turns the Ingress from not started to partial to covered in the stream, partial while a Route is rejected', async () => {
    const id = `Ingress/${namespace}/web`;
    await kubectlRun(admin, ['delete', 'httproute', 'storefront', '-n', namespace, '--ignore-not-found']);
    const stream = await openStream(server, { timeoutMs: 30_000, inOrder: true });
    await stream.until(
      ingressFrame(id, (coverage) => coverage.state === 'not-started'),
      'not started',
    );

    await applyYaml(
      admin,
      route({
        host,
        namespace,
        name: 'storefront',
        path: '/',
        service: 'storefront',
        port: 80,
        section: 'http',
      }),
    );
    const partial = await stream.until(
      ingressFrame(id, (coverage) => coverage.state === 'partial'),
      'partial',
    );
    expect(coverageIn(partial, id)?.unserved.map((key) => [key.field, key.reason])).toEqual([
      ['spec.rules[0].http.paths[1]', 'no-route'],
    ]);

    // The /api Route names a listener the Gateway does not have: rejected, so /api stays unserved.
    await applyYaml(
      admin,
      route({ host, namespace, name: 'api', path: '/api', service: 'api', port: 8080, section: 'https' }),
    );
    const rejected = await stream.until(
      ingressFrame(id, (coverage) => coverage.unserved[0]?.reason === 'route-rejected'),
      'the rejected Route in the coverage',
    );
    expect(coverageIn(rejected, id)).toMatchObject({
      state: 'partial',
      unserved: [
        { field: 'spec.rules[0].http.paths[1]', reason: 'route-rejected', routeReason: 'NoMatchingParent' },
      ],
    });

    await applyYaml(
      admin,
      route({ host, namespace, name: 'api', path: '/api', service: 'api', port: 8080, section: 'http' }),
    );
    const covered = await stream.until(
      ingressFrame(id, (coverage) => coverage.state === 'covered'),
      'covered',
    );
    expect(coverageIn(covered, id)).toMatchObject({ served: 2, total: 2, unserved: [] });
    stream.close();
  }, 120_000);
});

describe('an Ingress kind the credentials may not list', () => {
  let directory: string;
  let namespace: string;
  let source: KubeSource | undefined;
  const role = `gatemap-test-no-ingress-${uniqueSuffix()}`;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'gatemap-ingress-'));
    namespace = await createNamespace(admin, 'noingress');
  });

  afterAll(async () => {
    await source?.stop();
    rmSync(directory, { recursive: true, force: true });
    for (const kind of ['clusterrolebinding', 'clusterrole'])
      await kubectlRun(admin, ['delete', kind, role, '--ignore-not-found'], { allowFailure: true });
  });

  it('is reported forbidden, with the API server’s reason, while IngressClasses sync', async () => {
    const kubeconfig = await serviceAccountKubeconfig({
      admin,
      namespace,
      path: join(directory, 'kubeconfig'),
      rbac: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${role}}
rules:
  - {apiGroups: [networking.k8s.io], resources: [ingressclasses], verbs: [get, list, watch]}
  - {apiGroups: [""], resources: [namespaces, services], verbs: [get, list, watch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ${role}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}
subjects: [SUBJECT]
`,
    });
    source = createKubeSource({
      name: 'limited',
      kubeconfigPath: kubeconfig,
      maxNamespaces: 3,
      log: () => undefined,
    });
    const recorder = record(source);
    await vi.waitFor(() => expect(recorder.kind('Ingress')?.state).toBe('forbidden'), {
      timeout: 60_000,
      interval: 100,
    });
    expect(recorder.kind('Ingress')?.message).toContain('cannot list resource "ingresses"');
    await vi.waitFor(() => expect(recorder.kind('IngressClass')?.state).toBe('synced'), {
      timeout: 30_000,
      interval: 100,
    });
  }, 120_000);
});
