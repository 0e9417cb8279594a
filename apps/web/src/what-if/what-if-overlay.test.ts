import { describe, expect, it } from 'vitest';
import type { ObjectKey, VerdictChange, WhatIfResponse } from '@gatemap/topology';
import { topologyNode } from '../test/topology-builders.ts';
import { whatIfFragment, readWhatIfFragment } from './what-if-link.ts';
import { overlayMarks, overlaySnapshot } from './what-if-overlay.ts';

const gateway = topologyNode({ kind: 'Gateway', namespace: 'infra', name: 'web' });
const route = topologyNode({ kind: 'HTTPRoute', namespace: 'shop', name: 'web' });
const added = topologyNode({ kind: 'HTTPRoute', namespace: 'shop', name: 'api' });

function verdict(key: string, direction: VerdictChange['direction']): VerdictChange {
  return {
    key: key as ObjectKey,
    id: `x:${direction}`,
    direction,
    message: `${key} ${direction}`,
    mentions: [],
  };
}

const result: WhatIfResponse = {
  cluster: 'demo',
  objects: [
    { key: added.key, change: 'added', fields: [] },
    { key: gateway.key, change: 'removed', fields: [] },
    { key: route.key, change: 'unchanged', fields: [] },
  ],
  verdicts: [verdict(route.key, 'changed'), verdict(route.key, 'broke'), verdict(added.key, 'recovered')],
  breaks: true,
  nodes: [route, added],
  edges: [],
  findings: [],
  removed: [gateway],
  issues: [],
};

describe('the what-if overlay as the map draws it', () => {
  it('marks added, removed and the strongest verdict change per node', () => {
    const marks = overlayMarks(result);
    expect(marks.get(added.id)).toEqual({ change: 'added', verdict: 'recovered' });
    expect(marks.get(gateway.id)).toEqual({ change: 'removed' });
    expect(marks.get(route.id)).toEqual({ verdict: 'broke' });
  });

  it('draws the removed objects beside the overlaid topology', () => {
    expect(overlaySnapshot(result, []).nodes.map((node) => node.id)).toEqual([
      route.id,
      added.id,
      gateway.id,
    ]);
  });
});

describe('what-if links', () => {
  it('round-trips manifests through the fragment, in base64url', () => {
    const text = 'kind: HTTPRoute # ünïcode & slashes /+=\n---\n';
    const fragment = whatIfFragment(text);
    expect(fragment).toMatch(/^#what-if=[A-Za-z0-9_-]+$/);
    expect(readWhatIfFragment(fragment)).toBe(text);
  });

  it('reads the links the CLI writes (base64url from Node, unpadded) and writes the same', () => {
    const text = 'kind: HTTPRoute # ünïcode & slashes /+=?\n';
    const written = `#what-if=${Buffer.from(text, 'utf8').toString('base64url')}`;
    expect(readWhatIfFragment(written)).toBe(text);
    expect(whatIfFragment(text)).toBe(written);
  });

  it('reads nothing from another fragment or one that does not decode', () => {
    expect(readWhatIfFragment('#section')).toBeUndefined();
    expect(readWhatIfFragment('#what-if=%%%')).toBeUndefined();
    expect(readWhatIfFragment('#what-if=_w')).toBeUndefined();
  });
});
