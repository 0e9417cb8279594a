/**
 * In a pod, gatemap reads the cluster through its ServiceAccount: the kubelet mounts a bound token
 * that expires and rotates, so the credentials must follow the file (in-cluster.md D7, D9–D11).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KubeConfig } from './kube-config-class.ts';
import { inClusterProblem, SERVICE_ACCOUNT_DIR } from './kubeconfig.ts';

/** A ServiceAccount directory as the kubelet mounts it, under a prefix. */
function mountServiceAccount(token: string): { prefix: string; write: (token: string) => void } {
  const prefix = mkdtempSync(join(tmpdir(), 'gatemap-sa-'));
  const dir = join(prefix, SERVICE_ACCOUNT_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'ca.crt'),
    '-----BEGIN CERTIFICATE-----\nnot checked here\n-----END CERTIFICATE-----\n',
  );
  writeFileSync(join(dir, 'namespace'), 'gatemap');
  const write = (value: string) => writeFileSync(join(dir, 'token'), value);
  write(token);
  return { prefix, write };
}

async function bearer(kc: KubeConfig): Promise<string | undefined> {
  const options: https.RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(options);
  return (options.headers as Record<string, string>)['Authorization'];
}

describe('in-cluster configuration', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it("uses the pod's API server address, CA, namespace and token", async () => {
    vi.stubEnv('KUBERNETES_SERVICE_HOST', '10.0.0.1');
    vi.stubEnv('KUBERNETES_SERVICE_PORT', '443');
    const { prefix } = mountServiceAccount('first-token');
    const kc = new KubeConfig();
    kc.loadFromCluster(prefix);
    expect(kc.getCurrentCluster()?.server).toBe('https://10.0.0.1:443');
    expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe('gatemap');
    expect(await bearer(kc)).toBe('Bearer first-token');
  });

  it('uses a rotated token within a minute of the rotation', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-12-01T10:00:00Z') });
    vi.stubEnv('KUBERNETES_SERVICE_HOST', '10.0.0.1');
    vi.stubEnv('KUBERNETES_SERVICE_PORT', '443');
    const { prefix, write } = mountServiceAccount('before-rotation');
    const kc = new KubeConfig();
    kc.loadFromCluster(prefix);
    expect(await bearer(kc)).toBe('Bearer before-rotation');
    write('after-rotation');
    vi.advanceTimersByTime(30_000);
    expect(await bearer(kc)).toBe('Bearer before-rotation');
    vi.advanceTimersByTime(31_000);
    expect(await bearer(kc)).toBe('Bearer after-rotation');
  });

  it('says why it cannot read the cluster outside a pod', () => {
    vi.stubEnv('KUBERNETES_SERVICE_HOST', '');
    expect(inClusterProblem()).toMatch(/not running in a pod/);
  });
});
