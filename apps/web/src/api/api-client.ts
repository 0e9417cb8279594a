/**
 * The HTTP calls the map makes to `gatemap serve` (contract: `@gatemap/topology` api.ts, and the
 * access routes in apps/server: session, share links). Reads use the session cookie the server set;
 * changes (POST, DELETE) also send the page's CSRF token, which the server hands out in the
 * readable `gatemap_csrf` cookie (double-submit).
 */
import type { ApiError, ObjectResponse, TopologyNode, TopologyResponse } from '@gatemap/topology';

const TOPOLOGY_PATH = '/api/topology';
export const STREAM_PATH = '/api/stream';
export const SESSION_PATH = '/api/session';
export const LOGOUT_PATH = '/api/session/logout';
export const SHARE_LINKS_PATH = '/api/share-links';
const CSRF_COOKIE = 'gatemap_csrf';
const CSRF_HEADER = 'x-gatemap-csrf';

/** An HTTP failure with what the server said, when it said something. */
export class ApiRequestError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
  }
}

/** Whether an error is the server saying "no (valid) credential" — signed out, expired, revoked. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 401;
}

/** A cookie's value from `document.cookie` (or the given cookie string); undefined when absent. */
export function readCookie(name: string, cookies: string = document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0 || part.slice(0, equals).trim() !== name) continue;
    const value = part.slice(equals + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

type Method = 'GET' | 'POST' | 'DELETE';

async function request<Body>(
  method: Method,
  path: string,
  options: { body?: unknown; signal?: AbortSignal | undefined } = {},
): Promise<Body> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf !== undefined) headers[CSRF_HEADER] = csrf;
  }
  // Only with a body: the server refuses an empty body declared as JSON.
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      signal: options.signal ?? null,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiRequestError(0, `cannot reach the gatemap server (${String(error)})`);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as Partial<ApiError> | undefined;
    const message = typeof body?.message === 'string' ? body.message : undefined;
    throw new ApiRequestError(response.status, message ?? `${response.status} ${response.statusText}`);
  }
  return (await response.json()) as Body;
}

export function getJson<Body>(path: string, signal?: AbortSignal): Promise<Body> {
  return request<Body>('GET', path, { signal });
}

/** POST or DELETE with the CSRF header (and a JSON body when given). */
export function sendJson<Body>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<Body> {
  return request<Body>(method, path, { body });
}

export function fetchTopology(signal?: AbortSignal): Promise<TopologyResponse> {
  return getJson<TopologyResponse>(TOPOLOGY_PATH, signal);
}

/**
 * `/api/objects/:cluster/:kind/:namespace/:name`, namespace `_` for cluster-scoped kinds.
 * A node the server did not tag with its cluster belongs to the only cluster there is.
 */
function objectPath(node: TopologyNode, fallbackCluster: string): string {
  // The key's kind: `Kind.group` for kinds gatemap does not read itself (policies of discovered kinds).
  const kind = node.key.slice(0, node.key.indexOf('/'));
  const parts = [node.cluster ?? fallbackCluster, kind, node.namespace ?? '_', node.name];
  return `/api/objects/${parts.map(encodeURIComponent).join('/')}`;
}

export function fetchObject(
  node: TopologyNode,
  fallbackCluster: string,
  signal?: AbortSignal,
): Promise<ObjectResponse> {
  return getJson<ObjectResponse>(objectPath(node, fallbackCluster), signal);
}
