/**
 * The frames of `GET /api/stream` (Server-Sent Events), encoded in one place: every event the
 * server sends and the map listens for is named in `StreamEvents`, with the data it carries.
 * Data is one line of JSON (JSON.stringify writes no newline), so a frame has one `data:` field.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
import type { ClustersResponse, StreamDelta, TopologyResponse } from './api.ts';
import type { HistoryEntry } from './history.ts';

/** The stream's events by name, with the data each carries. */
export interface StreamEvents {
  /** The whole topology: first, and again after a reset or a restart of the server. */
  readonly snapshot: TopologyResponse;
  /** What changed since the previous revision. */
  readonly delta: StreamDelta;
  /** A cluster's sync state changed. */
  readonly clusters: ClustersResponse;
  /** New history entries of a cluster, oldest first (a share link's scoped, see share-history.ts). */
  readonly history: { readonly entries: readonly HistoryEntry[] };
  /** The share link was revoked or has expired; the server ends the stream after it. */
  readonly revoked: { readonly message: string };
}

export type StreamEventName = keyof StreamEvents;

/** An event as an SSE frame; `id` is what a reconnecting client sends back as Last-Event-ID. */
export function streamFrame<Name extends StreamEventName>(frame: {
  readonly event: Name;
  readonly data: StreamEvents[Name];
  readonly id?: string;
}): string {
  const id = frame.id === undefined ? '' : `id: ${frame.id}\n`;
  return `${id}event: ${frame.event}\ndata: ${JSON.stringify(frame.data)}\n\n`;
}

/** A comment that keeps idle connections (and proxies in between) open. */
export const STREAM_HEARTBEAT = ': ping\n\n';

/** Tells the client how long to wait before reconnecting. */
export function streamRetryFrame(milliseconds: number): string {
  return `retry: ${milliseconds}\n\n`;
}
