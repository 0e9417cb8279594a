/**
 * Starts `gatemap serve` as a child process on a free port and stops it afterwards; the URL is
 * read from the line the server prints once it listens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  readonly url: string;
  /** The admin token the server was started with. */
  readonly adminToken: string;
  /** fetch against the server with the admin's bearer token. */
  readonly fetch: (path: string, init?: RequestInit) => Promise<Response>;
  readonly process: ChildProcess;
  readonly output: () => string;
  stop(): Promise<void>;
}

const ROOT = join(import.meta.dirname, '../../../..');

export async function startServer(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<RunningServer> {
  const adminToken = env['GATEMAP_ADMIN_TOKEN'] ?? `gma_test_${randomBytes(12).toString('hex')}`;
  const data = args.includes('--data')
    ? []
    : ['--data', join(mkdtempSync(join(tmpdir(), 'gatemap-data-')), 'gatemap.sqlite')];
  const child = spawn(
    process.execPath,
    [join(ROOT, 'apps/server/bin/gatemap.js'), 'serve', '--port', '0', ...data, ...args],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, GATEMAP_ADMIN_TOKEN: adminToken },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`gatemap serve did not start within 30 s:\n${output}`)),
      30_000,
    );
    const check = () => {
      const match = /serving .* on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gatemap serve exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    adminToken,
    fetch: (path, init = {}) =>
      fetch(new URL(path, url), {
        ...init,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(init.headers as Record<string, string> | undefined),
        },
      }),
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** Waits until the server's first sync is done. */
export async function waitReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(new URL('/readyz', url)).catch(() => undefined);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs} ms`);
}
