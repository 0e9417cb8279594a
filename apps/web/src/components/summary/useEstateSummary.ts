/**
 * The server's estate summary of the live map, asked again once the map's revision has stayed
 * the same for `SETTLE_MS`: a busy estate moves on many times a second, and each answer is a pass
 * over it on the server.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SummaryResponse } from '@gatemap/topology';
import { fetchSummary } from '../../api/summary-api.ts';
import { useTopologyStore } from '../../store/useTopologyStore.ts';

const SETTLE_MS = 1000;

export function useEstateSummary(enabled: boolean): {
  readonly data: SummaryResponse | undefined;
  readonly error: Error | null;
} {
  const revision = useTopologyStore((state) => state.revision);
  const [asked, setAsked] = useState(revision);
  useEffect(() => {
    if (revision === asked) return;
    // The first revision of the map at once; later ones once they settle.
    const timer = setTimeout(() => setAsked(revision), asked < 0 ? 0 : SETTLE_MS);
    return () => clearTimeout(timer);
  }, [revision, asked]);
  const query = useQuery({
    queryKey: ['summary', asked],
    queryFn: ({ signal }) => fetchSummary(signal),
    enabled: enabled && asked >= 0,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
  return { data: query.data, error: query.error };
}
