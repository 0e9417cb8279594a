import { mkdtempSync, writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every module Node loads from here on (kubeconfig.ts is imported below, after this hook).
const loaded: string[] = [];
registerHooks({
  load(url, context, nextLoad) {
    loaded.push(url);
    return nextLoad(url, context);
  },
});
const { listContexts, loadKubeConfig } = await import('./kubeconfig.ts');

const CA = Buffer.from('-----BEGIN CERTIFICATE-----\nnot checked here\n-----END CERTIFICATE-----\n');

function kubeconfigFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'gatemap-kubeconfig-')), 'config');
  writeFileSync(
    path,
    `apiVersion: v1
kind: Config
clusters:
  - name: one
    cluster: { server: 'https://one.example:6443', certificate-authority-data: ${CA.toString('base64')} }
  - name: two
    cluster: { server: 'https://two.example:6443' }
users:
  - name: alice
    user: { token: alice-token }
contexts:
  - name: first
    context: { cluster: one, user: alice }
  - name: second
    context: { cluster: two, user: alice }
  - name: dangling
    context: { cluster: missing, user: alice }
current-context: second
`,
  );
  return path;
}

describe('loadKubeConfig', () => {
  it('lists the contexts and the current one', () => {
    expect(listContexts(kubeconfigFile())).toEqual({
      names: ['first', 'second', 'dangling'],
      current: 'second',
    });
  });

  it('selects the given context and supplies its credentials for HTTPS requests', async () => {
    const kc = loadKubeConfig(kubeconfigFile(), 'first');
    expect(kc.getCurrentCluster()?.server).toBe('https://one.example:6443');
    const options: { ca?: unknown; headers?: Record<string, unknown> } = {};
    await kc.applyToHTTPSOptions(options);
    expect(options.headers?.['Authorization']).toBe('Bearer alice-token');
    expect(String(options.ca)).toBe(CA.toString());
  });

  it('names the known contexts when the given one is missing', () => {
    expect(() => loadKubeConfig(kubeconfigFile(), 'third')).toThrow(
      /context "third" is not in .*; it has: first, second, dangling/,
    );
  });

  it('refuses a context that names no cluster', () => {
    expect(() => loadKubeConfig(kubeconfigFile(), 'dangling')).toThrow(/context "dangling" names no cluster/);
  });

  it('loads KubeConfig without the generated API clients', () => {
    expect(loaded.some((url) => url.endsWith('/@kubernetes/client-node/dist/config.js'))).toBe(true);
    expect(loaded.filter((url) => /\/client-node\/dist\/gen\/(index|types\/\w+)\.js$/.test(url))).toEqual([]);
  });
});
