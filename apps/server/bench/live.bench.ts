/**
 * Measures the live path against a real API server (scripts/cluster, cluster `gatemap-bench`):
 *  1. latency from a write to the API server until its delta reaches a stream client
 *     (p50, p99 over 1,000 writes), with `gatemap serve` running as its own process;
 *  2. initial sync time with 10,000 HTTPRoutes in the API server, and the server's memory once
 *     that sync has settled: RSS (and its peak), V8 heap used and reserved, external memory.
 * Run: pnpm bench:live [--writes N] [--routes N] [--no-history] (history is on, as serve's default)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer, waitReady } from '../test/helpers/run-server.ts';

const ROOT = join(import.meta.dirname, '../../..');
const { values } = parseArgs({
  options: {
    writes: { type: 'string', default: '1000' },
    routes: { type: 'string', default: '10000' },
    cluster: { type: 'string', default: 'gatemap-bench' },
    'no-history': { type: 'boolean', default: false },
  },
});
const WRITES = Number(values.writes);
const SETTLE_MS = 5_000;
const ROUTES = Number(values.routes);

const up = spawnSync('bash', [join(ROOT, 'scripts/cluster/up.sh'), '--name', values.cluster], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (up.status !== 0) throw new Error('cannot start the control plane');
const kubeconfig = up.stdout.trim().split('\n').at(-1)!;
const env = Object.fromEntries(
  readFileSync(join(kubeconfig, '..', 'env'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => [
      line.slice(0, line.indexOf('=')),
      line.slice(line.indexOf('=') + 1).replace(/^'|'$/g, ''),
    ]),
);
const ca = readFileSync(env['CA_FILE']!);
const server = new URL(env['SERVER']!);

function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: server.hostname,
        port: server.port,
        path,
        method,
        ca,
        agent: keepAlive,
        headers: {
          authorization: `Bearer ${env['ADMIN_TOKEN']}`,
          'content-type': 'application/json',
          ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
const keepAlive = new Agent({ keepAlive: true, maxSockets: 16 });

const run = `b${Date.now().toString(36)}`;
const GW = 'gateway.networking.k8s.io';
/** The peak RSS of a process (Linux: VmHWM), or undefined where /proc does not tell. */
function peakResidentMegabytes(pid: number | undefined): number | undefined {
  try {
    const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kilobytes === undefined ? undefined : (Number(kilobytes) * 1024) / 1e6;
  } catch {
    return undefined;
  }
}
async function create(path: string, object: unknown): Promise<void> {
  const response = await api('POST', path, object);
  if (response.status >= 300)
    throw new Error(`POST ${path}: ${response.status} ${response.body.slice(0, 300)}`);
}
async function inParallel<Item>(
  items: readonly Item[],
  limit: number,
  work: (item: Item) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

// A namespace for this run, with a Gateway and a Service the Routes attach to.
const namespace = `${run}-ns`;
await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
await create(`/apis/${GW}/v1/gatewayclasses`, {
  apiVersion: `${GW}/v1`,
  kind: 'GatewayClass',
  metadata: { name: `${run}-class` },
  spec: { controllerName: 'example.com/bench' },
});
await create(`/apis/${GW}/v1/namespaces/${namespace}/gateways`, {
  apiVersion: `${GW}/v1`,
  kind: 'Gateway',
  metadata: { name: 'gw' },
  spec: { gatewayClassName: `${run}-class`, listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
});
await create(`/api/v1/namespaces/${namespace}/services`, {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'svc' },
  spec: { ports: [{ port: 80 }] },
});
const route = (name: string) => ({
  apiVersion: `${GW}/v1`,
  kind: 'HTTPRoute',
  metadata: { name },
  spec: {
    parentRefs: [{ name: 'gw' }],
    hostnames: [`${name}.example.com`],
    rules: [{ backendRefs: [{ name: 'svc', port: 80 }] }],
  },
});

// ---- 1. write → stream latency -------------------------------------------------------------
const historyArgs = values['no-history'] ? ['--no-history'] : [];
console.log(`history: ${values['no-history'] ? 'off' : 'on'}`);
const serve = await startServer(['--kubeconfig', kubeconfig, ...historyArgs]);
await waitReady(serve.url, 120_000);
const arrivals = new Map<string, number>();
const waiting = new Map<string, (time: number) => void>();
const streamAbort = new AbortController();
const stream = await serve.fetch('/api/stream', { signal: streamAbort.signal });
void (async () => {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of stream.body!) {
    const now = performance.now();
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      // Only this run's namespace: the cluster may still hold Routes of earlier runs.
      for (const match of frame.matchAll(new RegExp(`"id":"HTTPRoute/${namespace}/(lat-\\d+)"`, 'g'))) {
        const name = match[1]!;
        if (arrivals.has(name)) continue;
        arrivals.set(name, now);
        waiting.get(name)?.(now);
      }
    }
  }
})().catch(() => undefined);
const latencies: number[] = [];
for (let i = 0; i < WRITES; i++) {
  const name = `lat-${i}`;
  const arrived = new Promise<number>((resolve) => waiting.set(name, resolve));
  const started = performance.now();
  await create(`/apis/${GW}/v1/namespaces/${namespace}/httproutes`, route(name));
  let timer: NodeJS.Timeout | undefined;
  const at = await Promise.race([
    arrived,
    new Promise<number>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${name} did not reach the stream within 10 s`)), 10_000);
    }),
  ]);
  clearTimeout(timer);
  latencies.push(at - started);
}
streamAbort.abort();
await serve.stop();
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
console.log(
  `write → stream latency over ${latencies.length} writes: p50 ${pct(50).toFixed(1)} ms, p90 ${pct(90).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms (target p99 < 100 ms)`,
);

// ---- 2. initial sync of many Routes --------------------------------------------------------
const existing = WRITES;
const names = Array.from({ length: Math.max(0, ROUTES - existing) }, (_, i) => `sync-${i}`);
const createStarted = performance.now();
await inParallel(names, 16, (name) =>
  create(`/apis/${GW}/v1/namespaces/${namespace}/httproutes`, route(name)),
);
console.log(
  `created ${names.length} more HTTPRoutes (${ROUTES} in the namespace) in ${((performance.now() - createStarted) / 1000).toFixed(1)} s`,
);
const syncStarted = performance.now();
const synced = await startServer(['--kubeconfig', kubeconfig, ...historyArgs]);
await waitReady(synced.url, 300_000);
const syncSeconds = (performance.now() - syncStarted) / 1000;
// Memory a few seconds after the sync, as a running server holds it (no collection is forced).
await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
const metrics = await (await synced.fetch('/metrics')).text();
const megabytes = (name: string) =>
  Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1] ?? Number.NaN) / 1e6;
const routes = Number(/gatemap_objects\{cluster="[^"]+",kind="HTTPRoute"\} (\d+)/.exec(metrics)?.[1] ?? 0);
const peakRss = peakResidentMegabytes(synced.process.pid);
await synced.stop();
console.log(
  `initial sync of ${routes} HTTPRoutes (process start to /readyz): ${syncSeconds.toFixed(2)} s (target < 5 s)`,
);
console.log(
  `server memory ${SETTLE_MS / 1000} s after that sync: RSS ${megabytes('gatemap_process_resident_memory_bytes').toFixed(0)} MB (target < 300 MB)` +
    `${peakRss === undefined ? '' : `, peak RSS ${peakRss.toFixed(0)} MB`}; V8 heap used ${megabytes('gatemap_process_heap_used_bytes').toFixed(0)} MB` +
    ` of ${megabytes('gatemap_process_heap_total_bytes').toFixed(0)} MB reserved; external ${megabytes('gatemap_process_external_memory_bytes').toFixed(0)} MB`,
);
keepAlive.destroy();
console.log(
  `(cluster ${values.cluster} keeps running; stop it with pnpm cluster:down --name ${values.cluster})`,
);
