/**
 * The hub's snapshot (GET /api/topology, the stream's first event): at the size of a large
 * estate it holds every node of every cluster, which must not depend on how many arguments a
 * function call can take; its objects are gathered once per revision, its cluster status each time.
 */
import { service } from '@gatemap/fixtures';
import { decodeObject, type Change, type ClusterStatus } from '@gatemap/topology';
import { describe, expect, it } from 'vitest';
import { TopologyHub } from '../src/topology-hub.ts';

function upsertService(name: string, namespace: string): Change {
  const decoded = decodeObject(service({ name, namespace, ports: [80] }));
  if (!decoded.ok || !('value' in decoded)) throw new Error('fixture did not decode');
  return { type: 'upsert', object: decoded.value };
}

const SYNCED: ClusterStatus = { name: 'shop', source: 'files', state: 'synced', kinds: [] };

describe('TopologyHub', () => {
  it('snapshots an estate of 150,000 objects', () => {
    const hub = new TopologyHub({ prefixIds: true });
    hub.addCluster({ name: 'big', source: 'files', state: 'synced', kinds: [] });
    const changes: Change[] = [];
    for (let index = 0; index < 150_000; index++)
      changes.push(upsertService(`svc-${index}`, `ns-${index % 100}`));
    hub.apply('big', changes);
    const snapshot = hub.snapshot();
    expect(snapshot.nodes).toHaveLength(150_000);
    expect(snapshot.nodes[0]!.id).toMatch(/^big:Service\//);
  });

  it('gathers the objects of a revision once, and again after a change', () => {
    const hub = new TopologyHub();
    hub.addCluster(SYNCED);
    hub.apply('shop', [upsertService('api', 'shop')]);
    const first = hub.snapshot();
    expect(hub.snapshot().nodes).toBe(first.nodes);
    hub.apply('shop', [upsertService('web', 'shop')]);
    const next = hub.snapshot();
    expect(next.revision).toBe(first.revision + 1);
    expect(next.nodes).not.toBe(first.nodes);
    expect(next.nodes.map((node) => node.id)).toContain('Service/shop/web');
  });

  it('tells the cluster status as it is now, at the same revision', () => {
    const hub = new TopologyHub();
    hub.addCluster({ ...SYNCED, state: 'connecting' });
    hub.apply('shop', [upsertService('api', 'shop')]);
    const before = hub.snapshot();
    hub.setStatus(SYNCED);
    const after = hub.snapshot();
    expect(after.revision).toBe(before.revision);
    expect(before.clusters.map((cluster) => cluster.state)).toEqual(['connecting']);
    expect(after.clusters.map((cluster) => cluster.state)).toEqual(['synced']);
  });
});
