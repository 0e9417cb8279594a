/**
 * `gatemap analyze --kubeconfig` against the real API server (test/integration/global-setup.ts):
 * for each change, the what-if's prediction is taken, the change is then applied with kubectl,
 * and what gatemap reports of the cluster afterwards (the core on a fresh LIST, no overlay) must
 * be what was predicted, object by object: the verdict changes of every object of the case, and
 * no others. Every case works in namespaces of its own; cluster-scoped names carry a suffix.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { parseObjectKey, type ObjectKey } from '@gatemap/topology';
import type { PredictedContext, WhatIfReport } from '../src/cli/what-if-report.ts';
import { applyYaml, kubectl, kubectlRun } from './helpers/kubectl.ts';
import {
  analyze,
  compared,
  observe,
  observedChanges,
  serviceAccountKubeconfig,
  whatIf as predict,
  whatIfCases,
} from './helpers/what-if.ts';

const { admin, suffix, className, freshNamespace, changeFiles } = whatIfCases({
  name: 'what-if',
  resources: ['httproutes', 'gateways', 'referencegrants', 'services'],
});

/** The what-if with `-o json`, as the admin unless `kubeconfig` says otherwise. */
const whatIf = (args: readonly string[], kubeconfig = admin.kubeconfig) => predict(args, kubeconfig);

/**
 * Predicts with `args`, applies the change with `apply`, and checks that the prediction is what
 * gatemap reports afterwards: the same verdict changes, object by object, and no other object of
 * the case changed.
 */
async function predictThenApply(input: {
  readonly args: readonly string[];
  readonly apply: () => Promise<void>;
  readonly namespaces: readonly string[];
}): Promise<{ code: number; report: PredictedContext }> {
  const owned = new Set(input.namespaces);
  const inScope = (key: ObjectKey) => {
    const { kind, namespace, name } = parseObjectKey(key);
    if (namespace !== undefined) return owned.has(namespace);
    return (kind === 'Namespace' && owned.has(name)) || (kind === 'GatewayClass' && name === className);
  };
  const before = await observe(admin.kubeconfig, inScope);
  const predicted = await whatIf(input.args);
  await input.apply();
  const after = await observe(admin.kubeconfig, inScope);

  expect(predicted.report.verdicts.filter((change) => !inScope(change.key))).toEqual([]);
  expect(predicted.report.verdicts.map(compared)).toEqual(observedChanges(before, after).map(compared));
  for (const object of predicted.report.objects) {
    if (object.change === 'removed') expect(after.has(object.key), object.key).toBe(false);
    if (object.change === 'added' || object.change === 'replaced')
      expect(after.has(object.key), object.key).toBe(true);
  }
  return predicted;
}

const gateway = (namespace: string, listener: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: web, namespace: ${namespace} }
spec:
  gatewayClassName: ${className}
  listeners: [${listener}]
`;
const service = (namespace: string) => `apiVersion: v1
kind: Service
metadata: { name: app, namespace: ${namespace} }
spec: { ports: [{ port: 80 }] }
`;
const route = (input: {
  /** None: the context's namespace. */
  readonly namespace?: string;
  readonly name?: string;
  readonly hostname: string;
  readonly gatewayNamespace?: string;
  readonly backendNamespace?: string;
}) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${input.name ?? 'shop'}${input.namespace ? `, namespace: ${input.namespace}` : ''} }
spec:
  parentRefs: [{ name: web${input.gatewayNamespace ? `, namespace: ${input.gatewayNamespace}` : ''} }]
  hostnames: [${input.hostname}]
  rules: [{ backendRefs: [{ name: app, port: 80${input.backendNamespace ? `, namespace: ${input.backendNamespace}` : ''} }] }]
`;
const grant = (namespace: string, from: string) => `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: { name: allow-routes, namespace: ${namespace} }
spec:
  from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: ${from} }]
  to: [{ group: '', kind: Service }]
`;
const docs = (...documents: string[]) => documents.join('---\n');
const broken = (report: PredictedContext) =>
  report.verdicts.filter((item) => item.direction === 'broke').map((item) => item.message);

