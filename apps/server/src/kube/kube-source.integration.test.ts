/**
 * The kube source against a real kube-apiserver (see test/integration/global-setup.ts): no mocks.
 * Every test works in its own namespace; cluster-scoped names carry a random suffix.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { KINDS, type Change, type ClusterStatus, type KubeObject, type ObjectKey } from '@gatemap/topology';
import { STANDARD_CLUSTER, restartApiServer, startLocalCluster } from '../../test/helpers/cluster.ts';
import {
  applyYaml,
  createNamespace,
  deleteObject,
  emptyNamespace,
  getJson,
  kubectl,
  kubectlRun,
  uniqueSuffix,
  type KubectlTarget,
} from '../../test/helpers/kubectl.ts';
import { adminTarget } from '../../test/helpers/admin-target.ts';
import { record, type SourceRecorder } from '../../test/helpers/source-recorder.ts';
import { createKubeSource, listContexts, type KubeSource, type KubeSourceOptions } from './kube-source.ts';

const local = inject('clusterName') !== '';
const admin = adminTarget();
const GATEWAY_RESOURCES = ['httproutes', 'gateways', 'referencegrants', 'services', 'secrets', 'configmaps'];
const WAIT = { timeout: 20_000, interval: 25 };
/** Why a block is skipped, in its title: restarts and a second cluster need scripts/cluster. */
const NEEDS_LOCAL = local
  ? ''
  : ' [skipped: GATEMAP_TEST_KUBECONFIG is set; this needs the local scripts/cluster control plane]';
const hasLimitedUser = inject('limitedKubeconfig') !== '' && inject('limitedUser') !== '';

const running: KubeSource[] = [];
const namespaces: { target: KubectlTarget; name: string }[] = [];
const logs: string[] = [];

function startSource(options: Partial<KubeSourceOptions> = {}): {
  source: KubeSource;
  recorder: SourceRecorder;
} {
  const source = createKubeSource({
    name: 'test',
    kubeconfigPath: admin.kubeconfig,
    log: (level, message) => logs.push(`${level}: ${message}`),
    ...options,
  });
  running.push(source);
  return { source, recorder: record(source) };
}

async function freshNamespace(target: KubectlTarget = admin): Promise<string> {
  const name = await createNamespace(target);
  namespaces.push({ target, name });
  return name;
}

async function waitForState(
  recorder: SourceRecorder,
  state: ClusterStatus['state'],
  timeout = 20_000,
): Promise<void> {
  await vi.waitFor(() => expect(recorder.status?.state, JSON.stringify(recorder.status)).toBe(state), {
    ...WAIT,
    timeout,
  });
}

function httpRoute(name: string, namespace: string, hostname = `${name}.example.com`): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  parentRefs: [{ name: web }]
  hostnames: [${hostname}]
  rules: [{ backendRefs: [{ name: app, port: 80 }] }]
`;
}

function objectOf(recorder: SourceRecorder, key: string): KubeObject | undefined {
  return recorder.objects.get(key as ObjectKey)?.object;
}

/** Key → resourceVersion of the recorder's objects whose key starts with one of `prefixes`. */
function versions(recorder: SourceRecorder): Map<string, string | undefined> {
  return new Map([...recorder.objects].map(([key, value]) => [key, value.object.metadata.resourceVersion]));
}

afterEach(async () => {
  const sources = running.splice(0);
  const started = Date.now();
  await Promise.all(sources.map((source) => source.stop()));
  expect(Date.now() - started, 'stop() resolves promptly').toBeLessThan(5_000);
});

afterAll(async () => {
  await Promise.all(namespaces.map(({ target, name }) => emptyNamespace(target, name, GATEWAY_RESOURCES)));
});

describe('kube source', () => {
  it('lists existing objects page by page and reports synced with the served versions', async () => {
    const ns = await freshNamespace();
    const suffix = uniqueSuffix();
    await applyYaml(
      admin,
      `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: gc-${suffix} }
spec: { controllerName: example.com/gatemap-test }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: web, namespace: ${ns}, annotations: { team: edge } }
spec:
  gatewayClassName: gc-${suffix}
  listeners: [{ name: http, port: 80, protocol: HTTP }]
