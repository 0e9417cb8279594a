import { describe, expect, it } from 'vitest';
import { kindInfo, type KindInfo } from '@gatemap/topology';
import { ingestObject } from './ingest-object.ts';

function info(kind: string): KindInfo {
  const found = kindInfo(kind);
  if (!found) throw new Error(`unknown kind ${kind}`);
  return found;
}

describe('ingestObject', () => {
  it('drops managedFields and the last-applied annotation, keeping other annotations', () => {
    const result = ingestObject(info('Service'), 'v1', {
      metadata: {
        name: 'app',
        namespace: 'shop',
        resourceVersion: '42',
        managedFields: [{ manager: 'kubectl' }],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', team: 'edge' },
      },
      spec: { ports: [{ port: 80 }] },
    });
    expect(result.ok).toBe(true);
    if (!result.ok || result.change.type !== 'upsert') throw new Error('expected an upsert');
    expect(result.key).toBe('Service/shop/app');
    expect(result.resourceVersion).toBe('42');
    // LIST items of built-in kinds carry no apiVersion/kind: they come from what was listed.
    expect(result.change.object.object).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'app', namespace: 'shop', resourceVersion: '42', annotations: { team: 'edge' } },
      spec: { ports: [{ port: 80 }] },
    });
  });

  it('keeps nothing but metadata of a Secret, even when the server sent its data', () => {
    const result = ingestObject(info('Secret'), 'v1', {
      apiVersion: 'meta.k8s.io/v1',
      kind: 'PartialObjectMetadata',
      metadata: { name: 'tls', namespace: 'shop', resourceVersion: '7' },
      type: 'kubernetes.io/tls',
      data: { 'tls.key': 'c2VjcmV0' },
    });
    if (!result.ok || result.change.type !== 'upsert') throw new Error('expected an upsert');
    expect(result.change.object.object).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'tls', namespace: 'shop', resourceVersion: '7' },
    });
  });

  it('reports an object that does not decode, with its key', () => {
    const result = ingestObject(info('HTTPRoute'), 'v1', {
      metadata: { name: 'web', namespace: 'shop' },
      spec: { parentRefs: [{ port: 'eighty' }] },
    });
    expect(result).toMatchObject({ ok: false, key: 'HTTPRoute/shop/web' });
    if (result.ok) throw new Error('expected a failure');
    expect(result.message).toContain('HTTPRoute shop/web is not valid');
  });

  it('rejects an object without a name', () => {
    expect(ingestObject(info('Gateway'), 'v1', { metadata: {} })).toMatchObject({
      ok: false,
      key: undefined,
    });
  });
});
