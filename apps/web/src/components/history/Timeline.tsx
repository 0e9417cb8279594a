import { useInfiniteQuery } from '@tanstack/react-query';
import type { ObjectKey } from '@gatemap/topology';
import { fetchHistory } from '../../api/history-api.ts';
import { timelineKey } from '../../history/refresh-history.ts';
import { useNow } from '../../session/useNow.ts';
import { HistoryEntryItem } from './HistoryEntryItem.tsx';
import { LoadOlder } from './LoadOlder.tsx';

/**
 * An object's history in its details, newest first, older pages on request. New entries arrive
 * through the stream, which refreshes the timelines they belong in (refresh-history.ts).
 */
export function Timeline({
  cluster,
  objectKey,
  onShow,
}: {
  cluster: string | undefined;
  objectKey: ObjectKey;
  onShow: (cluster: string, key: ObjectKey) => void;
}) {
  const now = useNow();
  const query = useInfiniteQuery({
    queryKey: timelineKey(cluster, objectKey),
    queryFn: ({ pageParam, signal }) =>
      fetchHistory({ cluster, object: objectKey, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next,
    retry: 1,
  });
  const entries = query.data?.pages.flatMap((page) => page.entries) ?? [];
  return (
    <section aria-label="Timeline">
      <h3>Timeline</h3>
      {query.isPending && <p className="gm-muted">Loading history…</p>}
      {query.error && (
        <p className="gm-callout gm-callout--error">
          Could not load the history of this object: {query.error.message}.{' '}
          <button type="button" className="gm-linkbutton" onClick={() => void query.refetch()}>
            Try again
          </button>
        </p>
      )}
      {query.isSuccess && entries.length === 0 && (
        <p className="gm-muted">No changes recorded for this object.</p>
      )}
      {entries.length > 0 && (
        <ol className="gm-history">
          {entries.map((entry) => (
            <HistoryEntryItem key={`${entry.cluster}#${entry.seq}`} entry={entry} now={now} onShow={onShow} />
          ))}
        </ol>
      )}
      <LoadOlder query={query} />
    </section>
  );
}
