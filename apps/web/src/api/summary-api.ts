/** The estate summary (`GET /api/summary`; contract: `@gatemap/topology` api.ts, estate-summary.ts). */
import type { SummaryResponse } from '@gatemap/topology';
import { getJson } from './api-client.ts';

export function fetchSummary(signal?: AbortSignal): Promise<SummaryResponse> {
  return getJson<SummaryResponse>('/api/summary', signal);
}
