/**
 * The topology of the repository's examples/ (what `gatemap analyze -f examples/` and
 * `serve --demo` show), built with the real analyzer so render tests see real data.
 */
import { parseManifests } from '@gatemap/manifests';
import {
  discoverPolicyKinds,
  ingestManifests,
  TopologyEngine,
  TopologyView,
  type ClusterStatus,
  type TopologyResponse,
} from '@gatemap/topology';

const files = import.meta.glob('../../../../examples/**/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export const EXAMPLE_CLUSTER: ClusterStatus = {
  name: 'demo',
  source: 'demo',
  state: 'synced',
  kinds: [],
};

export function exampleTopology(): TopologyResponse {
  const parsed = Object.entries(files)
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([name, text]) => parseManifests(text, name));
  const ingested = ingestManifests(parsed);
  const engine = new TopologyEngine();
  // Policy kinds from the CRDs among the examples, as the demo reads them.
  const crds = ingested.changes.flatMap((change) =>
    change.type === 'upsert-unknown' && change.object.object.kind === 'CustomResourceDefinition'
      ? [change.object.object]
      : [],
  );
  engine.apply([
    { type: 'policy-kinds', kinds: discoverPolicyKinds(crds).kinds },
    ...ingested.changes,
    { type: 'input-issues', source: 'files', findings: ingested.issues },
  ]);
  const snapshot = new TopologyView(engine).snapshot();
  return {
    revision: 1,
    clusters: [EXAMPLE_CLUSTER],
    nodes: snapshot.nodes.map((node) => ({ ...node, cluster: 'demo' })),
    edges: snapshot.edges.map((edge) => ({ ...edge, cluster: 'demo' })),
    findings: snapshot.findings,
  };
}
