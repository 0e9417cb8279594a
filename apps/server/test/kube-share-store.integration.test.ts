/**
 * The Kubernetes share-link store against the real API server: the suite every store passes, and
 * what only a shared store must do (several replicas on one namespace, in-cluster.md D22).
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { KubeShareStore, SHARE_LINK_SECRET_TYPE } from '../src/access/kube-share-store.ts';
import { createKubeClient, type KubeClient } from '../src/kube/kube-client.ts';
import { loadKubeConfig } from '../src/kube/kubeconfig.ts';
import { describeShareLinkStore } from './helpers/share-link-store-suite.ts';
import { createNamespace, emptyNamespace, getJson } from './helpers/kubectl.ts';
import { adminTarget } from './helpers/admin-target.ts';

const admin = adminTarget();
const namespaces: string[] = [];
const clients: KubeClient[] = [];

function client(): KubeClient {
  const created = createKubeClient(loadKubeConfig(admin.kubeconfig));
  clients.push(created);
  return created;
}

async function freshNamespace(): Promise<string> {
  const name = await createNamespace(admin, 'share');
  namespaces.push(name);
  return name;
}

async function openStore(namespace: string, now: () => number = Date.now): Promise<KubeShareStore> {
  const store = new KubeShareStore({ client: client(), namespace, now });
  store.start();
  await store.synced();
  return store;
}

afterAll(async () => {
  for (const name of namespaces) await emptyNamespace(admin, name, ['secrets']);
  for (const created of clients) created.close();
});

describeShareLinkStore('Kubernetes', () => {
  let namespace: Promise<string> | undefined;
  return {
    open: async (now) => openStore(await (namespace ??= freshNamespace()), now),
    reopen: async (now) => openStore(await (namespace ?? Promise.reject(new Error('open first'))), now),
  };
});

describe('share links in the Kubernetes API', () => {
  const WITHIN_2S = { timeout: 2000, interval: 20 };
  const input = { label: 'shop', namespaces: ['shop'], expiresInMs: 3_600_000, createdBy: 'admin' };

  it('keeps one Secret per link holding the token hash, never the token', async () => {
    const namespace = await freshNamespace();
    const store = await openStore(namespace);
    try {
      const { link, token } = await store.create(input);
      const secret = (await getJson(admin, 'secret', `gatemap-share-${link.id}`, '-n', namespace)) as {
        type: string;
        metadata: { labels: Record<string, string> };
        data: Record<string, string>;
      };
      expect(secret.type).toBe(SHARE_LINK_SECRET_TYPE);
      expect(secret.metadata.labels).toMatchObject({ 'gatemap.io/record': 'share-link' });
      const stored = Object.values(secret.data)
        .map((value) => Buffer.from(value, 'base64').toString('utf8'))
        .join('\n');
      expect(stored).not.toContain(token.split('.')[1]);
      expect(Buffer.byteLength(stored)).toBeLessThan(4096);
    } finally {
      await store.close();
    }
  });

  it('serves a link created on one replica from another, and stops it there within 2 s of revocation', async () => {
    const namespace = await freshNamespace();
    const [a, b] = [await openStore(namespace), await openStore(namespace)];
    try {
      const { link, token } = await a.create(input);
      await vi.waitFor(() => expect(b.verify(token)?.id).toBe(link.id), WITHIN_2S);
      const heardOnA: string[] = [];
      a.onRevoked((id) => heardOnA.push(id));
      await b.revoke(link.id);
      await vi.waitFor(() => {
        expect(a.verify(token)).toBeUndefined();
        expect(a.isActive(link.id)).toBe(false);
        // A's open streams of it are told at once (the access plugin closes them).
        expect(heardOnA).toEqual([link.id]);
      }, WITHIN_2S);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('adds up the uses that several replicas count, through conflicting writes', async () => {
    const namespace = await freshNamespace();
    const replicas = [await openStore(namespace), await openStore(namespace), await openStore(namespace)];
    try {
      const { link } = await replicas[0]!.create(input);
      for (const [index, replica] of replicas.entries())
        for (let i = 0; i < 10; i++) replica.recordUse(link.id, 'api', `10.0.0.${index}`);
      // All three write the same record at once: two of them meet a 409 and retry.
      await Promise.all(replicas.map((replica) => replica.flushUses()));
      await vi.waitFor(async () => expect((await replicas[1]!.get(link.id))?.uses).toBe(30), WITHIN_2S);
      await vi.waitFor(
        async () => expect((await replicas[2]!.uses(link.id)).map((use) => use.count)).toEqual([10, 10, 10]),
        WITHIN_2S,
      );
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });

  it('refuses every link and reports not ready while it cannot reach the API server', async () => {
    const namespace = await freshNamespace();
    const store = await openStore(namespace);
    const { token } = await store.create(input);
    await store.close();
    // An address nothing listens on: the store never lists, so it never vouches for a link.
    const kc = loadKubeConfig(admin.kubeconfig);
    const cluster = kc.getCurrentCluster();
    kc.clusters = kc.clusters.map((entry) =>
      entry.name === cluster?.name ? { ...entry, server: 'https://127.0.0.1:1' } : entry,
    );
    const unreachable = createKubeClient(kc);
    clients.push(unreachable);
    const cut = new KubeShareStore({ client: unreachable, namespace });
    cut.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(cut.ready()).toBe(false);
      expect(cut.problem()).toMatch(/share-link records/);
      expect(cut.verify(token)).toBeUndefined();
    } finally {
      await cut.close();
    }
  });
});
