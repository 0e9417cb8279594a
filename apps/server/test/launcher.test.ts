/**
 * bin/gatemap.js: how `gatemap serve` is started. /proc shows the flags the server runs with.
 */
import { readFileSync } from 'node:fs';
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