---
${httpRoute('one', ns)}---
${httpRoute('two', ns)}---
${httpRoute('three', ns)}---
apiVersion: v1
kind: Service
metadata: { name: app, namespace: ${ns} }
spec: { ports: [{ port: 80 }] }
`,
    );

    const { recorder } = startSource({ pageSize: 2 });
    await waitForState(recorder, 'synced');

    expect(recorder.keys('HTTPRoute', ns)).toEqual([
      `HTTPRoute/${ns}/one`,
      `HTTPRoute/${ns}/three`,
      `HTTPRoute/${ns}/two`,
    ]);
    expect(recorder.objects.has(`GatewayClass/gc-${suffix}` as ObjectKey)).toBe(true);
    expect(recorder.objects.has(`Service/${ns}/app` as ObjectKey)).toBe(true);
    expect(recorder.objects.has(`Namespace/${ns}` as ObjectKey)).toBe(true);
    expect(recorder.strayDeletes).toEqual([]);

    // Stored without managedFields and kubectl's copy of the whole object; other annotations stay.
    const gateway = objectOf(recorder, `Gateway/${ns}/web`);
    expect(gateway?.metadata.managedFields).toBeUndefined();
    expect(gateway?.metadata.annotations).toEqual({ team: 'edge' });
    expect(gateway?.apiVersion).toBe('gateway.networking.k8s.io/v1');

    // One onChanges call per LIST page: never more than pageSize upserts of one kind per call.
    for (const { changes } of recorder.batches) {
      const perKind = new Map<string, number>();
      for (const change of changes) {
        if (change.type === 'upsert')
          perKind.set(change.object.info.kind, (perKind.get(change.object.info.kind) ?? 0) + 1);
      }
      for (const count of perKind.values()) expect(count).toBeLessThanOrEqual(2);
    }
    expect(recorder.batches.length).toBeGreaterThanOrEqual(2);

    // Every kind is synced in one of the versions gatemap reads, or named as a missing CRD.
    const status = recorder.status;
    expect(status?.server).toMatch(/^https:\/\//);
    for (const kind of status?.kinds ?? []) {
      const info = KINDS.find((candidate) => candidate.kind === kind.kind);
      // CustomResourceDefinitions and the policy kinds they define: policies.integration.test.ts.
      if (info === undefined) continue;
      if (kind.state === 'synced') expect(info?.versions, kind.kind).toContain(kind.version);
      else {
        expect(kind.state, kind.kind).toBe('not-installed');
        expect(kind.message, kind.kind).toContain(`${info?.plural}.${info?.group}`);
      }
    }
    const byKind = new Map(status?.kinds.map((kind) => [kind.kind, kind]));
    expect(byKind.get('Service')).toMatchObject({ state: 'synced', version: 'v1', group: '' });
    expect(byKind.get('HTTPRoute')?.objects).toBeGreaterThanOrEqual(3);
    if (local) {
      // The experimental channel also serves v1alpha2/v1alpha3/v1beta1 of several kinds: v1 wins.
      for (const kind of [
        'GatewayClass',
        'Gateway',
        'HTTPRoute',
        'GRPCRoute',
        'TLSRoute',
        'TCPRoute',
        'ReferenceGrant',
      ]) {
        expect(byKind.get(kind), kind).toMatchObject({ state: 'synced', version: 'v1' });
      }
      // Gateway API v1.6 has no XListenerSet any more (ListenerSet is v1), nor do we install the MCS API.
      expect(byKind.get('XListenerSet')).toMatchObject({ state: 'not-installed' });
      expect(byKind.get('ServiceImport')).toMatchObject({ state: 'not-installed' });
    }
    // Seen in order: connecting before synced.
    expect(recorder.statuses[0]?.state).toBe('connecting');

    await deleteObject(admin, 'gatewayclass', `gc-${suffix}`);
  });

  it('delivers creates, changes and deletes made with kubectl as upsert, upsert, delete', async () => {
    const ns = await freshNamespace();
    // Short server-side watch timeouts: the watch is reopened (from the last resourceVersion) between steps.
    const { recorder } = startSource({ watchTimeoutSeconds: 1 });
    await waitForState(recorder, 'synced');
    const key = `HTTPRoute/${ns}/web` as ObjectKey;
    /** How long after kubectl returned (the write is committed by then) the change arrived. */
    const arrivalAfter = (committedAt: number, matches: (change: Change) => boolean): number => {
      const batch = recorder.batches.find(({ changes }) => changes.some(matches));
      return Math.max(0, (batch?.at ?? Infinity) - committedAt);
    };

    await applyYaml(admin, httpRoute('web', ns, 'a.example.com'));
    const created = performance.now();
    await vi.waitFor(() => expect(recorder.objects.has(key)).toBe(true), WAIT);

    // Let the watch end on its timeout and be reopened from the last resourceVersion.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await applyYaml(admin, httpRoute('web', ns, 'b.example.com'));
    const updated = performance.now();
    await vi.waitFor(
      () =>
        expect((objectOf(recorder, key)?.spec as { hostnames?: string[] }).hostnames).toEqual([
          'b.example.com',
        ]),
      WAIT,
    );

    await deleteObject(admin, 'httproute', 'web', ns);
    await vi.waitFor(() => expect(recorder.objects.has(key)).toBe(false), WAIT);

    expect(recorder.changesOf(key).map((change) => change.type)).toEqual(['upsert', 'upsert', 'delete']);
    expect(recorder.strayDeletes).toEqual([]);
    // Typically ~10 ms (the coalescing window); generous bounds for a loaded machine.
    expect(
      arrivalAfter(created, (change) => change.type === 'upsert' && change.object.key === key),
    ).toBeLessThan(1_000);
    const isUpdate = (change: Change): boolean =>
      change.type === 'upsert' &&
      change.object.key === key &&
      (change.object.object.spec as { hostnames?: string[] }).hostnames?.[0] === 'b.example.com';
    expect(arrivalAfter(updated, isUpdate)).toBeLessThan(1_000);
    expect(recorder.status?.state).toBe('synced');
  });

  it('reads Secrets and ConfigMaps as metadata only', async () => {
    const ns = await freshNamespace();
    const { recorder } = startSource();
    await waitForState(recorder, 'synced');
    const secretValue = Buffer.from(`hunter2-${uniqueSuffix()}`).toString('base64');
    // kubectl apply copies the whole Secret, data included, into an annotation: it must not come through either.
    await applyYaml(
      admin,
      `apiVersion: v1
