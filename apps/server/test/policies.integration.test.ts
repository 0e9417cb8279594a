/**
 * Policies on a live cluster, against the real API server: policy CRDs are discovered from the
 * CustomResourceDefinitions as they are installed and removed (Envoy Gateway's, fetched at the
 * version hack/tools/envoy-gateway pins, and Gateway API's experimental XBackendTrafficPolicy),
 * policies of every kind are watched and attached to their targets with the Route's effective
 * stack, a policy kind RBAC keeps gatemap from is forbidden rather than absent, `--policy-kinds`
 * stands in for a forbidden CRD list, and a share link's stream carries no policy on a target
 * it cannot see. The tests run in order: each builds on the cluster the one before left.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import {
  policyKindsFromNames,
  routePolicyStacks,
  servicePolicyStack,
  TopologyEngine,
  TopologyView,
  type ClusterStatus,
  type KindStatus,
  type ObjectKey,
  type PolicyKind,
  type TopologyResponse,
} from '@gatemap/topology';
import { createKubeSource, type KubeSource } from '../src/kube/kube-source.ts';
import { envoyGatewayCrdDir } from './helpers/cluster.ts';
import { renderChart } from './helpers/helm.ts';
import {
  applyYaml,
  createNamespace,
  deleteObject,
  emptyNamespace,
  kubectl,
  kubectlRun,
  uniqueSuffix,
  type KubectlTarget,
} from './helpers/kubectl.ts';
import { startServer, waitReady, type RunningServer } from './helpers/run-server.ts';

const admin: KubectlTarget = {
  kubectl: inject('kubectl'),
  kubeconfig: inject('kubeconfig'),
  cacheDir: inject('kubectlCacheDir'),
};
const EG = 'gateway.envoyproxy.io';
const EG_PLURALS = [
  'clienttrafficpolicies',
  'backendtrafficpolicies',
  'securitypolicies',
  'envoyextensionpolicies',
];
const EG_CRDS = EG_PLURALS.map((plural) => `${plural}.${EG}`);
/** A deadline for what the watches bring, not a measure of their speed. */
const WAIT = { timeout: 30_000, interval: 50 };
const suffix = uniqueSuffix();
const className = `policies-${suffix}`;
const release = `gm-${suffix}`;

interface Watched {
  readonly engine: TopologyEngine;
  readonly view: TopologyView;
  status(): ClusterStatus | undefined;
  kind(kind: string): KindStatus | undefined;
}

const sources: KubeSource[] = [];
const logs: string[] = [];
let ns = '';
let team = '';

/** A kube source feeding an engine and its view, as the server's hub does. */
function watch(kubeconfigPath: string, policyKinds: readonly PolicyKind[] = []): Watched {
  const engine = new TopologyEngine({ extensionRefs: 'trust' });
  const view = new TopologyView(engine);
  let status: ClusterStatus | undefined;
  const source = createKubeSource({
    name: 'policies',
    kubeconfigPath,
    log: (level, message) => logs.push(`${level}: ${message}`),
    maxNamespaces: 3,
    policyKinds,
  });
  sources.push(source);
  source.start(
    (changes) => view.update(engine.apply(changes)),
    (next) => (status = next),
  );
  return {
    engine,
    view,
    status: () => status,
    kind: (kind) => status?.kinds.find((entry) => entry.kind === kind),
  };
}

async function waitSynced(watched: Watched): Promise<void> {
  await vi.waitFor(
    () => expect(watched.status()?.state, JSON.stringify(watched.status())).toBe('synced'),
    WAIT,
  );
}

const egKey = (kind: string, namespace: string, name: string) =>
  `${kind}.${EG}/${namespace}/${name}` as ObjectKey;

/** Installs Envoy Gateway's policy CRDs and waits until kubectl can use them. */
async function installEnvoyGatewayCrds(): Promise<void> {
  const dir = await envoyGatewayCrdDir();
  // Server-side: the SecurityPolicy CRD is larger than client-side apply's annotation allows.
  await kubectl(
    admin,
    'apply',
    '--server-side',
    '--force-conflicts',
    '--field-manager=gatemap-test',
    '-f',
    dir,
  );
  await kubectl(
    admin,
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    ...EG_CRDS.map((name) => `crd/${name}`),
  );
  await vi.waitFor(async () => {
    for (const plural of EG_PLURALS) await kubectl(admin, 'get', `${plural}.${EG}`, '-A');
  }, WAIT);
}