describe('what-if against the API server: the prediction is what gatemap reports once the change is applied', () => {
  it('a new Route: attaches, and breaks nothing', async () => {
    const ns = await freshNamespace();
    await applyYaml(
      admin,
      docs(gateway(ns, '{ name: http, port: 80, protocol: HTTP, hostname: "*.example.com" }'), service(ns)),
    );
    const change = route({ namespace: ns, hostname: 'shop.example.com' });
    const directory = changeFiles({ 'route.yaml': change });
    const { code, report } = await predictThenApply({
      args: ['-f', directory],
      apply: () => applyYaml(admin, change),
      namespaces: [ns],
    });
    expect(report.objects.map((object) => [object.key, object.change])).toEqual([
      [`HTTPRoute/${ns}/shop`, 'added'],
    ]);
    expect(report.verdicts.map((item) => item.message)).toContain(
      `Gateway ${ns}/web: attachedRoutes 0 → 1 on listener http`,
    );
    expect([code, report.breaks]).toEqual([0, false]);
  });

  it('a new GRPCRoute on the hostname of an older HTTPRoute: the new one is the newest, whatever its file says, and loses', async () => {
    const ns = await freshNamespace();
    await applyYaml(
      admin,
      docs(
        gateway(ns, '{ name: http, port: 80, protocol: HTTP }'),
        service(ns),
        route({ namespace: ns, hostname: 'shop.example.com' }),
      ),
    );
    // Dumped from elsewhere with its age (the API server sets its own); named to sort after the
    // HTTPRoute too, should both be created within one second.
    const change = `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: { name: zz-grpc, namespace: ${ns}, creationTimestamp: "2020-01-01T00:00:00Z" }
spec:
  parentRefs: [{ name: web }]
  hostnames: [shop.example.com]
  rules: [{ backendRefs: [{ name: app, port: 80 }] }]
`;
    const directory = changeFiles({ 'grpc.yaml': change });
    const { code, report } = await predictThenApply({
      args: ['-f', directory],
      apply: () => applyYaml(admin, change),
      namespaces: [ns],
    });
    expect(report.verdicts.filter((item) => item.key === `HTTPRoute/${ns}/shop`)).toEqual([]);
    expect(
      report.verdicts.some((item) => item.key === `GRPCRoute/${ns}/zz-grpc` && item.after?.ok === false),
    ).toBe(true);
    expect([code, report.breaks]).toEqual([0, false]);
  });

  it("a Gateway listener's hostname edited: the Route on the old hostname stops attaching", async () => {
    const ns = await freshNamespace();
    const listener = (hostname: string) => `{ name: http, port: 80, protocol: HTTP, hostname: ${hostname} }`;
    await applyYaml(
      admin,
      docs(
        gateway(ns, listener('a.example.com')),
        service(ns),
        route({ namespace: ns, hostname: 'a.example.com' }),
      ),
    );
    const change = gateway(ns, listener('b.example.com'));
    const directory = changeFiles({ 'gateway.yaml': change });
    const { code, report } = await predictThenApply({
      args: ['-f', directory],
      apply: () => applyYaml(admin, change),
      namespaces: [ns],
    });
    const replaced = report.objects.find((object) => object.key === `Gateway/${ns}/web`);
    expect(replaced?.change).toBe('replaced');
    expect(replaced?.fields).toContainEqual({
      path: 'spec.listeners[http].hostname',
      before: 'a.example.com',
      after: 'b.example.com',
    });
    expect(broken(report)).toContain(
      `HTTPRoute ${ns}/shop: Accepted True → False (NoMatchingListenerHostname) on parent Gateway ${ns}/web`,
    );
    expect([code, report.breaks]).toEqual([1, true]);
  });

  describe('a ReferenceGrant deleted: the Route to the other namespace loses its backend', () => {
    async function scene(): Promise<{ routes: string; backends: string }> {
      const [routes, backends] = [await freshNamespace(), await freshNamespace()];
      await applyYaml(
        admin,
        docs(
          gateway(routes, '{ name: http, port: 80, protocol: HTTP }'),
          route({ namespace: routes, hostname: 'shop.example.com', backendNamespace: backends }),
          service(backends),
          grant(backends, routes),
        ),
      );
      return { routes, backends };
    }

    const expectBroken = (report: PredictedContext, routes: string, backends: string) => {
      expect(report.objects).toEqual([
        {
          key: `ReferenceGrant/${backends}/allow-routes`,
          change: 'removed',
          fields: [],
          requested: 'delete',
        },
      ]);
      expect(report.verdicts.map((item) => item.message)).toContain(
        `HTTPRoute ${routes}/shop: ResolvedRefs True → False (RefNotPermitted) on parent Gateway ${routes}/web`,
      );
      expect(report.breaks).toBe(true);
    };

    it('with --delete', async () => {
      const { routes, backends } = await scene();
      const { code, report } = await predictThenApply({
        args: ['--delete', `referencegrant/${backends}/allow-routes`],
        apply: () =>
          kubectl(admin, 'delete', 'referencegrant', 'allow-routes', '-n', backends).then(() => {}),
        namespaces: [routes, backends],
      });
      expectBroken(report, routes, backends);
      expect(code).toBe(1);
    });

    it('with a `$patch: delete` document', async () => {
      const { routes, backends } = await scene();
      const directory = changeFiles({
        'delete-grant.yaml': `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: { name: allow-routes, namespace: ${backends} }
$patch: delete
`,
      });
      const { code, report } = await predictThenApply({
        args: ['-f', directory],
        apply: () =>
          kubectl(admin, 'delete', 'referencegrant', 'allow-routes', '-n', backends).then(() => {}),
        namespaces: [routes, backends],
      });
      expectBroken(report, routes, backends);
      expect(code).toBe(1);
    });
  });

  it('a Namespace relabelled: the listener that selects by label no longer admits its Route', async () => {
    const [infra, shop] = [await freshNamespace(), await freshNamespace()];
    const label = `gatemap-test/team-${suffix}`;
    await kubectl(admin, 'label', 'namespace', shop, `${label}=shop`);
    await applyYaml(
      admin,
      docs(
        gateway(
          infra,
          `{ name: http, port: 80, protocol: HTTP, allowedRoutes: { namespaces: { from: Selector, selector: { matchLabels: { ${label}: shop } } } } }`,
        ),
        service(shop),
        route({ namespace: shop, hostname: 'shop.example.com', gatewayNamespace: infra }),
      ),
    );
    const change = `apiVersion: v1
kind: Namespace
metadata:
  name: ${shop}
  labels: { ${label}: other }
`;
    const directory = changeFiles({ 'namespace.yaml': change });
    const { code, report } = await predictThenApply({
      args: ['-f', directory],
      apply: () => applyYaml(admin, change),
      namespaces: [infra, shop],
    });
    expect(report.objects.find((object) => object.key === `Namespace/${shop}`)?.change).toBe('replaced');
    expect(broken(report)).toContain(
      `HTTPRoute ${shop}/shop: Accepted True → False (NotAllowedByListeners) on parent Gateway ${infra}/web`,
    );
    expect([code, report.breaks]).toEqual([1, true]);
  });
});

