/**
 * The integration project's cluster as kubectl reaches it with the admin's kubeconfig (see
 * integration/global-setup.ts). Apart from kubectl.ts, which the Playwright tests import too.
 */
import { inject } from 'vitest';
import type { KubectlTarget } from './kubectl.ts';

export function adminTarget(): KubectlTarget {
  return {
    kubectl: inject('kubectl'),
    kubeconfig: inject('kubeconfig'),
    cacheDir: inject('kubectlCacheDir'),
  };
}
