/**
 * Loading kubeconfig files: the given file, or the default (KUBECONFIG, ~/.kube/config, in-cluster).
 */
import { KubeConfig } from './kube-config-class.ts';

export function readKubeConfig(kubeconfigPath?: string): KubeConfig {
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
