/**
 * The Helm chart's rendering rules (helm lint and helm template; nothing touches a cluster here:
 * chart.integration.test.ts dry-runs the output against the API server).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cluster.ts';
import {
  CHART_DIR,
  documents,
  helm,
  helmBinary,
  helmUnavailable,
  renderChart,
  type KubeDocument,
} from './helpers/helm.ts';

const unavailable = helmUnavailable();
const ALL_VALUES = path.join(CHART_DIR, 'ci/all-values.yaml');
const SQLITE_VALUES = path.join(CHART_DIR, 'ci/sqlite-values.yaml');

interface Rule {
  readonly apiGroups?: string[];
  readonly resources?: string[];
  readonly verbs: string[];
}

const ofKind = (docs: KubeDocument[], kind: string) => docs.filter((doc) => doc.kind === kind);
const rulesOf = (doc: KubeDocument | undefined) => (doc?.['rules'] as Rule[] | undefined) ?? [];

interface Container {
  readonly args: string[];
  readonly securityContext: Record<string, unknown>;
  readonly livenessProbe: { httpGet: { path: string } };
  readonly readinessProbe: { httpGet: { path: string } };
  readonly volumeMounts: { name: string; mountPath: string }[];
}

function podSpec(docs: KubeDocument[]): {
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: Record<string, unknown>[];
} {
  const deployment = ofKind(docs, 'Deployment')[0] as unknown as {
    spec: { template: { spec: ReturnType<typeof podSpec> } };
  };
  return deployment.spec.template.spec;
}

async function render(set: Record<string, string | number | boolean> = {}, args: string[] = []) {
  return documents(await renderChart({ set, args }));
}

async function renderFailure(set: Record<string, string | number | boolean>, args: string[] = []) {
  return renderChart({ set, args }).then(
    () => 'rendered',
    (error: unknown) => (error as Error).message,
  );
}

describe.skipIf(unavailable !== undefined)(
  `the Helm chart${unavailable ? ` [skipped: ${unavailable}]` : ''}`,
  () => {
    beforeAll(async () => {
      await helmBinary();
    }, 900_000);

    it('passes helm lint with the defaults, every value set, and the SQLite values', async () => {
      for (const values of [[], ['-f', ALL_VALUES], ['-f', SQLITE_VALUES]]) {
        const result = await helm(['lint', CHART_DIR, '--strict', ...values]);
        expect(result.stdout + result.stderr, values.join(' ')).toContain('0 chart(s) failed');
      }
    });

    it('grants only get, list and watch cluster-wide, on the kinds gatemap reads, and no Secret or ConfigMap', async () => {
      const docs = await render();
      const clusterRoles = ofKind(docs, 'ClusterRole');
      expect(clusterRoles).toHaveLength(1);
      const rules = rulesOf(clusterRoles[0]);
      for (const rule of rules) {
        expect(rule.verbs).toEqual(['get', 'list', 'watch']);
        expect(rule.resources).not.toContain('*');
        expect(rule.apiGroups).not.toContain('*');
      }
      const resources = rules.flatMap((rule) => rule.resources ?? []);
      expect(resources).toEqual(
        expect.arrayContaining([
          'gateways',
          'httproutes',
          'grpcroutes',
          'services',
          'namespaces',
          'serviceimports',
        ]),
      );
      expect(resources).not.toContain('secrets');
      expect(resources).not.toContain('configmaps');
    });

    it('reads Ingresses and IngressClasses of networking.k8s.io, for the migration view, and nothing else of that group', async () => {
      const rules = rulesOf(ofKind(await render(), 'ClusterRole')[0]);
      const networking = rules.filter((rule) => rule.apiGroups?.includes('networking.k8s.io'));
      expect(networking).toEqual([
        {
          apiGroups: ['networking.k8s.io'],
          resources: ['ingresses', 'ingressclasses'],
          verbs: ['get', 'list', 'watch'],
        },
      ]);
    });

    it('reads CustomResourceDefinitions and the policy resources listed per API group, and names policy kinds', async () => {
      const rules = rulesOf(ofKind(await render(), 'ClusterRole')[0]);
      expect(rules).toContainEqual({
        apiGroups: ['apiextensions.k8s.io'],
        resources: ['customresourcedefinitions'],
        verbs: ['get', 'list', 'watch'],
      });
      const groups = new Map(rules.map((rule) => [rule.apiGroups?.join(','), rule.resources]));
      expect(groups.get('gateway.envoyproxy.io')).toEqual(
        expect.arrayContaining(['clienttrafficpolicies', 'backendtrafficpolicies', 'securitypolicies']),
      );
      expect(groups.get('gateway.networking.x-k8s.io')).toEqual(['xbackendtrafficpolicies']);
      expect(groups.get('kuadrant.io')).toContain('authpolicies');

      // A group is added beside the defaults and one dropped; CRDs left unread; kinds named instead.
      const custom = await render({ 'rbac.policies.customResourceDefinitions': false }, [
        '--set-json',
        'rbac.policies.resources={"example.com":["widgetpolicies"],"kuadrant.io":[]}',
        '--set',
        'policyKinds={ClientTrafficPolicy.gateway.envoyproxy.io,WidgetPolicy.example.com}',
      ]);
      const customRules = rulesOf(ofKind(custom, 'ClusterRole')[0]);
      const customGroups = new Map(customRules.map((rule) => [rule.apiGroups?.join(','), rule.resources]));
      expect(customGroups.get('example.com')).toEqual(['widgetpolicies']);
      expect(customGroups.has('kuadrant.io')).toBe(false);
      expect(customGroups.has('gateway.envoyproxy.io')).toBe(true);
      expect(customGroups.has('apiextensions.k8s.io')).toBe(false);
      expect(podSpec(custom).containers[0]?.args).toContain(
        '--policy-kinds=ClientTrafficPolicy.gateway.envoyproxy.io,WidgetPolicy.example.com',
      );
      expect(
        podSpec(await render()).containers[0]?.args.some((arg) => arg.startsWith('--policy-kinds')),
      ).toBe(false);
    });

    it('keeps share links with a Role in its own namespace, nothing cluster-wide', async () => {
      const docs = await render();
      const roles = ofKind(docs, 'Role');
      expect(roles.map((role) => [role.metadata.name, role.metadata.namespace])).toEqual([
        ['gatemap-share-links', 'gatemap'],
      ]);
      expect(rulesOf(roles[0])).toEqual([
        {
          apiGroups: [''],
          resources: ['secrets'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'delete'],
        },
      ]);
      expect(podSpec(docs).containers[0]?.args).toEqual(
        expect.arrayContaining(['--share-store=kubernetes', '--share-namespace=gatemap', '--in-cluster']),
      );
    });

    it("keeps history in each replica's data directory, bounded as the values say, or none", async () => {
      const pod = podSpec(await render({ 'history.maxSize': '50MB' }));
      expect(pod.containers[0]?.args).toEqual(
        expect.arrayContaining([
          '--data=/var/lib/gatemap/gatemap.sqlite',
          '--history-retention=14d',
          '--history-max-size=50MB',
        ]),
      );
      expect(pod.containers[0]?.volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/gatemap' });
      expect(pod.volumes).toContainEqual({ name: 'data', emptyDir: {} });
      const off = podSpec(await render({ 'history.enabled': false }));
      expect(off.containers[0]?.args).toContain('--no-history');
      expect(await renderFailure({ 'history.retention': 'two weeks' })).toContain('/history/retention');
    });

    it('reads Secrets only when asked: cluster-wide by a ClusterRole rule, or by Roles in the listed namespaces', async () => {
      const cluster = await render({ 'rbac.secrets.enabled': true, 'rbac.secrets.scope': 'cluster' });
      expect(rulesOf(ofKind(cluster, 'ClusterRole')[0])).toContainEqual({
        apiGroups: [''],
        resources: ['secrets'],
        verbs: ['get', 'list', 'watch'],
      });
      const listed = await render({}, [
        '--set',
        'rbac.secrets.enabled=true',
        '--set',
        'rbac.secrets.namespaces={shop,payments}',
        '--set',
        'rbac.configMaps.enabled=true',
        '--set',
        'rbac.configMaps.namespaces={shop}',
      ]);
      const resources = rulesOf(ofKind(listed, 'ClusterRole')[0]).flatMap((rule) => rule.resources ?? []);
      expect(resources).not.toContain('secrets');
      const readers = ofKind(listed, 'Role').filter((role) => role.metadata.name === 'gatemap-read');
      expect(readers.map((role) => [role.metadata.namespace, rulesOf(role)[0]?.resources])).toEqual([
        ['payments', ['secrets']],
        ['shop', ['configmaps', 'secrets']],
      ]);
      expect(
        ofKind(listed, 'RoleBinding').filter((binding) => binding.metadata.name === 'gatemap-read'),
      ).toHaveLength(2);
    });

    it('runs non-root on a read-only root filesystem with no privileges, probed on /healthz and /readyz', async () => {
      const pod = podSpec(await render());
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      const container = pod.containers[0]!;
      expect(container.securityContext).toEqual({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    });

    it('reads the admin token from a Secret, generated and kept unless one is named', async () => {
      const generated = await render();
      const secret = ofKind(generated, 'Secret')[0] as unknown as {
        metadata: { name: string; annotations: Record<string, string> };
        data: Record<string, string>;
      };
      expect(secret.metadata.name).toBe('gatemap-admin');
      expect(secret.metadata.annotations['helm.sh/resource-policy']).toBe('keep');
      expect(Buffer.from(secret.data['token'] ?? '', 'base64').toString()).toMatch(/^gma_[A-Za-z0-9]{48}$/);
      const named = await render({
        'adminToken.existingSecret': 'platform-admin',
        'adminToken.key': 'admin',
      });
      expect(ofKind(named, 'Secret')).toEqual([]);
      const pod = podSpec(named);
      expect(pod.containers[0]?.args).toContain('--admin-token-file=/etc/gatemap/admin/admin');
      expect(pod.volumes).toContainEqual({
        name: 'admin-token',
        secret: { secretName: 'platform-admin', optional: true },
      });
    });

    it('believes the forwarding headers of the Gateway or Ingress that publishes it, and no others', async () => {
      const args = async (set: Record<string, string | number | boolean>, extra: string[] = []) =>
        podSpec(await render(set, extra)).containers[0]?.args.filter((arg) =>
          arg.startsWith('--trusted-proxy'),
        );
      expect(await args({})).toEqual([]);
      expect(
        await args({ 'httpRoute.enabled': true }, ['--set', 'httpRoute.parentRefs[0].name=shared']),
      ).toEqual(['--trusted-proxy-hops=1']);
      expect(
        await args({ 'ingress.enabled': true, 'ingress.host': 'gatemap.example.com', trustedProxyHops: 2 }),
      ).toEqual(['--trusted-proxy-hops=2']);
    });

    it('adds a PodDisruptionBudget only with more than one replica', async () => {
      expect(ofKind(await render({ replicas: 2 }), 'PodDisruptionBudget')).toHaveLength(1);
      expect(ofKind(await render({ replicas: 1 }), 'PodDisruptionBudget')).toHaveLength(0);
    });

    it('publishes gatemap through an HTTPRoute on the Gateway the user names', async () => {
      const docs = await render({}, [
        '--set',
        'httpRoute.enabled=true',
        '--set',
        'httpRoute.parentRefs[0].name=shared',
        '--set',
        'httpRoute.parentRefs[0].namespace=gateway-system',
        '--set',
        'httpRoute.hostnames={gatemap.example.com}',
      ]);
      expect(ofKind(docs, 'HTTPRoute')[0]?.['spec']).toEqual({
        parentRefs: [{ name: 'shared', namespace: 'gateway-system' }],
        hostnames: ['gatemap.example.com'],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [{ name: 'gatemap', port: 80 }],
          },
        ],
      });
    });

    it('refuses values that would fail at runtime, with a message that names the value', async () => {
      expect(await renderFailure({ replicas: 'two' })).toMatch(/at '\/replicas': got string, want integer/);
      expect(await renderFailure({ replica: 2 })).toMatch(/additional properties 'replica' not allowed/);
      expect(await renderFailure({ 'shareLinks.store': 'etcd' })).toMatch(/\/shareLinks\/store/);
      expect(await renderFailure({ 'shareLinks.store': 'sqlite', replicas: 2 })).toMatch(
        /shareLinks.store sqlite keeps links in one pod's file/,
      );
      expect(await renderFailure({ 'httpRoute.enabled': true })).toMatch(/httpRoute.parentRefs is required/);
      expect(await renderFailure({ 'rbac.secrets.enabled': true })).toMatch(
        /rbac.secrets.namespaces lists no namespace/,
      );
      // Policy reads: never the core group (Secrets), never a wildcard; kinds as Kind.group.
      expect(await renderFailure({}, ['--set-json', 'rbac.policies.resources={"":["secrets"]}'])).toMatch(
        /invalid propertyName ''/,
      );
      expect(
        await renderFailure({}, ['--set-json', 'rbac.policies.resources={"example.com":["*"]}']),
      ).toMatch(/\/rbac\/policies\/resources\/example.com\/0': '\*' does not match/);
      expect(
        await renderFailure({}, ['--set-json', 'rbac.policies.resources={"example.com":"widgetpolicies"}']),
      ).toMatch(/\/rbac\/policies\/resources\/example.com/);
      expect(await renderFailure({}, ['--set', 'policyKinds={ClientTrafficPolicy}'])).toMatch(
        /\/policyKinds\/0': 'ClientTrafficPolicy' does not match/,
      );
    });

    it('keeps the plain manifest identical to the chart', async () => {
      const check = await promisify(execFile)(
        'bash',
        [path.join(REPO_ROOT, 'scripts/render-manifest.sh'), '--check'],
        {
          cwd: REPO_ROOT,
        },
      ).then(
        () => '',
        (error: unknown) => (error as { stderr?: string }).stderr ?? String(error),
      );
      expect(check).toBe('');
    });
  },
);