describe('what-if of several contexts', () => {
  it("gives a report per context, with objects that name no namespace in the context's", async () => {
    const [first, second] = [await freshNamespace(), await freshNamespace()];
    const view = JSON.parse(await kubectl(admin, 'config', 'view', '--raw', '--minify', '-o', 'json')) as {
      clusters: { cluster: unknown }[];
      users: { user: unknown }[];
    };
    const kubeconfig = join(changeFiles({}), 'kubeconfig');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'test', cluster: view.clusters[0]?.cluster }],
        users: [{ name: 'admin', user: view.users[0]?.user }],
        contexts: [
          { name: 'one', context: { cluster: 'test', user: 'admin', namespace: first } },
          { name: 'two', context: { cluster: 'test', user: 'admin', namespace: second } },
        ],
        'current-context': 'one',
      }),
    );
    const directory = changeFiles({ 'route.yaml': route({ hostname: 'shop.example.com' }) });
    const result = await analyze([
      '-f',
      directory,
      '--kubeconfig',
      kubeconfig,
      '--context',
      'two',
      '--context',
      'one',
      '-o',
      'json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const { contexts } = JSON.parse(result.stdout) as WhatIfReport;
    expect(
      contexts.map((report) => [
        'objects' in report ? report.objects.map((object) => object.key) : report,
        report.context,
      ]),
    ).toEqual([
      [[`HTTPRoute/${second}/shop`], 'two'],
      [[`HTTPRoute/${first}/shop`], 'one'],
    ]);
  });
});

