/**
 * The hub at the size of a large estate: its snapshot (GET /api/topology, the stream's first
 * event) holds every node of every cluster, which must not depend on how many arguments a
 * function call can take.
 */
import { service } from '@gatemap/fixtures';
import { decodeObject, type Change } from '@gatemap/topology';
import { describe, expect, it } from 'vitest';
import { TopologyHub } from '../src/topology-hub.ts';

describe('TopologyHub', () => {
  it('snapshots an estate of 150,000 objects', () => {
    const hub = new TopologyHub({ prefixIds: true });
    hub.addCluster({ name: 'big', source: 'files', state: 'synced', kinds: [] });
    const changes: Change[] = [];
    for (let index = 0; index < 150_000; index++) {
      const decoded = decodeObject(
        service({ name: `svc-${index}`, namespace: `ns-${index % 100}`, ports: [80] }),
      );
      if (!decoded.ok || !('value' in decoded)) throw new Error('fixture did not decode');
      changes.push({ type: 'upsert', object: decoded.value });
    }
    hub.apply('big', changes);
    const snapshot = hub.snapshot();
    expect(snapshot.nodes).toHaveLength(150_000);
    expect(snapshot.nodes[0]!.id).toMatch(/^big:Service\//);
  });
});
