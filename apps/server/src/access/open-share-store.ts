/**
 * The share-link store `gatemap serve` was asked for: SQLite (a file; one server) or Kubernetes
 * (Secrets in gatemap's namespace; any number of replicas).
 */
import { loadInClusterConfig, loadKubeConfig } from '../kube/kubeconfig.ts';
import { createKubeClient } from '../kube/kube-client.ts';
import type { Log } from '../kube/reflector.ts';
import { KubeShareStore } from './kube-share-store.ts';
import type { ShareLinkStore } from './share-link-store.ts';
import { ShareStore } from './share-store.ts';

export const SHARE_STORE_KINDS = ['sqlite', 'kubernetes'] as const;
export type ShareStoreKind = (typeof SHARE_STORE_KINDS)[number];

export interface ShareStoreChoice {
  readonly kind: ShareStoreKind;
  /** SQLite: the database file. */
  readonly dataPath: string;
  /** Kubernetes: the kubeconfig (default: as kubectl finds it, or the in-cluster ServiceAccount). */
  readonly kubeconfigPath?: string;
  /** Kubernetes: the pod's own cluster and ServiceAccount, whatever the kubeconfig says. */
  readonly inCluster?: boolean;
  /** Kubernetes: where the records live (default: the context's namespace, in a pod its own). */
  readonly namespace?: string;
  readonly log: Log;
}

/** Opens the store; throws an Error whose message tells the user what to change. */
export function openShareStore(choice: ShareStoreChoice): ShareLinkStore {
  if (choice.kind === 'sqlite') {
    try {
      return new ShareStore(choice.dataPath);
    } catch (error) {
      throw new Error(
        `cannot open the share-link database ${choice.dataPath}: ${(error as Error).message}. Use --data PATH.`,
        { cause: error },
      );
    }
  }
  const kc = choice.inCluster ? loadInClusterConfig() : loadKubeConfig(choice.kubeconfigPath);
  const namespace = choice.namespace ?? kc.getContextObject(kc.getCurrentContext())?.namespace;
  if (!namespace)
    throw new Error(
      '--share-store kubernetes needs a namespace for the share-link records: use --share-namespace NS (in a pod, its own namespace is the default)',
    );
  const store = new KubeShareStore({ client: createKubeClient(kc), namespace, log: choice.log });
  store.start();
  return store;
}
