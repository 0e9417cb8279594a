/**
 * The published package (apps/server/scripts/build-package.ts): packed as `pnpm pack` packs it, unpacked into
 * a node_modules as an install puts it, with its dependencies beside it, `gatemap` runs there.
 * Node strips no TypeScript under node_modules, so this is what `npx gatemap` needs.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage } from '../scripts/build-package.ts';

const root = join(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'gatemap-package-'));
const installed = join(work, 'app/node_modules/gatemap');
const webBuilt = existsSync(join(root, 'apps/web/dist/index.html'));

beforeAll(() => {
  buildPackage(join(work, 'package'), { requireWeb: false });
  const packed = spawnSync('pnpm', ['pack', '--pack-destination', work], {
    cwd: join(work, 'package'),
    encoding: 'utf8',
  });
  if (packed.status !== 0) throw new Error(`pnpm pack failed: ${packed.error?.message ?? packed.stderr}`);
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error('pnpm pack made no tarball');
  mkdirSync(installed, { recursive: true });
  const unpacked = spawnSync('tar', ['-xzf', join(work, tarball), '-C', installed, '--strip-components=1']);
  if (unpacked.status !== 0) throw new Error(`tar failed: ${unpacked.stderr}`);
  // Its dependencies, as an install puts them beside it: the workspace's copies.
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const name of Object.keys(manifest.dependencies)) {
    const source = [
      join(root, 'apps/server/node_modules', name),
      join(root, 'packages/topology/node_modules', name),
      join(root, 'packages/manifests/node_modules', name),
    ].find((path) => existsSync(path));
    if (!source) throw new Error(`dependency ${name} is not installed in the workspace`);
    const target = join(work, 'app/node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(realpathSync(source), target);
  }
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function gatemap(args: string[]) {
  return spawnSync(process.execPath, [join(installed, 'bin/gatemap.js'), ...args], {
    cwd: join(work, 'app'),
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}

describe('the published package', () => {
  it('holds JavaScript only, the launcher, the examples and (when built) the map', () => {
    const files = readdirSync(installed, { recursive: true }).map(String);
    expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
    expect(files).toContain(join('lib', 'server', 'cli', 'main.js'));
    expect(files).toContain(join('lib', 'topology', 'index.js'));
    expect(files).toContain(join('bin', 'gatemap.js'));
    expect(files.some((file) => file.startsWith('examples'))).toBe(true);
    if (webBuilt) expect(files).toContain(join('web', 'index.html'));
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@gatemap/'))).toEqual([]);
  });

  it('analyzes the bundled examples from node_modules as the repository does', () => {
    const fromPackage = gatemap(['analyze', '-f', join(installed, 'examples'), '-o', 'json']);
    const fromRepository = spawnSync(
      process.execPath,
      [join(root, 'apps/server/bin/gatemap.js'), 'analyze', '-f', join(installed, 'examples'), '-o', 'json'],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    expect(fromPackage.stderr).toBe('');
    // The examples hold error findings on purpose.
    expect(fromPackage.status).toBe(1);
    expect(fromPackage.stdout).toBe(fromRepository.stdout);
    const { nodes } = JSON.parse(fromPackage.stdout) as { nodes: unknown[] };
    expect(nodes.length).toBeGreaterThan(20);
  });

  it('names its version in SARIF, from the package.json three folders above lib/server/cli', () => {
    const sarif = gatemap(['analyze', '-f', join(installed, 'examples'), '-o', 'sarif']);
    expect(sarif.status).toBe(1);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string };
    const log = JSON.parse(sarif.stdout) as { runs: { tool: { driver: { version?: string } } }[] };
    expect(log.runs[0]!.tool.driver.version).toBe(manifest.version);
  });

  it('serves the demo, and the map when it is built', async () => {
    const child = spawn(
      process.execPath,
      [join(installed, 'bin/gatemap.js'), 'serve', '--demo', '--port', '0'],
      {
        cwd: join(work, 'app'),
        env: { ...process.env, NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /serving demo on (http:\/\/\S+\/)/.exec(output);
          if (match) resolve(match[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
      });
      expect((await fetch(`${url}healthz`)).status).toBe(200);
      if (webBuilt) {
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<!doctype html>');
      }
    } finally {
      child.kill();
    }
  });
});
