import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { fetchTopologyAt } from '../../api/history-api.ts';
import { TopologyStore } from '../../store/topology-store.ts';

export interface PastMap {
  /** The map as it was, once loaded; live updates never reach it. */
  readonly store: TopologyStore | undefined;
  /** The moment the server drew it at (`asOf`), or the one asked for. */
  readonly asOf: string | undefined;
  readonly error: Error | null;
  readonly retry: () => void;
}

/** The map as it was at `at` (`GET /api/topology?at=`); nothing while `at` is undefined. */
export function usePastMap(at: string | undefined): PastMap {
  const query = useQuery({
    queryKey: ['topology-at', at],
    queryFn: ({ signal }) => fetchTopologyAt(at ?? '', signal),
    enabled: at !== undefined,
    staleTime: Infinity,
    structuralSharing: false,
    refetchOnWindowFocus: false,
    retry: 1,
  });
  const data = at === undefined ? undefined : query.data;
  const store = useMemo(() => {
    if (data === undefined) return undefined;
    const past = new TopologyStore();
    past.replace(data, true);
    return past;
  }, [data]);
  return {
    store,
    asOf: data?.asOf ?? at,
    error: at === undefined ? null : query.error,
    retry: () => void query.refetch(),
  };
}
