/**
 * Prints what keeping the Ingresses' migration coverage current costs the live graph, on the
 * generated estates of `bench:analyze` with no Ingress, one, and one per ten HTTPRoutes (each
 * the twin of a Route: same host, path and backend, so about half are covered): building the
 * graph, and one object changed (a Route's weights, a Service removed and restored) as the live
 * server applies it (engine + graph delta). A Route change re-judges every Ingress against one
 * new index of the served Routes (ingress-coverage-view.ts). Run: pnpm bench:ingress [sizes...]
 */
import { performance } from 'node:perf_hooks';
import { decodeObject, TopologyEngine, TopologyView, type Change, type DecodedObject } from '../src/index.ts';
import { generateObjects } from './generate-topology.ts';

const SAMPLES = 100;
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((size) => size > 0);

console.log('gatemap Ingress coverage benchmark (times in ms; one change: engine apply + graph update)');
console.log('routes  ingresses   objects   graph build   change p50  change p99  route change p50');
for (const size of sizes.length > 0 ? sizes : [1000, 10000, 50000])
  for (const ingresses of [0, 1, Math.floor(size / 10)]) measure(size, ingresses);

function measure(size: number, ingressCount: number): void {
  const changes: Change[] = [];
  const routes: DecodedObject[] = [];
  const services: DecodedObject[] = [];
  for (const item of generateObjects(size)) {
    const decoded = decodeObject(item);
    if (!decoded.ok || !('value' in decoded)) throw new Error('generator produced an invalid object');
    changes.push({ type: 'upsert', object: decoded.value });
    if (decoded.value.info.kind === 'HTTPRoute') routes.push(decoded.value);
    if (decoded.value.info.kind === 'Service') services.push(decoded.value);
  }
  for (let index = 0; index < ingressCount; index++) {
    const route = routes[(index * 10) % routes.length]!;
    const decoded = decodeObject(twinIngress(route, index));
    if (!decoded.ok || !('value' in decoded)) throw new Error('twin Ingress did not decode');
    changes.push({ type: 'upsert', object: decoded.value });
  }
  const engine = new TopologyEngine();
  engine.apply(changes);
  const start = performance.now();
  const view = new TopologyView(engine);
  view.snapshot();
  const built = performance.now() - start;
  const all: number[] = [];
  const routeChanges: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const route = routes[(i * 7919) % routes.length]!;
    const service = services[(i * 104729) % services.length]!;
    let batch: Change[];
    if (i % 3 === 0) batch = [{ type: 'upsert', object: reweighted(route, i) }];
    else if (i % 3 === 1) batch = [{ type: 'delete', key: service.key }];
    else batch = [{ type: 'upsert', object: service }];
    const t0 = performance.now();
    view.update(engine.apply(batch));
    const took = performance.now() - t0;
    all.push(took);
    if (i % 3 === 0) routeChanges.push(took);
  }
  console.log(
    [
      String(size).padStart(6),
      String(ingressCount).padStart(10),
      String(changes.length).padStart(9),
      built.toFixed(0).padStart(13),
      percentile(all, 50).toFixed(2).padStart(12),
      percentile(all, 99).toFixed(2).padStart(11),
      percentile(routeChanges, 50).toFixed(2).padStart(17),
    ].join(' '),
  );
}

/** An Ingress serving what a Route serves: its first hostname, `/`, its first backend. */
function twinIngress(route: DecodedObject, index: number): unknown {
  const object = route.object as {
    metadata: { namespace?: string };
    spec: { hostnames?: string[]; rules?: { backendRefs?: { name: string; port?: number }[] }[] };
  };
  const backend = object.spec.rules?.[0]?.backendRefs?.[0];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: `ingress-${index}`, namespace: object.metadata.namespace ?? 'default' },
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: object.spec.hostnames?.[0] ?? `twin${index}.example.com`,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: backend?.name ?? 'missing', port: { number: backend?.port ?? 80 } },
                },
              },
            ],
          },
        },
      ],
    },
  };
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function reweighted<Decoded extends DecodedObject>(route: Decoded, i: number): Decoded {
  const object = structuredClone(route.object) as {
    spec: { rules: { backendRefs: { weight?: number }[] }[] };
  } & Decoded['object'];
  const refs = object.spec.rules[0]!.backendRefs;
  refs[0]!.weight = 50 + (i % 50);
  return { ...route, object };
}
