/**
 * Prints how long the analyzer takes and how much memory it needs on generated estates of 1k,
 * 10k and 50k HTTPRoutes: full analysis (engine + topology graph), peak memory, and the cost of
 * re-analyzing after one object changes. Each size runs in its own process so memory figures
 * are not mixed. Run: pnpm bench:analyze [sizes...]
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { decodeObject, TopologyEngine, TopologyView, type Change, type DecodedObject } from '../src/index.ts';
import { generateObjects } from './generate-topology.ts';

const [mode, sizeArg] = process.argv.slice(2);

if (mode === '--child') {
  measure(Number(sizeArg));
} else {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((size) => size > 0);
  console.log(
    'gatemap analyze benchmark (each size in a fresh process with the V8 flags of `gatemap analyze`; times in ms)',
  );
  console.log(
    'heap MB: live heap after analysis (input objects included); by analysis: its growth over the decoded input;',
  );
  console.log('peak RSS MB: the whole process, sampled every 5 ms while analyzing (before: after decoding)');
  console.log(
    'routes   objects   analyze   graph    total   heap MB  by analysis  peak RSS MB  (before)   change p50  change p99  changes',
  );
  for (const size of sizes.length > 0 ? sizes : [1000, 10000, 50000]) {
    const child = spawnSync(
      process.execPath,
      // V8's young generation capped as `gatemap analyze` and `gatemap serve` run (bin/gatemap.js).
      ['--expose-gc', '--max-semi-space-size=16', import.meta.filename, '--child', String(size)],
      { encoding: 'utf8' },
    );
    process.stdout.write(child.stdout);
    if (child.status !== 0) {
      process.stderr.write(child.stderr);
      process.exit(1);
    }
  }
}

function measure(size: number): void {
  // Each generated object is decoded as it comes and then dropped, as a server keeps only the
  // decoded ones.
  const changes: Change[] = [];
  for (const item of generateObjects(size)) {
    const decoded = decodeObject(item);
    if (!decoded.ok || !('value' in decoded)) throw new Error('generator produced an invalid object');
    changes.push({ type: 'upsert', object: decoded.value });
  }
  global.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
  const timer = setInterval(sample, 5);

  const start = performance.now();
  const engine = new TopologyEngine();
  engine.apply(changes);
  const analyzed = performance.now();
  const view = new TopologyView(engine);
  view.snapshot();
  const done = performance.now();
  sample();
  clearInterval(timer);
  global.gc?.();
  const heap = process.memoryUsage().heapUsed / 1e6;
  const analysisHeap = heap - baseline.heapUsed / 1e6;

  // One object changed: alternately a Route's backend weights, a Service removed and restored,
  // and a Route moved to another listener; engine + graph delta, as the live server does.
  const routes = changes.filter(
    (change): change is Extract<Change, { type: 'upsert' }> =>
      change.type === 'upsert' && change.object.info.kind === 'HTTPRoute',
  );
  const services = changes.filter(
    (change): change is Extract<Change, { type: 'upsert' }> =>
      change.type === 'upsert' && change.object.info.kind === 'Service',
  );
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    const route = routes[(i * 7919) % routes.length]!.object;
    const service = services[(i * 104729) % services.length]!.object;
    let batch: Change[];
    if (i % 3 === 0) batch = [{ type: 'upsert', object: reweighted(route, i) }];
    else if (i % 3 === 1) batch = [{ type: 'delete', key: service.key }];
    else batch = [{ type: 'upsert', object: service }];
    const t0 = performance.now();
    const changeSet = engine.apply(batch);
    view.update(changeSet);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!;
  const row = [
    String(size).padStart(6),
    String(changes.length).padStart(9),
    (analyzed - start).toFixed(0).padStart(9),
    (done - analyzed).toFixed(0).padStart(7),
    (done - start).toFixed(0).padStart(8),
    heap.toFixed(0).padStart(9),
    analysisHeap.toFixed(0).padStart(12),
    (peakRss / 1e6).toFixed(0).padStart(12),
    `(${(baseline.rss / 1e6).toFixed(0)})`.padStart(9),
    pct(50).toFixed(2).padStart(12),
    pct(99).toFixed(2).padStart(11),
    String(samples.length).padStart(8),
  ];
  console.log(row.join(' '));
}

function reweighted<Decoded extends DecodedObject>(route: Decoded, i: number): Decoded {
  const object = structuredClone(route.object) as {
    spec: { rules: { backendRefs: { weight?: number }[] }[] };
  } & Decoded['object'];
  const refs = object.spec.rules[0]!.backendRefs;
  refs[0]!.weight = 50 + (i % 50);
  return { ...route, object };
}
