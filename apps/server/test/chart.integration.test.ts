/**
 * The chart's output accepted by the real API server: `kubectl apply --dry-run=server` of what
 * helm renders with the defaults and with every value set, and `helm install --dry-run=server`
 * refusing a value of the wrong type with the schema's message.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHART_DIR, documents, helm, helmBinary, helmUnavailable, renderChart } from './helpers/helm.ts';
import { createNamespace, kubectl, kubectlRun, uniqueSuffix } from './helpers/kubectl.ts';
import { adminTarget } from './helpers/admin-target.ts';

const admin = adminTarget();
const unavailable = helmUnavailable();

describe.skipIf(unavailable !== undefined)(
  `the chart against the API server${unavailable ? ` [skipped: ${unavailable}]` : ''}`,
  () => {
    let namespace = '';
    let appNamespace = '';
    beforeAll(async () => {
      await helmBinary();
      namespace = await createNamespace(admin, 'gatemap');
      appNamespace = await createNamespace(admin, 'shop');
    }, 900_000);

    const dryRun = async (yaml: string) =>
      kubectlRun(admin, ['apply', '--dry-run=server', '-f', '-'], { input: yaml, allowFailure: true });

    it('dry-runs the default rendering', async () => {
      const yaml = await renderChart({ release: `gm-${uniqueSuffix()}`, namespace });
      const result = await dryRun(yaml);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/deployment\.apps\/\S+ created \(server dry run\)/);
      expect(result.stdout).toMatch(
        /clusterrole\.rbac\.authorization\.k8s\.io\/\S+ created \(server dry run\)/,
      );
    });

    it('dry-runs the rendering with every documented value set', async () => {
      const yaml = await renderChart({
        release: `gm-${uniqueSuffix()}`,
        namespace,
        args: [
          '-f',
          path.join(CHART_DIR, 'ci/all-values.yaml'),
          '--set',
          `rbac.secrets.namespaces={${appNamespace}}`,
        ],
      });
      const result = await dryRun(yaml);
      expect(result.stderr).toBe('');
      for (const kind of [
        'httproute.gateway.networking.k8s.io',
        'ingress.networking.k8s.io',
        'networkpolicy.networking.k8s.io',
        'poddisruptionbudget.policy',
      ])
        expect(result.stdout).toContain(`${kind}/`);
      expect(result.stdout).toContain(`role.rbac.authorization.k8s.io/`);
    });

    it('dry-runs the SQLite rendering with its volume', async () => {
      const yaml = await renderChart({
        release: `gm-${uniqueSuffix()}`,
        namespace,
        args: ['-f', path.join(CHART_DIR, 'ci/sqlite-values.yaml')],
      });
      const result = await dryRun(yaml);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/persistentvolumeclaim\/\S+ created \(server dry run\)/);
    });

    it("runs its pod under Pod Security's restricted level, as the API server's admission enforces it", async () => {
      // A namespace that enforces "restricted", and the Deployment's pod template created there (dry run):
      // Pod Security admission judges Pods, not Deployments (in-cluster.md pitfall 7).
      const restricted = await createNamespace(admin, 'restricted');
      await kubectl(admin, 'label', 'namespace', restricted, 'pod-security.kubernetes.io/enforce=restricted');
      const deployment = documents(await renderChart({ namespace: restricted })).find(
        (doc) => doc.kind === 'Deployment',
      ) as unknown as {
        spec: { template: { metadata: Record<string, unknown>; spec: Record<string, unknown> } };
      };
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { ...deployment.spec.template.metadata, name: 'gatemap-restricted', namespace: restricted },
        spec: deployment.spec.template.spec,
      };
      const result = await kubectlRun(admin, ['create', '--dry-run=server', '-f', '-'], {
        input: JSON.stringify(pod),
        allowFailure: true,
      });
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('pod/gatemap-restricted created (server dry run)');
      // The same check refuses a pod that would run as root, so it is in force.
      const root = { ...pod, spec: { ...pod.spec, securityContext: { runAsNonRoot: false } } };
      const refused = await kubectlRun(admin, ['create', '--dry-run=server', '-f', '-'], {
        input: JSON.stringify(root),
        allowFailure: true,
      });
      expect(refused.stderr).toMatch(/violates PodSecurity "restricted/);
    });

    it('installs (dry run) with the defaults and refuses a value of the wrong type with the schema message', async () => {
      const kubeconfig = ['--kubeconfig', admin.kubeconfig, '--namespace', namespace];
      const release = `gm-${uniqueSuffix()}`;
      const ok = await helm(['install', release, CHART_DIR, ...kubeconfig, '--dry-run=server']);
      expect(ok.stderr).toBe('');
      expect(ok.stdout).toContain('STATUS: pending-install');
      const wrong = await helm([
        'install',
        release,
        CHART_DIR,
        ...kubeconfig,
        '--dry-run=server',
        '--set',
        'replicas=two',
      ]);
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toMatch(/values don't meet the specifications of the schema/);
      expect(wrong.stderr).toMatch(/at '\/replicas': got string, want integer/);
    });
  },
);
