/**
 * The few HTTP calls the map makes to `gatemap serve` (contract: `@gatemap/topology` api.ts).
 */
import type { ApiError, ObjectResponse, TopologyNode, TopologyResponse } from '@gatemap/topology';

export const TOPOLOGY_PATH = '/api/topology';
export const STREAM_PATH = '/api/stream';

/** An HTTP failure with what the server said, when it said something. */
export class ApiRequestError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
  }
}

async function getJson<Body>(path: string, signal?: AbortSignal): Promise<Body> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal: signal ?? null });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiRequestError(0, `cannot reach the gatemap server (${String(error)})`);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as Partial<ApiError> | undefined;
    throw new ApiRequestError(response.status, body?.message ?? `${response.status} ${response.statusText}`);
  }
  return (await response.json()) as Body;
}

export function fetchTopology(signal?: AbortSignal): Promise<TopologyResponse> {
  return getJson<TopologyResponse>(TOPOLOGY_PATH, signal);
}

/**
 * `/api/objects/:cluster/:kind/:namespace/:name`, namespace `_` for cluster-scoped kinds.
 * A node the server did not tag with its cluster belongs to the only cluster there is.
 */
export function objectPath(node: TopologyNode, fallbackCluster: string): string {
  const parts = [node.cluster ?? fallbackCluster, node.kind, node.namespace ?? '_', node.name];
  return `/api/objects/${parts.map(encodeURIComponent).join('/')}`;
}

export function fetchObject(
  node: TopologyNode,
  fallbackCluster: string,
  signal?: AbortSignal,
): Promise<ObjectResponse> {
  return getJson<ObjectResponse>(objectPath(node, fallbackCluster), signal);
}
