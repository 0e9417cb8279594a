/**
 * `gatemap serve` as its own process, with fifty stream clients that never read: its resident
 * memory stays within a stated bound above what it held before they came, and once they are gone
 * it holds no stream data for them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { generateTopology } from '../../../packages/topology/bench/generate-topology.ts';
import { memoryOf, openIdleStreams } from './helpers/idle-streams.ts';
import { startServer, waitReady, type RunningServer } from './helpers/run-server.ts';

/** What fifty clients that never read may add to the server's RSS on this estate. */
const BOUND = 100 * 1024 * 1024;

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('holds fifty clients that never read within a bound, and nothing for them once they are gone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatemap-stream-memory-'));
  const items = generateTopology(3000);
  writeFileSync(join(dir, 'estate.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  server = await startServer(['-f', dir, '--streams-per-credential', '64']);
  await waitReady(server.url);
  const snapshot = (await (await server.fetch('/api/topology')).text()).length;
  expect(snapshot).toBeGreaterThan(5_000_000);
  await sleep(1000);
  const pid = server.process.pid!;
  const before = memoryOf(pid).rss;
  const streams = await openIdleStreams({
    port: Number(new URL(server.url).port),
    token: server.adminToken,
    count: 50,
    ownAddresses: true,
  });
  expect(streams.every((stream) => stream.status === 200)).toBe(true);
  await sleep(2000);
  const during = memoryOf(pid);
  const metric = async (name: string) =>
    Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(await (await server!.fetch('/metrics')).text())?.[1]);
  expect(await metric('gatemap_stream_clients')).toBe(50);
  expect(during.peak - before, `RSS ${before} → peak ${during.peak}`).toBeLessThan(BOUND);
  for (const stream of streams) stream.socket.destroy();
  for (let i = 0; i < 100 && (await metric('gatemap_stream_clients')) > 0; i++) await sleep(50);
  expect(await metric('gatemap_stream_clients')).toBe(0);
  expect(await metric('gatemap_stream_buffered_bytes')).toBe(0);
}, 120_000);
