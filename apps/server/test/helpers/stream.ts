/**
 * `GET /api/stream` as a test reads it: the server-sent events as frames (event, id, data), what
 * a frame brings (its delta, its nodes), and waits for the first frame that passes a test.
 */
import type { StreamDelta, TopologyNode, TopologyResponse } from '@gatemap/topology';
import type { RunningServer } from './run-server.ts';

export interface Frame {
  readonly event: string;
  readonly id?: string;
  readonly data: string;
}

/** The frames of an event stream's body, as they arrive; comments (heartbeats) are skipped. */
export async function* sseFrames(body: AsyncIterable<Uint8Array>): AsyncGenerator<Frame> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const raw = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      let id: string | undefined;
      let data = '';
      for (const line of raw.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data !== '') yield { event, ...(id === undefined ? {} : { id }), data };
    }
  }
}

/** The delta a frame carries; undefined for a frame of another event. */
export function deltaOf(frame: Frame): StreamDelta | undefined {
  return frame.event === 'delta' ? (JSON.parse(frame.data) as StreamDelta) : undefined;
}

/** A test of frames that passes a delta for which `test` holds. */
export const deltaWith =
  (test: (delta: StreamDelta) => boolean) =>
  (frame: Frame): boolean => {
    const delta = deltaOf(frame);
    return delta !== undefined && test(delta);
  };

/** The nodes a frame brings: every node of a snapshot, those a delta upserts, none of another event. */
export function nodesOf(frame: Frame): readonly TopologyNode[] {
  if (frame.event === 'snapshot') return (JSON.parse(frame.data) as TopologyResponse).nodes;
  return deltaOf(frame)?.upsertNodes ?? [];
}

export interface OpenStream {
  /** Every frame received so far. */
  readonly frames: Frame[];
  close(): void;
  /**
   * The first frame that passes `test`, waiting up to the timeout; `what` names it in the error.
   * With `inOrder`, each wait looks only at the frames after the one the wait before it found.
   */
  until(test: (frame: Frame) => boolean, what: string): Promise<Frame>;
}

export async function openStream(
  server: RunningServer,
  options: { readonly lastEventId?: string; readonly timeoutMs?: number; readonly inOrder?: boolean } = {},
): Promise<OpenStream> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const abort = new AbortController();
  const response = await server.fetch('/api/stream', {
    signal: abort.signal,
    headers: options.lastEventId ? { 'last-event-id': options.lastEventId } : {},
  });
  const frames: Frame[] = [];
  const listeners = new Set<() => void>();
  void (async () => {
    for await (const frame of sseFrames(response.body!)) {
      frames.push(frame);
      for (const notify of listeners) notify();
    }
  })().catch(() => undefined);
  let cursor = 0;
  const until = (test: (frame: Frame) => boolean, what: string) =>
    new Promise<Frame>((resolve, reject) => {
      let from = options.inOrder ? cursor : 0;
      const check = () => {
        for (; from < frames.length; from++) {
          const frame = frames[from]!;
          if (!test(frame)) continue;
          listeners.delete(check);
          clearTimeout(timer);
          cursor = from + 1;
          resolve(frame);
          return;
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        const got = frames.map((frame) => frame.event).join(', ');
        reject(new Error(`stream: no ${what} within ${timeoutMs / 1000} s; got ${got}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  return { frames, close: () => abort.abort(), until };
}
