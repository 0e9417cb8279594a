/**
 * Feeds the store: first the big picture of a large estate (`GET /api/overview`, a small answer
 * the map draws at once), then the snapshot from `GET /api/topology` (React Query retries it),
 * asked for once the overview is in, so that the server answers the small request first; then the
 * stream, opened from the snapshot's event id (`?since=`) so that it sends what followed the
 * snapshot instead of the whole snapshot again. The browser's EventSource reconnects by itself and
 * sends Last-Event-ID, so the server replays what was missed or sends a fresh snapshot; a stream
 * this feed opens anew starts from the last event id it got. When the browser gives up (the server
 * answered with an error), the feed asks `/api/session` whether this browser is still signed in:
 * if not (401) the feed ends, otherwise it opens a new stream after a growing pause.
 *
 * New history entries (`event: history`) refresh the history the map shows.
 *
 * Under a share link the server ends the stream with `event: revoked` when the link is revoked or
 * expires; the feed then closes it for good and reports the lost access.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { StreamEventName, StreamEvents } from '@gatemap/topology';
import { fetchSession } from '../api/access-api.ts';
import { fetchOverview, summaryQueryKey } from '../api/summary-api.ts';
import { ApiRequestError, fetchTopology, isUnauthorized, STREAM_PATH } from '../api/api-client.ts';
import { refreshAllHistory, refreshHistory } from '../history/refresh-history.ts';
import { useTopologyStoreInstance } from './useTopologyStore.ts';

/** connecting: no stream yet; live: stream open; reconnecting: stream lost, retrying; ended: access lost. */
export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'ended';

export interface TopologyFeed {
  readonly stream: StreamState;
  readonly loading: boolean;
  readonly error: Error | null;
  readonly retry: () => void;
}

export interface TopologyFeedOptions {
  /** The server no longer accepts this browser: the share link was revoked or expired, or a 401. */
  readonly onAccessLost?: () => void;
  /** Whether this browser is still signed in; rejects with a 401 ApiRequestError when not. */
  readonly probeSession?: () => Promise<unknown>;
}

export function useTopologyFeed(options: TopologyFeedOptions = {}): TopologyFeed {
  const store = useTopologyStoreInstance();
  const queryClient = useQueryClient();
  const [stream, setStream] = useState<StreamState>('connecting');
  const callbacks = useRef(options);
  useEffect(() => {
    callbacks.current = options;
  });
  const overview = useQuery({
    queryKey: ['overview'],
    queryFn: ({ signal }) => fetchOverview(signal),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    // Only a head start: if it fails, the map waits for the topology as it would without it.
    retry: false,
  });
  useEffect(() => {
    const answer = overview.data;
    if (!answer?.overview) return;
    const summary = answer.summary && { revision: answer.revision, summary: answer.summary };
    store.preview(answer.overview, summary);
    // The estate summary of that revision is known already: the map need not ask for it again
    // when the topology it loads is of the same revision (useEstateSummary).
    if (summary) queryClient.setQueryData(summaryQueryKey(answer.revision), summary);
  }, [overview.data, store, queryClient]);
  const query = useQuery({
    queryKey: ['topology'],
    enabled: !overview.isPending,
    queryFn: ({ signal }) => fetchTopology(signal),
    // The stream keeps the store fresh; the query is only the first load and the retry logic.
    staleTime: Infinity,
    gcTime: 0,
    structuralSharing: false,
    refetchOnWindowFocus: false,
    // A 4xx (signed out, forbidden) will not change by asking again; an unreachable server may.
    retry: (failures, error) =>
      !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failures < 3,
  });

  useEffect(() => {
    if (query.data) store.replace(query.data);
  }, [query.data, store]);

  const ready = query.data !== undefined;
  const fetchedEventId = query.data?.eventId;
  useEffect(() => {
    if (!ready || typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    // The event the store is at: the snapshot fetched, then the last event with an id.
    let lastEventId = fetchedEventId;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let snapshots = 0;
    let closed = false;

    const accessLost = (): void => {
      if (closed) return;
      closed = true;
      clearTimeout(retryTimer);
      source?.close();
      setStream('ended');
      callbacks.current.onAccessLost?.();
    };

    const open = (): void => {
      const current = new EventSource(
        lastEventId === undefined ? STREAM_PATH : `${STREAM_PATH}?since=${encodeURIComponent(lastEventId)}`,
      );
      source = current;
      const listen = <Name extends StreamEventName>(
        name: Name,
        handle: (data: StreamEvents[Name]) => void,
      ): void => {
        current.addEventListener(name, (event) => {
          const message = event as MessageEvent<string>;
          handle(JSON.parse(message.data) as StreamEvents[Name]);
          if (message.lastEventId !== '') lastEventId = message.lastEventId;
        });
      };
      current.addEventListener('open', () => {
        failures = 0;
        setStream('live');
        refreshAllHistory(queryClient);
      });
      // A stream opened from an event id sends a snapshot only when it cannot resume (the server
      // restarted, or no longer holds what followed): it is always taken. Without an id, the first
      // snapshot repeats what the fetch returned; later ones follow a reset or restart.
      const resuming = lastEventId !== undefined;
      listen('snapshot', (snapshot) => {
        store.replace(snapshot, resuming || snapshots > 0);
        snapshots += 1;
        setStream('live');
      });
      listen('delta', (delta) => store.enqueue(delta));
      listen('clusters', ({ clusters }) => store.setClusters(clusters));
      // New history entries: every timeline and Changes view fetches its newest page again.
      listen('history', ({ entries }) => refreshHistory(queryClient, entries));
      // The share link was revoked or expired: the server ended the stream and will answer 401.
      listen('revoked', accessLost);
      current.addEventListener('error', () => {
        if (closed || current !== source) return;
        setStream('reconnecting');
        // CONNECTING: the browser reconnects by itself. CLOSED: the server answered with an error.
        if (current.readyState !== EventSource.CLOSED) return;
        current.close();
        failures += 1;
        const delay = Math.min(30_000, 1000 * 2 ** Math.min(failures, 5));
        const probe = callbacks.current.probeSession ?? fetchSession;
        probe().then(
          () => {
            if (!closed) retryTimer = setTimeout(open, delay);
          },
          (error: unknown) => {
            if (isUnauthorized(error)) accessLost();
            else if (!closed) retryTimer = setTimeout(open, delay);
          },
        );
      });
    };
    open();
    return () => {
      closed = true;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [ready, fetchedEventId, store, queryClient]);

  return {
    stream,
    loading: query.isPending,
    error: query.error,
    retry: () => void query.refetch(),
  };
}
