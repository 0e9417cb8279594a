/**
 * What history costs the live path, in one process with gatemap's server on a loopback port:
 *  1. the stream's latency from a change applied by the hub until its delta frame reaches a
 *     stream client (p50, p99 over N writes that each flip a Route), with history off and on;
 *  2. history's cost per change: recording (object diffs, verdicts) and writing (SQLite),
 *     and the storage 10,000 changes take;
 *  3. a burst of 10,000 changes in one apply (a big chart applied): the delta's latency, when
 *     its history frame follows, and what recording and writing it cost.
 * Run: pnpm bench:history [--routes N] [--writes N] [--burst N]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import { ShareStore } from '../src/access/share-store.ts';
import { HistoryService } from '../src/history/history-service.ts';
import { buildServer } from '../src/server.ts';
import { createManualSource } from '../src/sources/manual-source.ts';
import { TopologyHub } from '../src/topology-hub.ts';

const { values } = parseArgs({
  options: {
    routes: { type: 'string', default: '10000' },
    writes: { type: 'string', default: '1000' },
    burst: { type: 'string', default: '10000' },
  },
});
const ROUTES = Number(values.routes);
const WRITES = Number(values.writes);
const BURST = Math.min(Number(values.burst), ROUTES);
const ADMIN = 'gma_history_bench_token';

const route = (index: number, section: string, round = 0) =>
  httpRoute({
    name: `r-${index}`,
    namespace: 'bench',
    labels: { round: String(round) },
    parentRefs: [{ name: 'gw', sectionName: section }],
    backends: ['svc:80'],
  });
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

interface Frames {
  /** When the next frame of `event` reached the client (performance.timeOrigin + now, in ms). */
  next(event: string): Promise<number>;
  /** Forgets the frames that arrived and were not waited for. */
  skip(): void;
  close(): Promise<void>;
}

/**
 * A stream client in a worker thread, with an event loop of its own (as a browser has): a frame
 * is timed when it arrives, not when the server's thread is next free to look.
 */
function openStream(url: string): Frames {
  const worker = new Worker(new URL(import.meta.url), { workerData: { url } });
  const waiting: { event: string; resolve: (at: number) => void }[] = [];
  const arrived: { event: string; at: number }[] = [];
  worker.on('message', (frame: { event: string; at: number }) => {
    const index = waiting.findIndex((wait) => wait.event === frame.event);
    if (index >= 0) waiting.splice(index, 1)[0]!.resolve(frame.at);
    else arrived.push(frame);
  });
  return {
    next: (event) => {
      const index = arrived.findIndex((frame) => frame.event === event);
      if (index >= 0) return Promise.resolve(arrived.splice(index, 1)[0]!.at);
      return new Promise((resolve) => waiting.push({ event, resolve }));
    },
    skip: () => {
      arrived.length = 0;
    },
    close: async () => {
      await worker.terminate();
    },
  };
}

async function readStream(url: string): Promise<void> {
  const response = await fetch(new URL('/api/stream', url), {
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body!) {
    const at = performance.timeOrigin + performance.now();
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = /^event: (\S+)$/m.exec(buffer.slice(0, end))?.[1];
      buffer = buffer.slice(end + 2);
      if (event) parentPort!.postMessage({ event, at });
    }
  }
}

const now = () => performance.timeOrigin + performance.now();

async function measure(withHistory: boolean) {
  const source = createManualSource('bench');
  const history = withHistory
    ? new HistoryService({
        path: join(mkdtempSync(join(tmpdir(), 'gatemap-history-bench-')), 'history.sqlite'),
      })
    : undefined;
  const hub = new TopologyHub(history ? { history } : {});
  const server = await buildServer({
    hub,
    sources: [source],
    logLevel: 'silent',
    access: { adminToken: ADMIN, store: new ShareStore(':memory:') },
  });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  source.upsert(
    gatewayClass(),
    gateway({ name: 'gw', namespace: 'bench', listeners: [{ name: 'http' }] }),
    service({ name: 'svc', namespace: 'bench' }),
    ...Array.from({ length: ROUTES }, (_, index) => route(index, 'http')),
  );
  source.markSynced();
  const stream = openStream(url);
  await stream.next('snapshot');

  const reset = () =>
    history && Object.assign(history.stats, { recordMs: 0, writeMs: 0, entries: 0, versions: 0 });
  reset();
  const latencies: number[] = [];
  const bytesBefore = history?.store.usedBytes() ?? 0;
  for (let write = 1; write <= WRITES; write++) {
    const delta = stream.next('delta');
    const started = now();
    // Each write moves one Route to a listener that does not exist and back: its Accepted flips.
    source.upsert(route(write % ROUTES, write % 2 ? 'nope' : 'http', write));
    latencies.push((await delta) - started);
  }
  history?.flush();
  const writes = history ? { ...history.stats, bytes: history.store.usedBytes() - bytesBefore } : undefined;

  let burst: Record<string, number> | undefined;
  reset();
  const burstBytes = history?.store.usedBytes() ?? 0;
  history?.settle();
  await new Promise((resolve) => setTimeout(resolve, 200));
  stream.skip();
  const delta = stream.next('delta');
  const historyFrame = history ? stream.next('history') : undefined;
  const started = now();
  source.upsert(...Array.from({ length: BURST }, (_, index) => route(index, 'http', WRITES + 1)));
  const deltaAt = (await delta) - started;
  const historyAt = historyFrame ? (await historyFrame) - started : undefined;
  if (history) {
    history.flush();
    burst = {
      deltaMs: deltaAt,
      historyFrameMs: historyAt ?? 0,
      recordMs: history.stats.recordMs,
      writeMs: history.stats.writeMs,
      entries: history.stats.entries,
      bytes: history.store.usedBytes() - burstBytes,
    };
  }
  await stream.close();
  await server.close();
  history?.close();
  latencies.sort((left, right) => left - right);
  return {
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    writes,
    burst,
    burstDeltaMs: deltaAt,
  };
}

if (!isMainThread) await readStream((workerData as { url: string }).url);
else {
  const off = await measure(false);
  const on = await measure(true);
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  console.log(
    `history bench: ${ROUTES} Routes, ${WRITES} writes (each flips a Route), a burst of ${BURST}\n`,
  );
  console.log('stream latency, change applied → delta frame at the client');
  console.log(`  history off   p50 ${ms(off.p50)}   p99 ${ms(off.p99)}`);
  console.log(`  history on    p50 ${ms(on.p50)}   p99 ${ms(on.p99)}`);
  if (on.writes) {
    const changes = WRITES;
    const perChange = (value: number) => `${((value * 1000) / changes).toFixed(0)} µs`;
    console.log(
      `\nhistory per change (${on.writes.entries} entries, ${on.writes.versions} versions for ${changes} changes)`,
    );
    console.log(`  record ${perChange(on.writes.recordMs)}   write ${perChange(on.writes.writeMs)}`);
    console.log(
      `  storage per 10,000 changes: ${(((on.writes.bytes / changes) * 10_000) / 1e6).toFixed(1)} MB`,
    );
  }
  if (on.burst) {
    const b = on.burst;
    console.log(`\nburst of ${BURST} changes in one apply`);
    console.log(
      `  delta at the client: history off ${ms(off.burstDeltaMs)}, on ${ms(b['deltaMs']!)}; history frame after ${ms(b['historyFrameMs']!)}`,
    );
    console.log(
      `  record ${ms(b['recordMs']!)}, write ${ms(b['writeMs']!)} (${b['entries']} entries), storage ${(b['bytes']! / 1e6).toFixed(1)} MB`,
    );
  }
}
