/**
 * Web Worker running ELK layered off the main thread. Receives `{ id, graph }`, answers
 * `{ id, graph }` with positions or `{ id, error }`.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';

export interface ElkRequest {
  readonly id: number;
  readonly graph: ElkNode;
}

export type ElkResponse =
  { readonly id: number; readonly graph: ElkNode } | { readonly id: number; readonly error: string };

// Constructed before `onmessage` is set: inside a worker, ELK's bundle installs its own message
// dispatcher on `self` when it loads, and this module's handler must be the one that stays.
const elk = new ELK();

self.onmessage = (event: MessageEvent<ElkRequest>) => {
  const { id, graph } = event.data;
  elk.layout(graph).then(
    (result) => self.postMessage({ id, graph: result } satisfies ElkResponse),
    (error: unknown) => self.postMessage({ id, error: String(error) } satisfies ElkResponse),
  );
};
