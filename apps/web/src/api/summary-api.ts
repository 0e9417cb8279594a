/**
 * The estate at a glance: its summary (`GET /api/summary`) and its big picture ahead of the
 * topology (`GET /api/overview`); contract: `@gatemap/topology` api.ts, estate-summary.ts,
 * estate-overview.ts.
 */
import type { OverviewResponse, SummaryResponse } from '@gatemap/topology';
import { getJson } from './api-client.ts';

/** The query of the estate summary at a revision of the map. */
export function summaryQueryKey(revision: number): readonly ['summary', number] {
  return ['summary', revision];
}

export function fetchSummary(signal?: AbortSignal): Promise<SummaryResponse> {
  return getJson<SummaryResponse>('/api/summary', signal);
}

export function fetchOverview(signal?: AbortSignal): Promise<OverviewResponse> {
  return getJson<OverviewResponse>('/api/overview', signal);
}
