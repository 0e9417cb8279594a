/**
 * Who may read policies, against the real API server: a policy kind RBAC leaves out is reported
 * forbidden rather than absent, `--policy-kinds` stands in for a forbidden CRD list, the chart's
 * role alone reads the CRDs and every policy kind found, and a share link's stream carries no
 * policy on a target it cannot see. Discovery and attachment: policies.integration.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { policyKindsFromNames, type PolicyKind, type TopologyResponse } from '@gatemap/topology';
import { renderChart } from './helpers/helm.ts';
import { applyYaml, createNamespace, emptyNamespace, kubectlRun, uniqueSuffix } from './helpers/kubectl.ts';
import { adminTarget } from './helpers/admin-target.ts';
import {
  applyPolicyEstate,
  bindServiceAccount,
  deleteEnvoyGatewayCrds,
  EG,
  egKey,
  installEnvoyGatewayCrds,
  serviceAccountKubeconfig,
  WAIT,
  waitSynced,
  watchCluster,
  type Watched,
} from './helpers/policies.ts';
import { startServer, waitReady, type RunningServer } from './helpers/run-server.ts';
import { sseFrames } from './helpers/stream.ts';

const admin = adminTarget();
const suffix = uniqueSuffix();
const className = `policy-access-${suffix}`;
const release = `gm-${suffix}`;
const running: Watched[] = [];
let ns = '';
let team = '';

/** What every reader below may read besides policies: the map's own kinds. */
const MAP_RULES = `- { apiGroups: [""], resources: [namespaces, services], verbs: [get, list, watch] }
- { apiGroups: [gateway.networking.k8s.io, gateway.networking.x-k8s.io], resources: ["*"], verbs: [get, list, watch] }`;

function watch(kubeconfigPath: string, policyKinds: readonly PolicyKind[] = []): Watched {
  const watched = watchCluster(kubeconfigPath, policyKinds);
  running.push(watched);
  return watched;
}

/** A kubeconfig of a ServiceAccount of the test namespace bound to these rules. */
async function serviceAccountWith(name: string, rules: string): Promise<string> {
  await bindServiceAccount(admin, { namespace: ns, name, suffix, rules });
  return serviceAccountKubeconfig(admin, { namespace: ns, name });
}

beforeAll(async () => {
  ns = await createNamespace(admin, 'policy-access');
  team = await createNamespace(admin, 'team');
  await installEnvoyGatewayCrds(admin);
  await applyPolicyEstate(admin, ns, className);
}, 120_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((watched) => watched.source.stop()));
});

afterAll(async () => {
  await deleteEnvoyGatewayCrds(admin);
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

describe('who may read policies', () => {
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

  it("reads policy CRDs and every policy kind found with the chart's role alone", async () => {
    const rbac = await renderChart({
      release,
      namespace: ns,
      args: ['--show-only', 'templates/serviceaccount.yaml', '--show-only', 'templates/clusterrole.yaml'],
    });
    await applyYaml(admin, rbac);
    const watched = watch(
      await serviceAccountKubeconfig(admin, { namespace: ns, name: `${release}-gatemap` }),
    );
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
});

/** The first snapshot a stream sends to this bearer token. */
async function firstSnapshot(server: RunningServer, token: string): Promise<TopologyResponse> {
  const abort = new AbortController();
  const response = await fetch(new URL('/api/stream', server.url), {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  try {
    for await (const frame of sseFrames(response.body!))
      if (frame.event === 'snapshot') return JSON.parse(frame.data) as TopologyResponse;
  } finally {
    abort.abort();
  }
  throw new Error('the stream ended without a snapshot');
}
