import type { ObjectKey, Verdict, Verdicts } from '@gatemap/topology';
import { describe, expect, it } from 'vitest';
import { VerdictPool } from './verdict-pool.ts';

function accepted(gateway: string): Verdict {
  return {
    id: `parent:Gateway/infra/${gateway}:Accepted`,
    aspect: 'condition',
    placeId: `parent:Gateway/infra/${gateway}`,
    place: `parent Gateway infra/${gateway}`,
    type: 'Accepted',
    value: 'True (Accepted)',
    status: 'True',
    ok: true,
    mentions: [{ key: `Gateway/infra/${gateway}` as ObjectKey, text: `Gateway infra/${gateway}` }],
  };
}

function verdictsOf(key: string, gateway: string): Verdicts {
  const verdict = accepted(gateway);
  return {
    key: key as ObjectKey,
    byId: new Map([[verdict.id, verdict]]),
    places: new Set(['status', verdict.placeId]),
  };
}

describe('VerdictPool', () => {
  it('holds equal verdicts of two objects once, each under its own key', () => {
    const pool = new VerdictPool();
    const first = pool.share(verdictsOf('HTTPRoute/shop/a', 'edge'));
    const second = pool.share(verdictsOf('HTTPRoute/shop/b', 'edge'));
    expect(second.key).toBe('HTTPRoute/shop/b');
    expect(second.byId).toBe(first.byId);
    expect(second.places).toBe(first.places);
    expect([...second.byId.values()]).toEqual([accepted('edge')]);
  });

  it('keeps different verdicts apart', () => {
    const pool = new VerdictPool();
    const first = pool.share(verdictsOf('HTTPRoute/shop/a', 'edge'));
    const second = pool.share(verdictsOf('HTTPRoute/shop/b', 'internal'));
    expect(second.byId).not.toBe(first.byId);
    expect(second.places).not.toBe(first.places);
    expect([...second.byId.keys()]).toEqual(['parent:Gateway/infra/internal:Accepted']);
    expect([...second.places]).toEqual(['status', 'parent:Gateway/infra/internal']);
  });
});
