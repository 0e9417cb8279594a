/**
 * Talks to the ELK worker: one worker for the page, created on first use; each request gets its
 * answer by id. Where workers do not exist (tests, old browsers) it rejects and the map keeps the
 * own layout.
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
  worker.onerror = (event) => {
    for (const entry of pending.values()) entry.reject(new Error(event.message || 'ELK worker failed'));
    pending.clear();
    worker?.terminate();
    worker = undefined;
  };
  return worker;
}

export function layoutWithElk(graph: ElkNode): Promise<ElkNode> {
  if (typeof Worker === 'undefined') return Promise.reject(new Error('no Web Worker support'));
  const id = (nextId += 1);
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    getWorker().postMessage({ id, graph } satisfies ElkRequest);
  });
}