kind: Secret
metadata: { name: tls, namespace: ${ns}, labels: { app: web } }
type: kubernetes.io/tls
data: { tls.crt: ${secretValue}, tls.key: ${secretValue} }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: ca, namespace: ${ns} }
data: { ca.crt: not-a-secret-but-not-needed }
`,
    );
    await vi.waitFor(() => {
      expect(recorder.objects.has(`Secret/${ns}/tls` as ObjectKey)).toBe(true);
      expect(recorder.objects.has(`ConfigMap/${ns}/ca` as ObjectKey)).toBe(true);
    }, WAIT);
    const secret = objectOf(recorder, `Secret/${ns}/tls`);
    expect(secret).toMatchObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'tls', namespace: ns, labels: { app: 'web' } },
    });
    expect(Object.keys(secret ?? {}).sort()).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(JSON.stringify(secret)).not.toContain(secretValue);
    expect(secret?.metadata.annotations).toBeUndefined();
    const configMap = objectOf(recorder, `ConfigMap/${ns}/ca`);
    expect(Object.keys(configMap ?? {}).sort()).toEqual(['apiVersion', 'kind', 'metadata']);
  });

  it('lists contexts of a kubeconfig and fails early on an unknown context', () => {
    const { names, current } = listContexts(admin.kubeconfig);
    expect(names).toContain(current);
    expect(() =>
      createKubeSource({ name: 'x', kubeconfigPath: admin.kubeconfig, context: 'no-such-context' }),
    ).toThrow(/no-such-context/);
  });
});

describe.skipIf(!local)(`kube source across an API server restart${NEEDS_LOCAL}`, () => {
  it('reconnects, loses no change and keeps nothing stale', async () => {
    const ns = await freshNamespace();
    await applyYaml(admin, `${httpRoute('keep', ns)}---\n${httpRoute('doomed', ns)}`);
    const { recorder } = startSource();
    await waitForState(recorder, 'synced');
    expect(recorder.keys('HTTPRoute', ns)).toEqual([`HTTPRoute/${ns}/doomed`, `HTTPRoute/${ns}/keep`]);

    const restarted = restartApiServer(inject('clusterName'));
    await vi.waitFor(() => expect(recorder.status?.state).toBe('reconnecting'), { ...WAIT, timeout: 30_000 });
    await restarted;
    // Right after the restart, while the source may still be backing off.
    await applyYaml(admin, httpRoute('born', ns));
    await deleteObject(admin, 'httproute', 'doomed', ns);

    await vi.waitFor(
      () => expect(recorder.keys('HTTPRoute', ns)).toEqual([`HTTPRoute/${ns}/born`, `HTTPRoute/${ns}/keep`]),
      { ...WAIT, timeout: 45_000 },
    );
    await waitForState(recorder, 'synced', 45_000);
    expect(recorder.strayDeletes).toEqual([]);

    // Everything equals a fresh LIST: same keys, same resourceVersions, in every kind.
    const fresh = startSource();
    await waitForState(fresh.recorder, 'synced');
    await vi.waitFor(() => expect(versions(recorder)).toEqual(versions(fresh.recorder)), WAIT);
    const listed = (await getJson(admin, 'httproutes', '-n', ns)) as {
      items: { metadata: { name: string } }[];
    };
    expect(listed.items.map((item) => item.metadata.name).sort()).toEqual(['born', 'keep']);
  }, 90_000);
});

describe.skipIf(!hasLimitedUser)(
  `kube source with partial RBAC${hasLimitedUser ? '' : ' [skipped: no limited user; set GATEMAP_TEST_LIMITED_KUBECONFIG and GATEMAP_TEST_LIMITED_USER]'}`,
  () => {
    it('lists per namespace where the cluster-wide list is forbidden, and says where it is forbidden', async () => {
      const user = inject('limitedUser');
      const allowed = await freshNamespace();
      const denied = await freshNamespace();
      await applyYaml(admin, `${httpRoute('visible', allowed)}---\n${httpRoute('hidden', denied)}`);
      await applyYaml(admin, grantRoutes(allowed, user));
      await applyYaml(
        admin,
        `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: gatemap-test-namespace-reader }
