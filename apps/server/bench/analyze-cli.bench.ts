/**
 * `gatemap analyze` as a user runs it on a cluster dump: the generated estates of bench:analyze
 * (1k, 10k, 50k HTTPRoutes) written as one `kind: List` file, in JSON as `kubectl get -o json`
 * writes it and in YAML as `kubectl get -o yaml` does, and as a stream of YAML documents as
 * `helm template` writes a chart (`stream`), analyzed by bin/gatemap.js with each output. Prints wall time (process start to exit: reading, parsing, analysis, output) and peak
 * RSS (VmHWM from /proc, read every 5 ms while it runs). Output goes to /dev/null.
 * Run: pnpm bench:analyze-cli [sizes...] [--yaml-max N]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { generateTopology } from '../../../packages/topology/bench/generate-topology.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'yaml-max': { type: 'string', default: '10000' } },
});
const sizes = positionals.map(Number).filter((size) => size > 0);
const yamlMax = Number(values['yaml-max']);
const BIN = join(import.meta.dirname, '../bin/gatemap.js');
const directory = mkdtempSync(join(tmpdir(), 'gatemap-analyze-bench-'));

interface Run {
  readonly seconds: number;
  readonly peakMb: number;
  readonly code: number | null;
}

async function run(args: string[]): Promise<Run> {
  const start = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let peakKb = 0;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      if (match) peakKb = Math.max(peakKb, Number(match[1]));
    } catch {
      // Exited between two samples.
    }
  };
  const timer = setInterval(sample, 5);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  const seconds = (performance.now() - start) / 1000;
  // 1: the estates hold error findings on purpose; 2 or worse is a failure of the run.
  if (code !== 0 && code !== 1)
    throw new Error(`gatemap analyze ${args.join(' ')} exited ${code}: ${stderr}`);
  return { seconds, peakMb: peakKb / 1024, code };
}

console.log('gatemap analyze on a cluster dump (one kind: List file); wall time in s, peak RSS in MB');
console.log('routes   objects  input  file MB   text: s   MB     json: s   MB     --status -o json: s   MB');
try {
  for (const size of sizes.length > 0 ? sizes : [1000, 10000, 50000]) {
    // As an API server returns them: each object with its uid, resourceVersion and creation time.
    const items = (generateTopology(size) as { metadata: Record<string, unknown> }[]).map((item, index) => ({
      ...item,
      metadata: {
        ...item.metadata,
        uid: `${(index * 2654435761).toString(16).padStart(8, '0').slice(-8)}-1d2b-4c5e-9f00-${String(index).padStart(12, '0')}`,
        resourceVersion: String(100000 + index),
        creationTimestamp: '2026-01-01T00:00:00Z',
      },
    }));
    const list = { apiVersion: 'v1', kind: 'List', items };
    for (const format of ['json', 'yaml', 'stream'] as const) {
      if (format !== 'json' && size > yamlMax) continue;
      const file = join(directory, `estate-${size}.${format === 'json' ? 'json' : 'yaml'}`);
      writeFileSync(
        file,
        format === 'json'
          ? JSON.stringify(list, null, 2)
          : format === 'yaml'
            ? stringify(list)
            : items
                .map((item) => `# Source: estate/templates/objects.yaml\n${stringify(item)}`)
                .join('---\n'),
      );
      const text = await run(['analyze', '-f', file, '--no-color']);
      const json = await run(['analyze', '-f', file, '-o', 'json']);
      const status = await run(['analyze', '-f', file, '--status', '-o', 'json']);
      const cell = (result: Run) =>
        `${result.seconds.toFixed(2).padStart(7)} ${result.peakMb.toFixed(0).padStart(5)}`;
      console.log(
        [
          String(size).padStart(6),
          String(items.length).padStart(9),
          format.padStart(6),
          (statSync(file).size / 1e6).toFixed(1).padStart(8),
          `  ${cell(text)}`,
          `  ${cell(json)}`,
          `              ${cell(status)}`,
        ].join(' '),
      );
      rmSync(file);
    }
  }
  console.log(`(YAML only up to ${yamlMax} Routes; --yaml-max N changes that)`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
