/**
 * Memory of `gatemap serve` with stream clients that never read: RSS before, with N such clients
 * connected (each from its own loopback address) while the topology changes, and after they are
 * gone; with the statuses the server answered and its stream metrics.
 * Run: pnpm bench:stream-clients [--routes N] [--clients N] [--changes N] and any of serve's
 * --stream-budget MIB, --streams-per-credential N, --streams-per-address N.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateTopology } from '../../../packages/topology/bench/generate-topology.ts';
import { memoryOf, openIdleStreams } from '../test/helpers/idle-streams.ts';
import { startServer, waitReady } from '../test/helpers/run-server.ts';

const { values } = parseArgs({
  options: {
    routes: { type: 'string', default: '3000' },
    clients: { type: 'string', default: '50' },
    changes: { type: 'string', default: '20' },
    'stream-budget': { type: 'string' },
    'streams-per-credential': { type: 'string' },
    'streams-per-address': { type: 'string' },
  },
});
const ROUTES = Number(values.routes);
const CLIENTS = Number(values.clients);
const CHANGES = Number(values.changes);
const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dir = mkdtempSync(join(tmpdir(), 'gatemap-stream-bench-'));
const objects = generateTopology(ROUTES) as { kind: string; metadata: { labels?: Record<string, string> } }[];
const write = (round: number) => {
  // Each round relabels a few Routes, so that every round publishes a delta.
  const items = objects.map((item, index) =>
    item.kind === 'HTTPRoute' && index % 50 === 0
      ? { ...item, metadata: { ...item.metadata, labels: { ...item.metadata.labels, round: String(round) } } }
      : item,
  );
  writeFileSync(join(dir, 'estate.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
};
write(0);
const limitFlags = (['stream-budget', 'streams-per-credential', 'streams-per-address'] as const).flatMap(
  (flag) => (values[flag] === undefined ? [] : [`--${flag}`, values[flag]]),
);
const server = await startServer(['-f', dir, ...limitFlags]);
try {
  await waitReady(server.url);
  const pid = server.process.pid!;
  const port = Number(new URL(server.url).port);
  await sleep(2000);
  const before = memoryOf(pid);
  const snapshotBytes = (await (await server.fetch('/api/topology')).text()).length;
  const streams = await openIdleStreams({
    port,
    token: server.adminToken,
    count: CLIENTS,
    ownAddresses: true,
  });
  for (let round = 1; round <= CHANGES; round++) {
    write(round);
    await sleep(250);
  }
  await sleep(3000);
  const during = memoryOf(pid);
  const metrics = await (await server.fetch('/metrics')).text();
  const metric = (name: string) => new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1];
  for (const stream of streams) stream.socket.destroy();
  await sleep(5000);
  const after = memoryOf(pid);
  const statuses = new Map<number, number>();
  for (const stream of streams) statuses.set(stream.status, (statuses.get(stream.status) ?? 0) + 1);
  console.log(
    `estate: ${ROUTES} HTTPRoutes, admin snapshot ${MB(snapshotBytes)}; ${CLIENTS} clients that never read, ${CHANGES} changes`,
  );
  console.log(`answers: ${[...statuses].map(([status, count]) => `${count}× ${status}`).join(', ')}`);
  console.log(`RSS before clients: ${MB(before.rss)}`);
  console.log(`RSS with clients:   ${MB(during.rss)} (peak ${MB(during.peak)})`);
  console.log(`RSS 5 s after they closed: ${MB(after.rss)}`);
  console.log(
    `stream clients (metric): ${metric('gatemap_stream_clients')}; buffered bytes (metric): ${metric('gatemap_stream_buffered_bytes') ?? 'n/a'}; closed to keep the budget (metric): ${metric('gatemap_stream_reclaimed_total') ?? 'n/a'}`,
  );
} finally {
  await server.stop();
}