rules: [{ apiGroups: [""], resources: [namespaces], verbs: [get, list, watch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: gatemap-test-namespace-reader }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: gatemap-test-namespace-reader }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: ${user} }]
`,
      );
      await waitUntilAllowed(user, 'list', 'httproutes', allowed);
      await waitUntilAllowed(user, 'list', 'namespaces');

      // The newest 5 namespaces are this test's and a few others (the reused cluster keeps every
      // namespace ever made); a short retry so that the grant made below is noticed quickly.
      const { recorder } = startSource({
        kubeconfigPath: inject('limitedKubeconfig'),
        forbiddenRetryMs: 1_000,
        maxNamespaces: 5,
      });
      await waitForState(recorder, 'synced', 30_000);

      expect(recorder.keys('HTTPRoute', allowed)).toEqual([`HTTPRoute/${allowed}/visible`]);
      expect(recorder.keys('HTTPRoute', denied)).toEqual([]);
      const routes = recorder.kind('HTTPRoute');
      expect(routes).toMatchObject({ state: 'synced', version: 'v1' });
      expect(routes?.message).toMatch(/^forbidden in namespaces: /);
      expect(routes?.message).toContain(denied);
      expect(routes?.message).not.toContain(allowed);
      expect(routes?.message).toMatch(/only the newest 5 of \d+ namespaces are tried/);
      expect(recorder.kind('Gateway')?.state).toBe('forbidden');
      expect(recorder.kind('Gateway')?.message).toContain('gateways');
      expect(recorder.kind('GatewayClass')?.state).toBe('forbidden');
      expect(recorder.kind('GatewayClass')?.message).toContain('cannot list resource "gatewayclasses"');
      expect(recorder.kind('Secret')?.state).toBe('forbidden');
      expect(recorder.kind('Namespace')?.state).toBe('synced');
      expect(recorder.kind('XListenerSet')?.state).toBe('not-installed');

      // A namespace created later is picked up, and a grant given later is noticed.
      const later = await freshNamespace();
      await applyYaml(admin, httpRoute('late', later));
      await applyYaml(admin, grantRoutes(later, user));
      await vi.waitFor(() => expect(recorder.keys('HTTPRoute', later)).toEqual([`HTTPRoute/${later}/late`]), {
        ...WAIT,
        timeout: 30_000,
      });
      await vi.waitFor(() => expect(recorder.kind('HTTPRoute')?.message).not.toContain(later), WAIT);
      expect(recorder.strayDeletes).toEqual([]);
    }, 90_000);
  },
);

describe.skipIf(!local)(`kube source on a standard-channel cluster${NEEDS_LOCAL}`, () => {
  let standard: KubectlTarget & { kubeconfigPath: string };

  beforeAll(async () => {
    const cluster = await startLocalCluster(STANDARD_CLUSTER, 'standard');
    standard = {
      kubectl: cluster.kubectl,
      kubeconfig: cluster.kubeconfig,
      cacheDir: cluster.kubectlCacheDir,
      kubeconfigPath: cluster.kubeconfig,
    };
    // A previous run may have stopped half-way through the CRD test below.
    await kubectl(standard, 'delete', 'crd', SERVICE_IMPORT_CRD_NAME, '--ignore-not-found', '--wait=true');
  }, 600_000);

  it('reports experimental-only kinds as not installed and syncs the rest', async () => {
    const { recorder } = startSource({ kubeconfigPath: standard.kubeconfigPath, name: 'standard' });
    await waitForState(recorder, 'synced');
    const xListenerSet = recorder.kind('XListenerSet');
    expect(xListenerSet).toMatchObject({ state: 'not-installed', objects: 0 });
    expect(xListenerSet?.version).toBeUndefined();
    expect(xListenerSet?.message).toBe(
      'CRD xlistenersets.gateway.networking.x-k8s.io is not installed (API group gateway.networking.x-k8s.io is not served)',
    );
    expect(recorder.kind('ServiceImport')?.state).toBe('not-installed');
    for (const kind of recorder.status?.kinds ?? []) {
      if (kind.kind === 'XListenerSet' || kind.kind === 'ServiceImport') continue;
      expect(kind, kind.kind).toMatchObject({ state: 'synced', version: 'v1' });
    }
  });

  it('picks up a CRD installed later, skips objects it cannot read, and drops them when the CRD goes', async () => {
    const { recorder } = startSource({
      kubeconfigPath: standard.kubeconfigPath,
      name: 'standard',
      rediscoverIntervalMs: 300,
    });
    await waitForState(recorder, 'synced');
    expect(recorder.kind('ServiceImport')?.state).toBe('not-installed');

    await applyYaml(standard, SERVICE_IMPORT_CRD);
    await kubectl(
      standard,
      'wait',
      '--for=condition=Established',
      `crd/${SERVICE_IMPORT_CRD_NAME}`,
      '--timeout=30s',
    );
    await vi.waitFor(
      () => expect(recorder.kind('ServiceImport')).toMatchObject({ state: 'synced', version: 'v1alpha1' }),
      WAIT,
    );

    const ns = await freshNamespace(standard);
    await applyYaml(
      standard,
      `apiVersion: multicluster.x-k8s.io/v1alpha1