async function deleteEnvoyGatewayCrds(): Promise<void> {
  await kubectl(admin, 'delete', 'crd', ...EG_CRDS, '--ignore-not-found', '--wait=true', '--timeout=60s');
}

/** A kubeconfig holding a fresh token of a ServiceAccount bound to these rules, cluster-wide. */
async function serviceAccountWith(name: string, rules: string): Promise<string> {
  await applyYaml(
    admin,
    `apiVersion: v1
kind: ServiceAccount
metadata: { name: ${name}, namespace: ${ns} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ${name}-${suffix} }
rules:
${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ${name}-${suffix} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${name}-${suffix} }
subjects: [{ kind: ServiceAccount, name: ${name}, namespace: ${ns} }]
`,
  );
  return kubeconfigOf(name);
}

/** A kubeconfig holding a fresh token of a ServiceAccount of the test namespace, once RBAC lets it list namespaces. */
async function kubeconfigOf(name: string): Promise<string> {
  const token = (await kubectl(admin, 'create', 'token', name, '-n', ns, '--duration=1h')).trim();
  const view = JSON.parse(await kubectl(admin, 'config', 'view', '--raw', '--minify', '-o', 'json')) as {
    clusters: { cluster: Record<string, string> }[];
  };
  const path = join(mkdtempSync(join(tmpdir(), 'gatemap-policies-')), 'kubeconfig');
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'cluster', cluster: view.clusters[0]?.cluster ?? {} }],
      users: [{ name, user: { token } }],
      contexts: [{ name, context: { cluster: 'cluster', user: name } }],
      'current-context': name,
    }),
  );
  // RBAC takes effect asynchronously: wait until the grant is seen.
  await vi.waitFor(async () => {
    const answer = await kubectlRun(admin, [
      'auth',
      'can-i',
      'list',
      'namespaces',
      `--as=system:serviceaccount:${ns}:${name}`,
    ]);
    expect(answer.stdout.trim()).toBe('yes');
  }, WAIT);
  return path;
}

/** What every reader below may read besides policies: the map's own kinds. */
const MAP_RULES = `- { apiGroups: [""], resources: [namespaces, services], verbs: [get, list, watch] }
- { apiGroups: [gateway.networking.k8s.io, gateway.networking.x-k8s.io], resources: ["*"], verbs: [get, list, watch] }`;

beforeAll(async () => {
  ns = await createNamespace(admin, 'policies');
  team = await createNamespace(admin, 'team');
  // A run stopped half-way leaves the CRDs behind; this file installs them itself.
  await deleteEnvoyGatewayCrds();
}, 120_000);

afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.stop()));
});

afterAll(async () => {
  await deleteEnvoyGatewayCrds();
  await emptyNamespace(admin, ns, [
    'gateways',
    'httproutes',
    'services',
    'xbackendtrafficpolicies',
    'serviceaccounts',
  ]);
  await emptyNamespace(admin, team, ['httproutes', 'services']);
  await kubectlRun(
    admin,
    [
      'delete',
      'clusterrole,clusterrolebinding',
      `crd-reader-${suffix}`,
      `named-reader-${suffix}`,
      `${release}-gatemap-read`,
      '--ignore-not-found',
      '--wait=false',
    ],
    { allowFailure: true },
  );
  await kubectlRun(admin, ['delete', 'gatewayclass', className, '--ignore-not-found'], {
    allowFailure: true,
  });
}, 120_000);

