/**
 * Generated estates for the end-to-end specs: the estate of `pnpm bench:ui SIZE`
 * (packages/topology/bench/generate-topology.ts with Routes ≈ SIZE / 3: about 1,900 objects for
 * 2,000, 9,600 for 10,000 and 144,000 for 150,000) written to a temporary directory and served by
 * the real server with `gatemap serve -f DIR`.
 *
 * The estate is a worker fixture chosen by the worker option `estateSize`: a spec sets it per
 * `describe` (`test.use({ estateSize: 150_000 })`), Playwright runs each size in its own worker,
 * and the server starts once per worker — the 150k estate loads once, not once per test — and is
 * stopped when the worker moves on to another size.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTopology } from '../packages/topology/bench/generate-topology.ts';
import { serve, test as base, type RunningServer } from './fixtures.ts';

/** A generated estate, served. */
export interface Estate {
  readonly server: RunningServer;
  /** The size asked for (`pnpm bench:ui SIZE`). */
  readonly size: number;
  /** How many objects the server was given. */
  readonly objects: number;
  /** How many Routes among them. */
  readonly routes: number;
  /** The generated namespaces (`app-0` …), in order. */
  readonly namespaces: readonly string[];
}

interface GeneratedObject {
  readonly kind: string;
  readonly metadata: { readonly name: string };
}

/** How long starting the largest estate may take: generation, reading, the first analysis. */
const START_TIMEOUT = 240_000;

/** Writes the estate of `size` to a temporary directory and serves it until the worker ends. */
async function serveEstate(size: number, use: (estate: Estate) => Promise<void>): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'gatemap-estate-'));
  try {
    const routes = Math.round(size / 3);
    const objects = generateTopology(routes) as GeneratedObject[];
    const namespaces = objects.filter((item) => item.kind === 'Namespace').map((item) => item.metadata.name);
    writeFileSync(
      join(directory, 'objects.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
    );
    const server = await serve(['-f', directory], START_TIMEOUT);
    try {
      await use({
        server,
        size,
        objects: objects.length,
        routes,
        namespaces: namespaces.filter((name) => name.startsWith('app-')),
      });
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * The estates of one worker: serves one size at a time, keeping it for every later test that asks
 * for the same size, and stops it when a test asks for another.
 */
class EstateServers {
  #current: { size: number; estate: Promise<Estate>; release: () => void; done: Promise<void> } | undefined;

  async get(size: number): Promise<Estate> {
    if (this.#current?.size !== size) {
      await this.close();
      let release = (): void => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let done = Promise.resolve();
      const estate = new Promise<Estate>((resolve, reject) => {
        done = serveEstate(size, async (served) => {
          resolve(served);
          await released;
        });
        done.catch(reject);
      });
      this.#current = { size, estate, release, done: done.catch(() => undefined) };
    }
    return this.#current.estate;
  }

  async close(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    current?.release();
    await current?.done;
  }
}

/**
 * `test` with the option `estateSize` (default 2,000; set it per `describe` with `test.use`) and
 * the fixture `estate`, served by the worker fixture `estates`.
 */
export const test = base.extend<{ estateSize: number; estate: Estate }, { estates: EstateServers }>({
  estates: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      const servers = new EstateServers();
      await use(servers);
      await servers.close();
    },
    { scope: 'worker' },
  ],
  estateSize: [2_000, { option: true }],
  // Its own timeout: starting the largest estate is not the test's time.
  estate: [
    async ({ estates, estateSize }, use) => use(await estates.get(estateSize)),
    { timeout: START_TIMEOUT },
  ],
});
