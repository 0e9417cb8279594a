/**
 * Talks to the ELK worker: one worker for the page, created on first use; each request gets its
 * answer by id. Where workers do not exist (tests, old browsers) it rejects and the map keeps the
 * own layout. A request that is given up on (aborted) ends the worker: ELK cannot be interrupted,
 * and a layout nobody waits for would otherwise keep a core busy while the map is being used.
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { ElkRequest, ElkResponse } from './elk-worker.ts';

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (graph: ElkNode) => void; reject: (error: Error) => void }>();

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./elk-worker.ts', import.meta.url), { type: 'module', name: 'elk-layout' });
  worker.onmessage = (event: MessageEvent<ElkResponse>) => {
    const entry = pending.get(event.data.id);
    if (!entry) return;
    pending.delete(event.data.id);
    if ('error' in event.data) entry.reject(new Error(event.data.error));
    else entry.resolve(event.data.graph);
  };
  worker.onerror = (event) => stopWorker(new Error(event.message || 'ELK worker failed'));
  return worker;
}

/** Ends the worker and fails whatever it still had to do; the next request starts a new one. */
function stopWorker(error: Error): void {
  for (const entry of pending.values()) entry.reject(error);
  pending.clear();
  worker?.terminate();
  worker = undefined;
}

export function layoutWithElk(graph: ElkNode, signal?: AbortSignal): Promise<ElkNode> {
  if (typeof Worker === 'undefined') return Promise.reject(new Error('no Web Worker support'));
  if (signal?.aborted) return Promise.reject(new Error('ELK layout aborted'));
  const id = (nextId += 1);
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    getWorker().postMessage({ id, graph } satisfies ElkRequest);
    signal?.addEventListener(
      'abort',
      () => {
        if (pending.has(id)) stopWorker(new Error('ELK layout aborted'));
      },
      { once: true },
    );
  });
}
