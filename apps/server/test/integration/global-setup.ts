/**
 * vitest globalSetup of the `integration` project: a real API server for the tests.
 *
 * - Default: starts (or reuses) the local cluster `gatemap-test` with scripts/cluster/up.sh. On a
 *   fresh machine that builds kube-apiserver, kubectl and etcd first (about 8 minutes).
 * - `GATEMAP_TEST_KUBECONFIG=PATH`: uses that cluster instead (admin rights needed; optional
 *   `GATEMAP_TEST_KUBECTL`, `GATEMAP_TEST_LIMITED_KUBECONFIG`). Tests that need the local
 *   scripts (API server restart, a second cluster) are skipped.
 *
 * The cluster is left running for the next run (starting it again costs ~10 s); set
 * `GATEMAP_TEST_CLUSTER_DOWN=1` to stop the local clusters at the end.
 */
import type { TestProject } from 'vitest/node';
import { STANDARD_CLUSTER, TEST_CLUSTER, startLocalCluster, stopLocalCluster } from '../helpers/cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin kubeconfig of the test cluster. */
    kubeconfig: string;
    /** The kubectl to use against it. */
    kubectl: string;
    /** kubectl's discovery cache dir for the cluster; '' for kubectl's default. */
    kubectlCacheDir: string;
    /** The local cluster's name for scripts/cluster/*.sh; '' when GATEMAP_TEST_KUBECONFIG is used. */
    clusterName: string;
    /** Kubeconfig of a user without RBAC grants; '' when not available. */
    limitedKubeconfig: string;
    /** That user's name, for RoleBindings. */
    limitedUser: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['GATEMAP_TEST_KUBECONFIG'];
  if (external) {
    project.provide('kubeconfig', external);
    project.provide('kubectl', process.env['GATEMAP_TEST_KUBECTL'] ?? 'kubectl');
    project.provide('kubectlCacheDir', '');
    project.provide('clusterName', '');
    project.provide('limitedKubeconfig', process.env['GATEMAP_TEST_LIMITED_KUBECONFIG'] ?? '');
    project.provide('limitedUser', process.env['GATEMAP_TEST_LIMITED_USER'] ?? '');
    return async () => {};
  }
  const started = Date.now();
  const cluster = await startLocalCluster(TEST_CLUSTER, 'experimental');
  console.error(
    `[integration] cluster ${cluster.name} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  project.provide('kubeconfig', cluster.kubeconfig);
  project.provide('kubectl', cluster.kubectl);
  project.provide('kubectlCacheDir', cluster.kubectlCacheDir);
  project.provide('clusterName', cluster.name);
  project.provide('limitedKubeconfig', cluster.limitedKubeconfig);
  project.provide('limitedUser', cluster.limitedUser);
  return async () => {
    if (process.env['GATEMAP_TEST_CLUSTER_DOWN'] !== '1') return;
    // The standard-channel cluster is started by the tests that need it.
    for (const name of [TEST_CLUSTER, STANDARD_CLUSTER]) await stopLocalCluster(name);
  };
}