describe('policies on a live cluster', () => {
  it('discovers policy CRDs installed after it started, and watches their kinds', async () => {
    const watched = watch(admin.kubeconfig);
    await waitSynced(watched);
    expect(watched.kind('CustomResourceDefinition')).toMatchObject({ state: 'synced', version: 'v1' });
    // The experimental channel's own policy kind, found by its label.
    expect(watched.kind('XBackendTrafficPolicy')).toMatchObject({ state: 'synced', version: 'v1alpha1' });
    expect(watched.kind('ClientTrafficPolicy')).toBeUndefined();

    await installEnvoyGatewayCrds();
    await vi.waitFor(() => {
      for (const kind of [
        'ClientTrafficPolicy',
        'BackendTrafficPolicy',
        'SecurityPolicy',
        'EnvoyExtensionPolicy',
      ])
        expect(watched.kind(kind), kind).toMatchObject({ state: 'synced', version: 'v1alpha1', group: EG });
    }, WAIT);
    const kinds = new Map(watched.engine.policyKinds().map((kind) => [kind.kind, kind]));
    // Envoy Gateway's CRDs carry no policy label: found by their targetRefs and status.ancestors.
    expect(kinds.get('ClientTrafficPolicy')).toMatchObject({
      basis: 'schema',
      plural: 'clienttrafficpolicies',
    });
    expect(kinds.get('XBackendTrafficPolicy')).toMatchObject({ basis: 'label', class: 'Direct' });
    expect(kinds.get('BackendTLSPolicy')).toMatchObject({ basis: 'label' });
  }, 120_000);

  it('attaches policies of two vendors to a Gateway, a listener, a Route and a Service, with the Route stack', async () => {
    await applyYaml(
      admin,
      `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: ${className} }
spec: { controllerName: example.com/gatemap-test }
`,
    );
    await applyYaml(
      admin,
      `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw }
spec:
  gatewayClassName: ${className}
  listeners:
    - { name: http, port: 80, protocol: HTTP, allowedRoutes: { namespaces: { from: All } } }
    - { name: admin, port: 8080, protocol: HTTP }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: private }
spec:
  gatewayClassName: ${className}
  listeners: [{ name: http, port: 80, protocol: HTTP }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: shop }
spec:
  parentRefs: [{ name: gw }]
  rules: [{ name: main, backendRefs: [{ name: app, port: 80 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: app }
spec: { ports: [{ name: http, port: 80 }] }
---
apiVersion: ${EG}/v1alpha1
kind: ClientTrafficPolicy
metadata: { name: ctp-gateway }
spec: { targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: gw }] }
---
apiVersion: ${EG}/v1alpha1
kind: ClientTrafficPolicy
metadata: { name: ctp-http }
spec: { targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: gw, sectionName: http }] }
---
apiVersion: ${EG}/v1alpha1
kind: ClientTrafficPolicy
metadata: { name: ctp-private }
spec: { targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: private }] }
---
apiVersion: ${EG}/v1alpha1
kind: BackendTrafficPolicy
metadata: { name: btp-gateway }
spec: { targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: gw }] }
---
apiVersion: ${EG}/v1alpha1
kind: BackendTrafficPolicy
metadata: { name: btp-route }
spec: { targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop }] }
---
apiVersion: ${EG}/v1alpha1
kind: SecurityPolicy
metadata: { name: sp-route }
spec: { targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop }] }
---
apiVersion: ${EG}/v1alpha1
kind: EnvoyExtensionPolicy
metadata: { name: eep-gateway }
spec: { targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: gw }] }
---
apiVersion: gateway.networking.x-k8s.io/v1alpha1
kind: XBackendTrafficPolicy
metadata: { name: xbtp-app }
spec: { targetRefs: [{ group: "", kind: Service, name: app }] }
`,
      ns,
    );
    const watched = watch(admin.kubeconfig);
    await waitSynced(watched);
    const { engine } = watched;
    const gateway = `Gateway/${ns}/gw` as ObjectKey;
    const route = `HTTPRoute/${ns}/shop` as ObjectKey;
    const expected: [ObjectKey, string, ObjectKey, string | undefined][] = [
      [egKey('ClientTrafficPolicy', ns, 'ctp-gateway'), 'gateway', gateway, undefined],
      [egKey('ClientTrafficPolicy', ns, 'ctp-http'), 'listener', gateway, 'http'],
      [egKey('BackendTrafficPolicy', ns, 'btp-gateway'), 'gateway', gateway, undefined],
      [egKey('BackendTrafficPolicy', ns, 'btp-route'), 'route', route, undefined],
      [egKey('SecurityPolicy', ns, 'sp-route'), 'route', route, undefined],
      [egKey('EnvoyExtensionPolicy', ns, 'eep-gateway'), 'gateway', gateway, undefined],
      [
        `XBackendTrafficPolicy.gateway.networking.x-k8s.io/${ns}/xbtp-app` as ObjectKey,
        'service',
        `Service/${ns}/app` as ObjectKey,
        undefined,
      ],
    ];
    await vi.waitFor(() => {
      for (const [policy, level, target, sectionName] of expected) {
        const targets = engine.genericPolicy(policy)?.targets;
        expect(targets, policy).toHaveLength(1);
        expect(targets?.[0], policy).toMatchObject({
          state: 'attached',
          level,
          target: { key: target },
          ...(sectionName ? { sectionName } : {}),
        });
      }
    }, WAIT);
    // The listener policy's edge names its listener.
    expect(watched.view.edgesOf(egKey('ClientTrafficPolicy', ns, 'ctp-http'))).toEqual([
      expect.objectContaining({ type: 'policy-target', to: gateway, listeners: ['http'], state: 'accepted' }),
    ]);

    // One stack per listener the Route attaches to; the http listener adds its own policy.
    const stacks = routePolicyStacks(engine, route);
    expect(stacks.map((stack) => stack.listener).sort()).toEqual(['admin', 'http']);
    const entries = (listener: string, kind: string) =>
      stacks
        .find((stack) => stack.listener === listener)
        ?.kinds.find((stack) => stack.kind === `${EG}/${kind}`)
        ?.entries.map((entry) => [entry.policy, entry.level]);
    expect(entries('http', 'ClientTrafficPolicy')).toEqual([
      [egKey('ClientTrafficPolicy', ns, 'ctp-gateway'), 'gateway'],
      [egKey('ClientTrafficPolicy', ns, 'ctp-http'), 'listener'],
    ]);
    expect(entries('admin', 'ClientTrafficPolicy')).toEqual([
      [egKey('ClientTrafficPolicy', ns, 'ctp-gateway'), 'gateway'],
    ]);
    expect(entries('http', 'BackendTrafficPolicy')).toEqual([
      [egKey('BackendTrafficPolicy', ns, 'btp-gateway'), 'gateway'],
      [egKey('BackendTrafficPolicy', ns, 'btp-route'), 'route'],
    ]);
    const backendTraffic = stacks
      .find((stack) => stack.listener === 'http')
      ?.kinds.find((stack) => stack.kind === `${EG}/BackendTrafficPolicy`);
    // Envoy Gateway's merge rules are its own: listed, the most specific named, not merged.
    expect(backendTraffic).toMatchObject({
      merge: 'implementation',
      effective: { from: egKey('BackendTrafficPolicy', ns, 'btp-route'), basis: 'implementation' },
    });
    expect(entries('http', 'SecurityPolicy')).toEqual([[egKey('SecurityPolicy', ns, 'sp-route'), 'route']]);
    expect(
      servicePolicyStack(engine, `Service/${ns}/app` as ObjectKey).kinds.map((kind) => kind.kind),
    ).toEqual(['gateway.networking.x-k8s.io/XBackendTrafficPolicy']);
  }, 120_000);

  it('marks a policy target-not-found when its target is deleted', async () => {
    const watched = watch(admin.kubeconfig);
    await waitSynced(watched);
    const policy = egKey('SecurityPolicy', ns, 'sp-route');
    await vi.waitFor(
      () => expect(watched.engine.genericPolicy(policy)?.targets[0]?.state).toBe('attached'),
      WAIT,
    );
    await deleteObject(admin, 'httproute', 'shop', ns);
    await vi.waitFor(
      () => expect(watched.engine.genericPolicy(policy)?.targets[0]?.state).toBe('target-not-found'),
      WAIT,
    );
    expect(watched.view.edgesOf(policy)).toEqual([
      expect.objectContaining({ to: `HTTPRoute/${ns}/shop`, state: 'unresolved', reason: 'TargetNotFound' }),
    ]);
  }, 60_000);

  it('reports a policy kind its RBAC leaves out as forbidden, not as absent', async () => {
    const kubeconfig = await serviceAccountWith(
      'crd-reader',
      `${MAP_RULES}
- { apiGroups: [apiextensions.k8s.io], resources: [customresourcedefinitions], verbs: [get, list, watch] }
- { apiGroups: [${EG}], resources: [clienttrafficpolicies, backendtrafficpolicies, envoyextensionpolicies], verbs: [get, list, watch] }`,
    );
    const watched = watch(kubeconfig);
    await waitSynced(watched);
    expect(watched.kind('CustomResourceDefinition')?.state).toBe('synced');
    expect(watched.kind('ClientTrafficPolicy')).toMatchObject({ state: 'synced', version: 'v1alpha1' });
    const security = watched.kind('SecurityPolicy');
    expect(security?.state).toBe('forbidden');
    expect(security?.message).toContain('"securitypolicies"');
    expect(
      watched.engine.genericPolicy(egKey('ClientTrafficPolicy', ns, 'ctp-http'))?.targets[0]?.state,
    ).toBe('attached');
    expect(watched.engine.genericPolicy(egKey('SecurityPolicy', ns, 'sp-route'))).toBeUndefined();
  }, 90_000);

  it('falls back to --policy-kinds when the CRD list is forbidden, still telling forbidden from absent', async () => {
    const kubeconfig = await serviceAccountWith(
      'named-reader',
      `${MAP_RULES}
- { apiGroups: [${EG}], resources: [clienttrafficpolicies], verbs: [get, list, watch] }`,
    );
    const named = policyKindsFromNames([
      `ClientTrafficPolicy.${EG}`,
      `SecurityPolicy.${EG}`,
      `NoSuchPolicy.policies-${suffix}.example.com`,
    ]);
    expect(named.invalid).toEqual([]);
    const watched = watch(kubeconfig, named.kinds);
    await waitSynced(watched);
    const crds = watched.kind('CustomResourceDefinition');
    expect(crds?.state).toBe('forbidden');
    expect(crds?.message).toContain('only those --policy-kinds names are watched');
    expect(watched.kind('ClientTrafficPolicy')).toMatchObject({ state: 'synced', version: 'v1alpha1' });
    expect(watched.kind('SecurityPolicy')?.state).toBe('forbidden');
    expect(watched.kind('NoSuchPolicy')).toMatchObject({ state: 'not-installed' });
    expect(watched.kind('NoSuchPolicy')?.message).toContain('is not served');
    // Not discovered: the descriptor is the name's, located through API discovery.
    expect(watched.engine.policyKinds().find((kind) => kind.kind === 'ClientTrafficPolicy')).toMatchObject({
      basis: 'named',
      plural: 'clienttrafficpolicies',
    });
    await vi.waitFor(
      () =>
        expect(
          watched.engine.genericPolicy(egKey('ClientTrafficPolicy', ns, 'ctp-http'))?.targets[0],
        ).toMatchObject({
          state: 'attached',
          level: 'listener',
        }),
      WAIT,
    );
  }, 90_000);

  it("keeps policies on targets a share link cannot see out of the link's stream", async () => {
    await applyYaml(
      admin,
      `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web }
spec:
  parentRefs: [{ name: gw, namespace: ${ns} }]
  rules: [{ backendRefs: [{ name: web, port: 80 }] }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: hidden }
spec:
  parentRefs: [{ name: gw, namespace: ${ns} }]
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { ports: [{ port: 80 }] }
---
apiVersion: ${EG}/v1alpha1
kind: BackendTrafficPolicy
metadata: { name: on-web }
spec: { targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: web }] }
---
apiVersion: ${EG}/v1alpha1
kind: BackendTrafficPolicy
metadata: { name: on-hidden }
spec: { targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: hidden }] }
`,
      team,
    );
    let server: RunningServer | undefined;
    try {
      server = await startServer(['--kubeconfig', admin.kubeconfig]);
      await waitReady(server.url, 90_000);
      const running = server;
      const policy = (namespace: string, kind: string, name: string) => `${kind}.${EG}/${namespace}/${name}`;
      // The admin sees every policy first: what the link misses is scoped out, not yet to come.
      await vi.waitFor(async () => {
        const topology = (await (await running.fetch('/api/topology')).json()) as TopologyResponse;
        const ids = topology.nodes.map((node) => node.id);
        for (const id of [
          policy(team, 'BackendTrafficPolicy', 'on-web'),
          policy(team, 'BackendTrafficPolicy', 'on-hidden'),
          policy(ns, 'ClientTrafficPolicy', 'ctp-private'),
          policy(ns, 'ClientTrafficPolicy', 'ctp-http'),
        ])
          expect(ids).toContain(id);
      }, WAIT);
      const created = await server.fetch('/api/share-links', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          namespaces: [team],
          routes: [`${team}/web`],
          expiresIn: '1h',
          label: 'policies',
        }),
      });
      expect(created.status).toBe(201);
      const { token } = (await created.json()) as { token: string };
      const snapshot = await firstSnapshot(server, token);
      const ids = snapshot.nodes.map((node) => node.id);
      // Its Route's own policy, and those of the shared Gateway its Route attaches to.
      expect(ids).toContain(policy(team, 'BackendTrafficPolicy', 'on-web'));
      expect(ids).toContain(policy(ns, 'ClientTrafficPolicy', 'ctp-gateway'));
      expect(ids).toContain(policy(ns, 'ClientTrafficPolicy', 'ctp-http'));
      // Not the policy on the Route the link leaves out, nor the one on a Gateway it does not see.
      expect(ids).not.toContain(policy(team, 'BackendTrafficPolicy', 'on-hidden'));
      expect(ids).not.toContain(policy(ns, 'ClientTrafficPolicy', 'ctp-private'));
      const text = JSON.stringify(snapshot);
      expect(text).not.toContain('on-hidden');
      expect(text).not.toContain('ctp-private');
    } finally {
      await server?.stop();
    }
  }, 120_000);

  it("reads policy CRDs and every policy kind found with the chart's role alone", async () => {
    const rbac = await renderChart({
      release,
      namespace: ns,
      args: ['--show-only', 'templates/serviceaccount.yaml', '--show-only', 'templates/clusterrole.yaml'],
    });
    await applyYaml(admin, rbac);
    const watched = watch(await kubeconfigOf(`${release}-gatemap`));
    await waitSynced(watched);
    expect(watched.kind('CustomResourceDefinition')?.state).toBe('synced');
    for (const kind of [
      'ClientTrafficPolicy',
      'BackendTrafficPolicy',
      'SecurityPolicy',
      'EnvoyExtensionPolicy',
      'XBackendTrafficPolicy',
    ])
      expect(watched.kind(kind), kind).toMatchObject({ state: 'synced', version: 'v1alpha1' });
    expect(
      watched.engine.genericPolicy(egKey('BackendTrafficPolicy', ns, 'btp-gateway'))?.targets[0]?.state,
    ).toBe('attached');
  }, 90_000);

  it('drops a policy kind and its policies when its CRD is deleted', async () => {
    const watched = watch(admin.kubeconfig);
    await waitSynced(watched);
    const policy = egKey('EnvoyExtensionPolicy', ns, 'eep-gateway');
    await vi.waitFor(() => expect(watched.engine.genericPolicy(policy)).toBeDefined(), WAIT);
    await kubectl(admin, 'delete', 'crd', `envoyextensionpolicies.${EG}`, '--wait=true', '--timeout=60s');
    await vi.waitFor(() => {
      expect(watched.kind('EnvoyExtensionPolicy')).toBeUndefined();
      expect(watched.engine.policyKinds().map((kind) => kind.kind)).not.toContain('EnvoyExtensionPolicy');
      expect(watched.engine.unknownObject(policy)).toBeUndefined();
      expect(watched.view.node(policy)).toBeUndefined();
    }, WAIT);
    // The other kinds stay.
    expect(watched.kind('ClientTrafficPolicy')?.state).toBe('synced');
  }, 90_000);
});

/** The first snapshot a stream sends to this bearer token. */
async function firstSnapshot(server: RunningServer, token: string): Promise<TopologyResponse> {
  const abort = new AbortController();
  const response = await fetch(new URL('/api/stream', server.url), {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body!) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const raw = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = raw.split('\n');
        if (!lines.includes('event: snapshot')) continue;
        const data = lines
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('');
        return JSON.parse(data) as TopologyResponse;
      }
    }
  } finally {
    abort.abort();
  }
  throw new Error('the stream ended without a snapshot');
}
