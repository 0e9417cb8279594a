import { gateway, httpRoute, namespace } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from './meta.ts';
import { diffObjects, MAX_FIELDS, MAX_VALUE_CHARS } from './object-diff.ts';
import { configMap } from './test-support.ts';

const withMetadata = (object: KubeObject, metadata: Record<string, unknown>): KubeObject => ({
  ...object,
  metadata: { ...object.metadata, ...metadata },
});

describe('diffObjects', () => {
  it('names list items by their name where every item has a distinct one', () => {
    const before = gateway({
      listeners: [
        { name: 'http', hostname: 'a.example.com' },
        { name: 'https', port: 443 },
      ],
    });
    const after = gateway({
      listeners: [
        { name: 'http', hostname: 'b.example.com' },
        { name: 'https', port: 443 },
      ],
    });
    expect(diffObjects(before, after)).toEqual({
      change: 'changed',
      fields: [{ path: 'spec.listeners[http].hostname', before: 'a.example.com', after: 'b.example.com' }],
    });
  });

  it('records listeners added and removed by name, and a new order', () => {
    const before = gateway({ listeners: [{ name: 'a' }, { name: 'b', port: 81 }] });
    const after = gateway({
      listeners: [
        { name: 'c', port: 82 },
        { name: 'b', port: 81 },
      ],
    });
    expect(diffObjects(before, after).fields).toEqual([
      { path: 'spec.listeners[c]', after: { name: 'c', port: 82, protocol: 'HTTP' } },
      { path: 'spec.listeners[a]', before: { name: 'a', port: 80, protocol: 'HTTP' } },
    ]);
    const reordered = gateway({ listeners: [{ name: 'b', port: 81 }, { name: 'a' }] });
    expect(diffObjects(before, reordered).fields).toEqual([
      { path: 'spec.listeners[*].name', before: ['a', 'b'], after: ['b', 'a'] },
    ]);
  });

  it('falls back to indexes for items without distinct names (parentRefs to one Gateway)', () => {
    const before = httpRoute({
      parentRefs: [
        { name: 'gw', sectionName: 'http' },
        { name: 'gw', sectionName: 'https' },
      ],
    });
    const after = httpRoute({
      parentRefs: [
        { name: 'gw', sectionName: 'http' },
        { name: 'gw', sectionName: 'admin' },
      ],
    });
    expect(diffObjects(before, after).fields).toEqual([
      { path: 'spec.parentRefs[1].sectionName', before: 'https', after: 'admin' },
    ]);
  });

  it('keeps labels and annotations, quoting keys that are not identifiers', () => {
    const before = namespace({
      name: 'shop',
      labels: { environment: 'production', 'app.kubernetes.io/name': 'shop' },
    });
    const after = namespace({ name: 'shop', labels: { 'app.kubernetes.io/name': 'shop' } });
    expect(diffObjects(before, after).fields).toEqual([
      { path: 'metadata.labels.environment', before: 'production' },
    ]);
    const renamed = namespace({
      name: 'shop',
      labels: { environment: 'production', 'app.kubernetes.io/name': 'store' },
    });
    expect(diffObjects(before, renamed).fields).toEqual([
      { path: 'metadata.labels["app.kubernetes.io/name"]', before: 'shop', after: 'store' },
    ]);
  });

  it('leaves out status and the metadata the API server keeps: such a change is unchanged', () => {
    const before = withMetadata(gateway(), {
      resourceVersion: '1',
      uid: 'a',
      managedFields: [{ manager: 'kubectl' }],
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    });
    const after = {
      ...withMetadata(gateway(), {
        resourceVersion: '2',
        generation: 9,
        creationTimestamp: '2024-01-01T00:00:00Z',
        selfLink: '/x',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"spec":{}}' },
      }),
      status: { conditions: [] },
    };
    expect(diffObjects(before, after)).toEqual({ change: 'unchanged', fields: [] });
    const annotated = withMetadata(after, {
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', team: 'a' },
    });
    expect(diffObjects(before, annotated).fields).toEqual([
      { path: 'metadata.annotations', after: { team: 'a' } },
    ]);
  });

  it('says created and deleted without listing fields', () => {
    expect(diffObjects(undefined, gateway())).toEqual({ change: 'created', fields: [] });
    expect(diffObjects(gateway(), undefined)).toEqual({ change: 'deleted', fields: [] });
  });

  it('caps long values and summarizes large subtrees', () => {
    const long = 'x'.repeat(MAX_VALUE_CHARS * 2);
    const before = configMap({ data: { 'ca.crt': 'short' } });
    const after = configMap({ data: { 'ca.crt': long } });
    expect(diffObjects(before, after).fields).toEqual([
      { path: 'data["ca.crt"]', before: 'short', after: `${'x'.repeat(MAX_VALUE_CHARS)}…`, truncated: true },
    ]);
    const big = configMap({ name: 'big' });
    const filled = { ...big, data: { a: long } };
    expect(diffObjects(big, filled).fields).toEqual([
      {
        path: 'data',
        after: `<object of 1 fields, ${JSON.stringify({ a: long }).length} characters>`,
        truncated: true,
      },
    ]);
  });

  it('lists at most MAX_FIELDS fields and counts the rest', () => {
    const data = (value: string) =>
      Object.fromEntries(Array.from({ length: MAX_FIELDS + 5 }, (_, index) => [`key${index}`, value]));
    const result = diffObjects(configMap({ data: data('a') }), configMap({ data: data('b') }));
    expect(result.fields).toHaveLength(MAX_FIELDS);
    expect(result.omitted).toBe(5);
    expect(result.fields[0]).toEqual({ path: 'data.key0', before: 'a', after: 'b' });
  });
});
