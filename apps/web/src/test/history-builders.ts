/**
 * History entries (history.ts in the core) for unit tests: a Gateway changed, and because of it
 * a Route's Accepted broke; later another Route recovered; earlier that Route was created.
 */
import type { HistoryEntry, HistoryVerdictEntry, ObjectKey, Verdict } from '@gatemap/topology';

const GATEWAY = 'Gateway/infra/web' as ObjectKey;
const ROUTE = 'HTTPRoute/shop/web' as ObjectKey;
const API = 'HTTPRoute/shop/api' as ObjectKey;

function verdict(value: string, ok: boolean): Verdict {
  return {
    id: 'parent:Gateway/infra/web:Accepted',
    aspect: 'condition',
    placeId: 'parent:Gateway/infra/web',
    place: 'parent Gateway infra/web',
    type: 'Accepted',
    value,
    ok,
    mentions: [],
  };
}

function verdictEntry(input: {
  readonly seq: number;
  readonly at: string;
  readonly key: ObjectKey;
  readonly direction: 'broke' | 'recovered';
  readonly causes: HistoryVerdictEntry['causes'];
}): HistoryVerdictEntry {
  const broke = input.direction === 'broke';
  const before = verdict(broke ? 'True (Accepted)' : 'False (NotAllowedByListeners)', !broke);
  const after = verdict(broke ? 'False (NotAllowedByListeners)' : 'True (Accepted)', broke ? false : true);
  const label = input.key.replace(/^HTTPRoute\//, 'HTTPRoute ');
  return {
    type: 'verdict',
    cluster: 'demo',
    seq: input.seq,
    at: input.at,
    key: input.key,
    verdict: {
      key: input.key,
      id: before.id,
      direction: input.direction,
      before,
      after,
      message: `${label}: Accepted ${broke ? 'True' : 'False'} → ${after.value} on parent Gateway infra/web`,
      mentions: [],
    },
    causes: input.causes,
  };
}

/** [Gateway changed, Route broke, other Route recovered, other Route created (older)]. */
export function historyEntries(now = Date.now()): HistoryEntry[] {
  const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
  return [
    {
      type: 'object',
      cluster: 'demo',
      seq: 10,
      at: ago(5),
      key: GATEWAY,
      change: 'changed',
      fields: [
        { path: 'spec.listeners[http].allowedRoutes.namespaces.from', before: 'All', after: 'Same' },
        { path: 'metadata.annotations.notes', before: 'short', after: 'long…', truncated: true },
      ],
      mentions: [{ key: GATEWAY, text: 'Gateway infra/web' }],
    },
    verdictEntry({
      seq: 11,
      at: ago(5),
      key: ROUTE,
      direction: 'broke',
      causes: [
        { seq: 10, key: GATEWAY, change: 'changed' },
        { seq: 9, hidden: true },
      ],
    }),
    verdictEntry({ seq: 12, at: ago(2), key: API, direction: 'recovered', causes: [] }),
    {
      type: 'object',
      cluster: 'demo',
      seq: 3,
      at: ago(50),
      key: API,
      change: 'created',
      fields: [],
      mentions: [{ key: API, text: 'HTTPRoute shop/api' }],
    },
  ];
}
