import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { parseObjectKey, type ObjectKey } from '@gatemap/topology';
import { fetchHistory } from '../../api/history-api.ts';
import { changesKey } from '../../history/refresh-history.ts';
import { changesList, NO_FILTER, type ChangesFilter } from '../../history/history-entries.ts';
import { useNow } from '../../session/useNow.ts';
import type { ChangesSince } from '../../view/view-state.ts';
import { HistoryEntryItem } from './HistoryEntryItem.tsx';
import { LoadOlder } from './LoadOlder.tsx';

const SINCE_MS: Record<ChangesSince, number> = { '1h': 3_600_000, '1d': 86_400_000 };
const PAGE = 500;

/**
 * What changed in the whole map in the last hour or day: problems first, then newest, filterable
 * by kind, namespace, text and problems only. Choosing an entry shows its object on the map.
 */
export function ChangesView({
  cluster,
  since,
  onSince,
  onShow,
  onClose,
}: {
  cluster: string | undefined;
  since: ChangesSince;
  onSince: (since: ChangesSince) => void;
  onShow: (cluster: string, key: ObjectKey) => void;
  onClose: () => void;
}) {
  const now = useNow();
  const [filter, setFilter] = useState<ChangesFilter>(NO_FILTER);
  // The window is counted from when the view opened, so that the query key stays put; the stream
  // refreshes it with newer entries.
  const [opened] = useState(() => Date.now());
  const sinceIso = new Date(opened - SINCE_MS[since]).toISOString();
  const query = useInfiniteQuery({
    queryKey: changesKey({ cluster, since: sinceIso, problems: filter.problemsOnly }),
    queryFn: ({ pageParam, signal }) =>
      fetchHistory(
        { cluster, since: sinceIso, limit: PAGE, cursor: pageParam, problems: filter.problemsOnly },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next,
    retry: 1,
  });
  const all = useMemo(() => query.data?.pages.flatMap((page) => page.entries) ?? [], [query.data]);
  const entries = useMemo(() => changesList(all, filter), [all, filter]);
  const kinds = useMemo(() => [...new Set(all.map((entry) => parseObjectKey(entry.key).kind))].sort(), [all]);
  const namespaces = useMemo(
    () => [...new Set(all.flatMap((entry) => parseObjectKey(entry.key).namespace ?? []))].sort(),
    [all],
  );
  const set = (change: Partial<ChangesFilter>) => setFilter((current) => ({ ...current, ...change }));

  return (
    <aside className="gm-panel" aria-label="Changes">
      <div className="gm-panel__head">
        <h2 className="gm-panel__title">Changes</h2>
        <button type="button" className="gm-button" onClick={onClose} aria-label="Close changes">
          ✕
        </button>
      </div>
      <div className="gm-changes__filters">
        <div role="group" aria-label="Since">
          {(['1h', '1d'] as const).map((item) => (
            <button
              key={item}
              type="button"
              className={`gm-button gm-button--small${since === item ? ' is-active' : ''}`}
              aria-pressed={since === item}
              onClick={() => onSince(item)}
            >
              {item === '1h' ? 'Last hour' : 'Last day'}
            </button>
          ))}
        </div>
        <label className="gm-field gm-field--inline">
          <span>Kind</span>
          <select value={filter.kind} onChange={(event) => set({ kind: event.target.value })}>
            <option value="">all</option>
            {kinds.map((kind) => (
              <option key={kind}>{kind}</option>
            ))}
          </select>
        </label>
        <label className="gm-field gm-field--inline">
          <span>Namespace</span>
          <select value={filter.namespace} onChange={(event) => set({ namespace: event.target.value })}>
            <option value="">all</option>
            {namespaces.map((namespace) => (
              <option key={namespace}>{namespace}</option>
            ))}
          </select>
        </label>
        <label className="gm-field gm-field--inline">
          <span>Text</span>
          <input type="search" value={filter.text} onChange={(event) => set({ text: event.target.value })} />
        </label>
        <label className="gm-field gm-field--inline">
          <input
            type="checkbox"
            checked={filter.problemsOnly}
            onChange={(event) => set({ problemsOnly: event.target.checked })}
          />
          <span>Problems only</span>
        </label>
      </div>
      {query.isPending && <p className="gm-muted">Loading changes…</p>}
      {query.error && (
        <p className="gm-callout gm-callout--error">
          Could not load the changes: {query.error.message}.{' '}
          <button type="button" className="gm-linkbutton" onClick={() => void query.refetch()}>
            Try again
          </button>
        </p>
      )}
      {query.isSuccess && entries.length === 0 && (
        <p className="gm-muted">
          No changes{' '}
          {all.length > 0 ? 'match these filters' : `in the last ${since === '1h' ? 'hour' : 'day'}`}.
        </p>
      )}
      <ol className="gm-history">
        {entries.map((entry) => (
          <HistoryEntryItem
            key={`${entry.cluster}#${entry.seq}`}
            entry={entry}
            now={now}
            onShow={onShow}
            showObject
          />
        ))}
      </ol>
      <LoadOlder query={query} />
    </aside>
  );
}
