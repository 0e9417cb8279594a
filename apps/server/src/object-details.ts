/**
 * One object in detail, as `GET /api/objects/…` answers: the object as stored less its
 * bookkeeping, its YAML, the status gatemap predicts and the one reported, its findings and
 * edges. For a share link every part is taken from the link's view (edges without grants it
 * cannot name, findings it may see) and the whole answer passes its scoping step; the reported
 * conditions and the YAML are read from the object as scoped, so all read alike.
 */
import {
  objectPolicies,
  predictStatus,
  scopeObjectPolicies,
  reportedConditions,
  withoutBookkeeping,
  type KubeObject,
  type ObjectKey,
  type ObjectResponse,
} from '@gatemap/topology';
import { stringify } from 'yaml';
import type { LinkScope, TopologyHub } from './topology-hub.ts';

export interface ObjectRequest {
  readonly cluster: string;
  readonly key: ObjectKey;
  /** The share link asking; absent for the admin. */
  readonly link?: LinkScope;
}

/**
 * The object's details; `no-cluster` when the admin names an unknown cluster, undefined when the
 * object is not there or not shared with the link (a link is never told which clusters exist).
 */
export function objectDetails(
  hub: TopologyHub,
  { cluster, key, link }: ObjectRequest,
): ObjectResponse | 'no-cluster' | undefined {
  if (link && cluster !== hub.sharedCluster(link)) return undefined;
  const engine = hub.engineOf(cluster);
  const view = hub.viewOf(cluster);
  if (!engine || !view) return 'no-cluster';
  const decoded = engine.object(key);
  const stored = (decoded ?? engine.unknownObject(key))?.object;
  const node = view.node(key);
  if (!stored || !node) return undefined;
  const wire = (id: string) => hub.wireId(cluster, id);
  const predicted = predictStatus(engine, key);
  const policies = objectPolicies(engine, key);
  if (link) {
    const shared = hub.sharedView(link);
    // An object a Route refers to without permission is shown on the map as that reference
    // only; its details stay with its own namespace.
    if (!shared?.visible.has(key) || shared.referenceOnly.has(key)) return undefined;
    const object = shared.names.scope(
      shared.inScope.has(key) ? withoutBookkeeping(stored) : withoutMetadataNotes(withoutBookkeeping(stored)),
    );
    const { topology } = shared;
    const shownNode = topology.nodes.find((item) => item.id === wire(key)) ?? {
      ...node,
      id: wire(key),
      cluster,
    };
    const scoped = shared.names.scope({
      cluster,
      node: shownNode,
      object,
      ...(predicted ? { predicted } : {}),
      reported: reportedConditions(object),
      findings: topology.findings.filter((item) => item.subject === key),
      edges: topology.edges.filter((edge) => edge.from === wire(key) || edge.to === wire(key)),
      // Policies the link cannot see are left out of stacks; the names that remain are scoped.
      ...(policies
        ? { policies: scopeObjectPolicies(policies, (policy) => shared.visible.has(policy)) }
        : {}),
    });
    return { ...scoped, yaml: toYaml(scoped.object) };
  }
  const object = withoutBookkeeping(stored);
  return {
    cluster,
    node: { ...node, id: wire(node.id), cluster },
    object,
    yaml: toYaml(object),
    ...(predicted ? { predicted } : {}),
    reported: reportedConditions(object),
    ...(policies ? { policies } : {}),
    findings: engine.findingsFor(key),
    edges: view.edgesOf(key).map((edge) => ({
      ...edge,
      id: wire(edge.id),
      from: wire(edge.from),
      to: wire(edge.to),
      cluster,
    })),
  };
}

function toYaml(object: KubeObject): string {
  return stringify(object, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Labels and annotations of objects outside a share scope may say anything about other teams. */
function withoutMetadataNotes(object: KubeObject): KubeObject {
  const { labels: _labels, annotations: _annotations, ...metadata } = object.metadata;
  return { ...object, metadata };
}
