/**
 * The map's calls for what changed and what would: history pages (`GET /api/history`), the map
 * as it was (`GET /api/topology?at=`), and what-if (`POST /api/what-if`, admin only; nothing is
 * applied). Contract: `@gatemap/topology` api.ts and history.ts.
 */
import type { HistoryPage, TopologyResponse, WhatIfResponse } from '@gatemap/topology';
import { getJson, sendJson } from './api-client.ts';

export interface HistoryQuery {
  readonly cluster?: string | undefined;
  /** One object's history (its key). */
  readonly object?: string | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly limit?: number | undefined;
  /** The `next` of the page before, for older entries. */
  readonly cursor?: string | undefined;
  /** Only entries that tell of a problem (verdicts that broke or do not work). */
  readonly problems?: boolean | undefined;
}

function historyPath(query: HistoryQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== false) params.set(name, String(value));
  const text = params.toString();
  return text === '' ? '/api/history' : `/api/history?${text}`;
}

export function fetchHistory(query: HistoryQuery, signal?: AbortSignal): Promise<HistoryPage> {
  return getJson<HistoryPage>(historyPath(query), signal);
}

/** The map as it was at `at` (ISO 8601). */
export function fetchTopologyAt(at: string, signal?: AbortSignal): Promise<TopologyResponse> {
  return getJson<TopologyResponse>(`/api/topology?at=${encodeURIComponent(at)}`, signal);
}

export function postWhatIf(input: {
  readonly manifests: string;
  readonly cluster?: string;
}): Promise<WhatIfResponse> {
  return sendJson<WhatIfResponse>('POST', '/api/what-if', input);
}
