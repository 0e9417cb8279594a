/**
 * The server's estate summary of the live map, asked again once the map's revision has stayed
 * the same for `SETTLE_MS`: a busy estate moves on many times a second, and each answer is a pass
 * over it on the server.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SummaryResponse } from '@gatemap/topology';
import { fetchSummary, summaryQueryKey } from '../../api/summary-api.ts';
import { useTopologyStore } from '../../store/useTopologyStore.ts';

const SETTLE_MS = 1000;

export function useEstateSummary(enabled: boolean): {
  readonly data: SummaryResponse | undefined;
  readonly error: Error | null;
} {
  const revision = useTopologyStore((state) => state.revision);
  const [settled, setSettled] = useState(revision);
  // The first revision of the map at once (in the same render: the summary that came with the
  // big picture is there for it); later ones once they settle.
  const asked = settled < 0 ? revision : settled;
  useEffect(() => {
    if (settled < 0) {
      if (revision >= 0) setSettled(revision);
      return;
    }
    if (revision === settled) return;
    const timer = setTimeout(() => setSettled(revision), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [revision, settled]);
  // Until the topology is loaded, the summary that came with the big picture ahead of it.
  const previewed = useTopologyStore((state) => (state.loaded ? undefined : state.previewSummary));
  const query = useQuery({
    queryKey: summaryQueryKey(asked),
    queryFn: ({ signal }) => fetchSummary(signal),
    enabled: enabled && asked >= 0,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
  return { data: query.data ?? previewed, error: query.error };
}
