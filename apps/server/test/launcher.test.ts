/**
 * bin/gatemap.js: how `gatemap serve` and `gatemap analyze` are started. /proc shows the flags a
 * process runs with.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './helpers/run-server.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function commandLine(pid: number | undefined): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
}

describe.skipIf(process.platform !== 'linux')('gatemap serve', () => {
  it("caps V8's young generation, in the same process", async () => {
    server = await startServer(['--demo']);
    expect(commandLine(server.process.pid)).toContain('--max-semi-space-size=16');
    expect((await server.fetch('/healthz')).ok).toBe(true);
  });

  it('keeps a young generation size given in NODE_OPTIONS', async () => {
    server = await startServer(['--demo'], { NODE_OPTIONS: '--max-semi-space-size=8' });
    expect(commandLine(server.process.pid).some((arg) => arg.startsWith('--max-semi-space-size'))).toBe(
      false,
    );
    expect((await server.fetch('/healthz')).ok).toBe(true);
  });
});

describe.skipIf(process.platform !== 'linux')('gatemap analyze', () => {
  it("caps V8's young generation too, in the same process", async () => {
    // Reading stdin, it waits for its input: long enough to look at its command line.
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, '../bin/gatemap.js'), 'analyze', '-f', '-'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '' },
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let flags: string[] = [];
    for (let attempt = 0; attempt < 100 && !flags.includes('--max-semi-space-size=16'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      flags = commandLine(child.pid);
    }
    child.stdin.end('apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n');
    expect(flags).toContain('--max-semi-space-size=16');
    expect(await exited).toBe(0);
  });
});