kind: ServiceImport
metadata: { name: good, namespace: ${ns} }
spec: { type: ClusterSetIP, ports: [{ port: 80, protocol: TCP }] }
---
apiVersion: multicluster.x-k8s.io/v1alpha1
kind: ServiceImport
metadata: { name: bad, namespace: ${ns} }
spec: { type: ClusterSetIP, ports: [{ port: eighty }] }
`,
    );
    await vi.waitFor(() => {
      expect(recorder.keys('ServiceImport', ns)).toEqual([`ServiceImport/${ns}/good`]);
      const findings = recorder.issues.get('kube:standard') ?? [];
      expect(findings.map((entry) => entry.subject)).toEqual([`ServiceImport/${ns}/bad`]);
    }, WAIT);
    expect(logs.some((line) => line.includes(`ServiceImport/${ns}/bad`))).toBe(true);

    await kubectl(standard, 'delete', 'crd', SERVICE_IMPORT_CRD_NAME, '--wait=true');
    await vi.waitFor(() => {
      expect(recorder.kind('ServiceImport')?.state).toBe('not-installed');
      expect(recorder.keys('ServiceImport')).toEqual([]);
      expect(recorder.issues.get('kube:standard')).toEqual([]);
    }, WAIT);
    expect(recorder.strayDeletes).toEqual([]);
  });

  it('keeps the objects of two clusters apart', async () => {
    const ns = `t-${uniqueSuffix()}`;
    await kubectl(admin, 'create', 'namespace', ns);
    await kubectl(standard, 'create', 'namespace', ns);
    namespaces.push({ target: admin, name: ns }, { target: standard, name: ns });
    await applyYaml(admin, httpRoute('shared', ns, 'experimental.example.com'));
    await applyYaml(
      standard,
      `${httpRoute('shared', ns, 'standard.example.com')}---\n${httpRoute('only-standard', ns)}`,
    );

    const experimentalSource = startSource({ name: 'experimental' });
    const standardSource = startSource({ kubeconfigPath: standard.kubeconfigPath, name: 'standard' });
    await Promise.all([
      waitForState(experimentalSource.recorder, 'synced'),
      waitForState(standardSource.recorder, 'synced'),
    ]);

    const hostnames = (recorder: SourceRecorder): unknown =>
      (objectOf(recorder, `HTTPRoute/${ns}/shared`)?.spec as { hostnames?: string[] }).hostnames;
    expect(hostnames(experimentalSource.recorder)).toEqual(['experimental.example.com']);
    expect(hostnames(standardSource.recorder)).toEqual(['standard.example.com']);
    expect(experimentalSource.recorder.keys('HTTPRoute', ns)).toEqual([`HTTPRoute/${ns}/shared`]);
    expect(standardSource.recorder.keys('HTTPRoute', ns)).toEqual([
      `HTTPRoute/${ns}/only-standard`,
      `HTTPRoute/${ns}/shared`,
    ]);
    expect(experimentalSource.source.server).not.toBe(standardSource.source.server);
    expect(experimentalSource.recorder.status?.name).toBe('experimental');
    expect(standardSource.recorder.status?.name).toBe('standard');

    // Stopping one leaves the other live, and the stopped one stays silent.
    await standardSource.source.stop();
    const callsAfterStop = standardSource.recorder.batches.length + standardSource.recorder.statuses.length;
    await applyYaml(admin, httpRoute('after', ns));
    await applyYaml(standard, httpRoute('after', ns));
    await vi.waitFor(
      () => expect(experimentalSource.recorder.keys('HTTPRoute', ns)).toContain(`HTTPRoute/${ns}/after`),
      WAIT,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(standardSource.recorder.batches.length + standardSource.recorder.statuses.length).toBe(
      callsAfterStop,
    );
  });
});

const SERVICE_IMPORT_CRD_NAME = 'serviceimports.multicluster.x-k8s.io';
/** A minimal stand-in for the MCS API CRD: any spec is admitted, so gatemap's own decoding is tested. */
const SERVICE_IMPORT_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: ${SERVICE_IMPORT_CRD_NAME} }
spec:
  group: multicluster.x-k8s.io
  scope: Namespaced
  names: { plural: serviceimports, singular: serviceimport, kind: ServiceImport, listKind: ServiceImportList }
  versions:
    - name: v1alpha1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, x-kubernetes-preserve-unknown-fields: true }
`;

function grantRoutes(namespace: string, user: string): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: gatemap-test-routes, namespace: ${namespace} }
rules: [{ apiGroups: [gateway.networking.k8s.io], resources: [httproutes], verbs: [get, list, watch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: gatemap-test-routes, namespace: ${namespace} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: gatemap-test-routes }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: ${user} }]
`;
}

/** RBAC grants reach the authorizer through its informers: wait until they apply. */
async function waitUntilAllowed(
  user: string,
  verb: string,
  resource: string,
  namespace?: string,
): Promise<void> {
  await vi.waitFor(async () => {
    const result = await kubectlRun(
      admin,
      ['auth', 'can-i', verb, resource, `--as=${user}`, ...(namespace ? ['-n', namespace] : [])],
      { allowFailure: true },
    );
    expect(result.stdout.trim()).toBe('yes');
  }, WAIT);
}
