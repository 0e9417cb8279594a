/**
 * Local test control planes (etcd + kube-apiserver) started by scripts/cluster/*.sh, and what a
 * test needs to talk to one.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');

/** The shared cluster of the integration tests (experimental-channel CRDs). */
export const TEST_CLUSTER = 'gatemap-test';
/** A second cluster with standard-channel CRDs only. */
export const STANDARD_CLUSTER = 'gatemap-test-standard';

export interface LocalCluster {
  readonly name: string;
  /** Admin kubeconfig (client certificate in system:masters). */
  readonly kubeconfig: string;
  /** Kubeconfig of the user `gatemap-limited`, which has no RBAC grants of its own. */
  readonly limitedKubeconfig: string;
  readonly limitedUser: string;
  readonly kubectl: string;
  /** kubectl's discovery cache for this cluster (ports are reused by clusters with other CRDs). */
  readonly kubectlCacheDir: string;
}

/**
 * Starts a cluster with scripts/cluster/up.sh, or reuses it when it is already running. On a
 * machine without the binaries this builds them first (several minutes): no timeout here.
 */
export async function startLocalCluster(
  name: string,
  crds: 'standard' | 'experimental' = 'experimental',
): Promise<LocalCluster> {
  const stdout = await runScript('up.sh', ['--name', name, '--crds', crds]);
  const kubeconfig = stdout.trim().split('\n').at(-1) ?? '';
  if (!path.isAbsolute(kubeconfig)) throw new Error(`up.sh printed no kubeconfig path (got "${kubeconfig}")`);
  const env = await readClusterEnv(path.dirname(kubeconfig), [
    'KUBECTL',
    'KUBECONFIG_LIMITED',
    'LIMITED_USER',
    'KUBECACHEDIR',
  ]);
  return {
    name,
    kubeconfig,
    limitedKubeconfig: env['KUBECONFIG_LIMITED'] ?? '',
    limitedUser: env['LIMITED_USER'] ?? '',
    kubectl: env['KUBECTL'] ?? 'kubectl',
    kubectlCacheDir: env['KUBECACHEDIR'] ?? '',
  };
}

/** Restarts the cluster's kube-apiserver (same port and etcd data) and waits until it is ready. */
export async function restartApiServer(name: string): Promise<void> {
  await runScript('restart-apiserver.sh', ['--name', name]);
}

/**
 * The directory of Envoy Gateway's policy CRDs (ClientTrafficPolicy, BackendTrafficPolicy,
 * SecurityPolicy, EnvoyExtensionPolicy) at the version hack/tools/envoy-gateway pins, fetched from
 * the Go module proxy once and cached outside the repository (scripts/cluster/envoy-gateway-crds.sh).
 */
export async function envoyGatewayCrdDir(): Promise<string> {
  const stdout = await runScript('envoy-gateway-crds.sh', []);
  const dir = stdout.trim().split('\n').at(-1) ?? '';
  if (!path.isAbsolute(dir)) throw new Error(`envoy-gateway-crds.sh printed no directory (got "${dir}")`);
  return dir;
}

export async function stopLocalCluster(name: string): Promise<void> {
  await runScript('down.sh', ['--name', name]);
}

/** Reads variables from the cluster's `env` file (written by up.sh with printf %q) via bash itself. */
async function readClusterEnv(runDir: string, names: readonly string[]): Promise<Record<string, string>> {
  const script = `source "$1/env" && printf '%s\\0' ${names.map((name) => `"$${name}"`).join(' ')}`;
  const output = await run('bash', ['-c', script, 'read-env', runDir]);
  const values = output.split('\0');
  return Object.fromEntries(names.map((name, index) => [name, values[index] ?? '']));
}

function runScript(script: string, args: readonly string[]): Promise<string> {
  return run('bash', [path.join(REPO_ROOT, 'scripts/cluster', script), ...args], true);
}

/** Runs a command; stdout is returned, stderr passed through when `showProgress` (builds take minutes). */
function run(command: string, args: readonly string[], showProgress = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', showProgress ? 'inherit' : 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(`${command} ${args.join(' ')} exited with ${code}${stderr ? `: ${stderr.trim()}` : ''}`),
        );
    });
  });
}
