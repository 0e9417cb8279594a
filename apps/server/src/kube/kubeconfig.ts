/**
 * Loading kubeconfig files: the given file, or the default (KUBECONFIG, ~/.kube/config, in-cluster),
 * or the ServiceAccount of the pod gatemap runs in.
 */
import { existsSync } from 'node:fs';
import { KubeConfig } from './kube-config-class.ts';

/** Where the kubelet mounts the pod's ServiceAccount token, CA and namespace. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Why the pod's own cluster cannot be reached, or undefined when it can. */
export function inClusterProblem(): string | undefined {
  if (!process.env['KUBERNETES_SERVICE_HOST'] || !process.env['KUBERNETES_SERVICE_PORT'])
    return 'KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set: gatemap is not running in a pod';
  for (const file of ['token', 'ca.crt'])
    if (!existsSync(`${SERVICE_ACCOUNT_DIR}/${file}`))
      return `${SERVICE_ACCOUNT_DIR}/${file} is missing: mount the ServiceAccount token (automountServiceAccountToken: true)`;
  return undefined;
}

/**
 * The pod's ServiceAccount (in-cluster.md D7). client-node reads the token file again when its
 * last read is older than a minute (D9), as client-go does (D10), so a token the kubelet rotates
 * is used from then on; every request and every watch applies the credentials afresh.
 */
export function loadInClusterConfig(): KubeConfig {
  const problem = inClusterProblem();
  if (problem !== undefined) throw new Error(problem);
  const kc = new KubeConfig();
  kc.loadFromCluster();
  return kc;
}

function readKubeConfig(kubeconfigPath?: string): KubeConfig {
  const kc = new KubeConfig();
  if (kubeconfigPath === undefined) kc.loadFromDefault();
  else kc.loadFromFile(kubeconfigPath);
  return kc;
}

/** The kubeconfig with `context` selected (or its current context); throws when it names no cluster. */
export function loadKubeConfig(kubeconfigPath?: string, context?: string): KubeConfig {
  const kc = readKubeConfig(kubeconfigPath);
  const where = kubeconfigPath ?? 'the default kubeconfig';
  if (context !== undefined) {
    if (!kc.getContextObject(context)) {
      const known = kc.getContexts().map((entry) => entry.name);
      throw new Error(
        `context "${context}" is not in ${where}${known.length > 0 ? `; it has: ${known.join(', ')}` : ''}`,
      );
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) {
    throw new Error(`${where}: context "${kc.getCurrentContext()}" names no cluster`);
  }
  return kc;
}

/** The contexts of a kubeconfig file (default: as kubectl finds it) and the current one. */
export function listContexts(kubeconfigPath?: string): { names: string[]; current: string } {
  const kc = readKubeConfig(kubeconfigPath);
  return { names: kc.getContexts().map((entry) => entry.name), current: kc.getCurrentContext() };
}
