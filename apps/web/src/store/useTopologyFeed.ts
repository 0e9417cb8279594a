/**
 * Feeds the store: the snapshot from `GET /api/topology` (React Query retries it), then the
 * stream. The browser's EventSource reconnects by itself and sends Last-Event-ID, so the server
 * replays what was missed or sends a fresh snapshot; when the browser gives up (the server
 * answered with an error), the feed opens a new stream after a growing pause.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ClustersResponse, StreamDelta, TopologyResponse } from '@gatemap/topology';
import { ApiRequestError, fetchTopology, STREAM_PATH } from '../api/api-client.ts';
import { useTopologyStoreInstance } from './useTopologyStore.ts';

/** connecting: no stream yet; live: stream open; reconnecting: stream lost, retrying. */
export type StreamState = 'connecting' | 'live' | 'reconnecting';

export interface TopologyFeed {
  readonly stream: StreamState;
  readonly loading: boolean;
  readonly error: Error | null;
  readonly retry: () => void;
}

export function useTopologyFeed(): TopologyFeed {
  const store = useTopologyStoreInstance();
  const [stream, setStream] = useState<StreamState>('connecting');
  const query = useQuery({
    queryKey: ['topology'],
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
  useEffect(() => {
    if (!ready || typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let snapshots = 0;
    let closed = false;

    const open = (): void => {
      source = new EventSource(STREAM_PATH);
      source.addEventListener('open', () => {
        failures = 0;
        setStream('live');
      });
      source.addEventListener('snapshot', (event) => {
        // The first snapshot repeats what the fetch returned; later ones follow a reset or restart.
        store.replace(JSON.parse((event as MessageEvent<string>).data) as TopologyResponse, snapshots > 0);
        snapshots += 1;
        setStream('live');
      });
      source.addEventListener('delta', (event) => {
        store.enqueue(JSON.parse((event as MessageEvent<string>).data) as StreamDelta);
      });
      source.addEventListener('clusters', (event) => {
        store.setClusters((JSON.parse((event as MessageEvent<string>).data) as ClustersResponse).clusters);
      });
      source.addEventListener('error', () => {
        setStream('reconnecting');
        if (source?.readyState === EventSource.CLOSED && !closed) {
          source.close();
          failures += 1;
          retryTimer = setTimeout(open, Math.min(30_000, 1000 * 2 ** Math.min(failures, 5)));
        }
      });
    };
    open();
    return () => {
      closed = true;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [ready, store]);

  return {
    stream,
    loading: query.isPending,
    error: query.error,
    retry: () => void query.refetch(),
  };
}