describe('what-if of a kind the cluster does not serve', () => {
  it('leaves the object out, saying that applying it would fail', async () => {
    const ns = await freshNamespace();
    const directory = changeFiles({
      'set.yaml': `apiVersion: gateway.networking.x-k8s.io/v1alpha1
kind: XListenerSet
metadata: { name: extra, namespace: ${ns} }
spec:
  parentRef: { name: web }
  listeners: [{ name: http, port: 80, protocol: HTTP }]
`,
    });
    const { code, stderr, report } = await whatIf(['-f', directory]);
    expect(stderr).toContain(
      `XListenerSet/${ns}/extra left out: CRD xlistenersets.gateway.networking.x-k8s.io is not installed`,
    );
    expect(report.objects).toEqual([]);
    expect(report.verdicts).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('what-if with credentials that may not read everything', () => {
  it('exits 2 when nothing of the cluster could be listed', async () => {
    const ns = await freshNamespace();
    const kubeconfig = await serviceAccountKubeconfig({
      admin,
      namespace: ns,
      path: join(changeFiles({}), 'kubeconfig'),
    });
    const result = await analyze(['--delete', `gateway/${ns}/web`, '--kubeconfig', kubeconfig]);
    expect(result.stderr).toContain('cannot read the cluster: the credentials may list none of the kinds');
    expect(result.stdout).toContain('Context what-if  not read');
    expect(result.code).toBe(2);
  });

  it('predicts without what RBAC hides: a Secret in a namespace it may not read is not checked, not missing', async () => {
    const [infra, readable] = [await freshNamespace(), await freshNamespace()];
    const role = `gatemap-what-if-${suffix}-${infra}`;
    const kubeconfig = await serviceAccountKubeconfig({
      admin,
      namespace: infra,
      path: join(changeFiles({}), 'kubeconfig'),
      rbac: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ${role} }
rules:
  - { apiGroups: [gateway.networking.k8s.io], resources: ["*"], verbs: [list] }
  - { apiGroups: [networking.k8s.io], resources: [ingresses, ingressclasses], verbs: [list] }
  - { apiGroups: [""], resources: [namespaces, services, configmaps], verbs: [list] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ${role} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role} }
subjects: [SUBJECT]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: secrets, namespace: ${readable} }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: secrets, namespace: ${readable} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: secrets }
subjects: [SUBJECT]
`,
    });
    // RBAC takes effect when the API server's authorizer has seen the bindings.
    const account = `system:serviceaccount:${infra}:what-if`;
    for (const [resource, namespace] of [
      ['gateways.gateway.networking.k8s.io'],
      ['configmaps'],
      ['secrets', readable],
    ])
      await vi.waitFor(
        async () => {
          const args = ['auth', 'can-i', 'list', resource ?? '', `--as=${account}`];
          const result = await kubectlRun(admin, [...args, ...(namespace ? ['-n', namespace] : [])], {
            allowFailure: true,
          });
          expect(result.stdout.trim()).toBe('yes');
        },
        { timeout: 20_000, interval: 50 },
      );
    await applyYaml(admin, gateway(infra, '{ name: http, port: 80, protocol: HTTP }'));
    const https = `{ name: https, port: 443, protocol: HTTPS, tls: { certificateRefs: [{ name: missing-tls }] } }`;
    const directory = changeFiles({
      'gateway.yaml': gateway(infra, `{ name: http, port: 80, protocol: HTTP }, ${https}`),
    });
    try {
      const limited = await whatIf(['-f', directory], kubeconfig);
      expect(limited.stderr).toMatch(
        /Secret predicted without what could not be read: .*forbidden.*; listed in \d+ of \d+ namespaces/,
      );
      // The CRD list is not granted either: policy kinds are not discovered, and that is said.
      expect(limited.report.unread.map((kind) => kind.kind)).toEqual(['Secret', 'CustomResourceDefinition']);
      expect(limited.report.unread[0]?.namespaces).toContain(readable);
      const listener = limited.report.verdicts.find((item) => item.id === 'listener:https:ResolvedRefs');
      expect(listener?.after).toMatchObject({ ok: true, status: 'Unknown' });
      expect([limited.code, limited.report.breaks]).toEqual([0, false]);

      // With every Secret readable, the missing one is what it is.
      const full = await whatIf(['-f', directory]);
      const missing = full.report.verdicts.find((item) => item.id === 'listener:https:ResolvedRefs');
      expect(missing?.after).toMatchObject({ ok: false, status: 'False' });
    } finally {
      await kubectl(
        admin,
        'delete',
        'clusterrolebinding,clusterrole',
        role,
        '--ignore-not-found',
        '--wait=false',
      );
    }
  });
});
