/**
 * kubectl against a test cluster: apply YAML from a string, delete, read, and fresh namespaces.
 * Namespaces never finish deleting on the test control plane (no kube-controller-manager), so
 * every test creates its own uniquely named one and deletes only the objects inside it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface KubectlTarget {
  readonly kubectl: string;
  readonly kubeconfig: string;
  /** kubectl's discovery cache dir; '' for kubectl's default. */
  readonly cacheDir?: string;
}

export interface KubectlOptions {
  /** Sent to kubectl's stdin (for `-f -`). */
  readonly input?: string;
  /** Resolve with the output instead of rejecting on a non-zero exit. */
  readonly allowFailure?: boolean;
}

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function kubectlRun(
  target: KubectlTarget,
  args: readonly string[],
  options: KubectlOptions = {},
): Promise<KubectlResult> {
  const fullArgs = [
    '--kubeconfig',
    target.kubeconfig,
    ...(target.cacheDir ? ['--cache-dir', target.cacheDir] : []),
    ...args,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(target.kubectl, fullArgs, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const result = { code: code ?? -1, stdout, stderr };
      if (code === 0 || options.allowFailure) resolve(result);
      else
        reject(new Error(`kubectl ${args.join(' ')} exited with ${code}: ${stderr.trim() || stdout.trim()}`));
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs kubectl and returns its stdout; rejects on a non-zero exit. */
export async function kubectl(target: KubectlTarget, ...args: string[]): Promise<string> {
  return (await kubectlRun(target, args)).stdout;
}

/** `kubectl apply -f -` (client-side, so objects carry the last-applied annotation). */
export async function applyYaml(target: KubectlTarget, yaml: string, namespace?: string): Promise<void> {
  await kubectlRun(target, ['apply', ...(namespace ? ['-n', namespace] : []), '-f', '-'], { input: yaml });
}

/** Deletes one object (`resource` as kubectl spells it, e.g. `httproute`), without waiting for finalizers. */
export async function deleteObject(
  target: KubectlTarget,
  resource: string,
  name: string,
  namespace?: string,
): Promise<void> {
  await kubectlRun(target, [
    'delete',
    resource,
    name,
    ...(namespace ? ['-n', namespace] : []),
    '--ignore-not-found',
    '--wait=false',
  ]);
}

/** `kubectl get … -o json`, parsed. */
export async function getJson(target: KubectlTarget, ...args: string[]): Promise<unknown> {
  return JSON.parse(await kubectl(target, 'get', ...args, '-o', 'json')) as unknown;
}

/** A random lowercase suffix for names that must not collide across runs. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** Creates a namespace named `<prefix>-<random>` and returns its name. */
export async function createNamespace(target: KubectlTarget, prefix = 't'): Promise<string> {
  const name = `${prefix}-${uniqueSuffix()}`;
  await kubectl(target, 'create', 'namespace', name);
  return name;
}

/**
 * Deletes the objects a test made in its namespace (the namespace itself stays: it could never
 * finish deleting), so that the reused cluster does not grow with every run.
 */
export async function emptyNamespace(
  target: KubectlTarget,
  namespace: string,
  resources: readonly string[],
): Promise<void> {
  await kubectlRun(
    target,
    ['delete', resources.join(','), '--all', '-n', namespace, '--ignore-not-found', '--wait=false'],
    {
      allowFailure: true,
    },
  );
}
