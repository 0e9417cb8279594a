/**
 * `gatemap serve` flags for running in a cluster: a bad store name or an unreadable admin-token
 * Secret stop it at once, with a line that says what to change.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';

async function serve(args: string[]): Promise<{ code: number; stderr: string }> {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const code = await main(['serve', ...args], {
    stdout: new PassThrough(),
    stderr,
    stdin: new PassThrough(),
    env: {},
  });
  return { code, stderr: text };
}

describe('gatemap serve stream limits', () => {
  it.each([
    ['--stream-budget', '0'],
    ['--stream-budget', '64MB'],
    ['--streams-per-credential', '0'],
    ['--streams-per-address', '2.5'],
  ])('refuses %s %s with a line naming the flag', async (flag, value) => {
    const result = await serve(['--demo', flag, value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `gatemap serve: ${flag} must be a whole number of at least 1, got "${value}"\n`,
    );
  });
});

describe('gatemap serve history flags', () => {
  it.each([
    ['--history-retention', '2 weeks', 'an age such as 14d, 12h or 30m'],
    ['--history-retention', '0d', 'an age such as 14d, 12h or 30m'],
    ['--history-max-size', 'lots', 'a size of at least 1MiB such as 200MB'],
    ['--history-max-size', '10KB', 'a size of at least 1MiB such as 200MB'],
  ])('refuses %s %s with a line naming the flag', async (flag, value, what) => {
    const result = await serve(['--demo', flag, value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`gatemap serve: ${flag} must be ${what}, got "${value}"\n`);
  });
});

describe('gatemap serve --policy-kinds', () => {
  it.each(['ClientTrafficPolicy', '.gateway.envoyproxy.io', '9Policy.example.com'])(
    'refuses %s with a line naming the flag and the value',
    async (value) => {
      const result = await serve(['--policy-kinds', `BackendTrafficPolicy.gateway.envoyproxy.io,${value}`]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `gatemap serve: --policy-kinds takes Kind.group names (e.g. ClientTrafficPolicy.gateway.envoyproxy.io), got "${value}"\n`,
      );
    },
  );
});

describe('gatemap serve in a cluster', () => {
  it('stops with the file it could not read when the admin-token Secret is missing', async () => {
    const result = await serve(['--demo', '--admin-token-file', '/etc/gatemap/admin/token']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'gatemap serve: cannot read the admin token from /etc/gatemap/admin/token (ENOENT): create the Secret that holds it, or leave the token to be generated\n',
    );
  });

  it('refuses an empty admin token', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gatemap-admin-')), 'token');
    writeFileSync(file, '\n');
    const result = await serve(['--demo', '--admin-token-file', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`the admin token in ${file} is empty`);
  });

  it('names the share-link stores it knows', async () => {
    const result = await serve(['--demo', '--share-store', 'etcd']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('gatemap serve: --share-store must be sqlite or kubernetes, got "etcd"\n');
  });

  it('says why --in-cluster cannot work outside a pod', async () => {
    const saved = process.env['KUBERNETES_SERVICE_HOST'];
    delete process.env['KUBERNETES_SERVICE_HOST'];
    try {
      const result = await serve(['--in-cluster']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^gatemap serve: --in-cluster: .*not running in a pod/);
    } finally {
      if (saved !== undefined) process.env['KUBERNETES_SERVICE_HOST'] = saved;
    }
  });
});
