/**
 * Builders with defaults for the wire shapes (nodes, edges, findings, deltas) in unit tests.
 */
import type { Finding, ObjectKey, StreamDelta, TopologyEdge, TopologyNode } from '@gatemap/topology';

const CLUSTER_SCOPED = new Set(['GatewayClass', 'Namespace']);

export function topologyNode(
  input: Partial<TopologyNode> & { kind: string; name: string; namespace?: string },
): TopologyNode {
  const namespace = CLUSTER_SCOPED.has(input.kind) ? undefined : (input.namespace ?? 'default');
  const id =
    namespace === undefined ? `${input.kind}/${input.name}` : `${input.kind}/${namespace}/${input.name}`;
  return {
    id,
    key: id as ObjectKey,
    group: 'gateway.networking.k8s.io',
    ghost: false,
    stale: false,
    summary: { type: 'other' },
    predicted: [],
    reported: [],
    findings: 0,
    ...input,
    ...(namespace === undefined ? {} : { namespace }),
  };
}

export function topologyEdge(
  input: Partial<TopologyEdge> & Pick<TopologyEdge, 'type' | 'from' | 'to'>,
): TopologyEdge {
  const state = input.state ?? (input.type === 'parent' ? 'accepted' : 'resolved');
  return {
    id: `${input.type}:${input.from}:${input.to}`,
    field: 'spec',
    state,
    reason: state === 'accepted' ? 'Accepted' : state === 'resolved' ? 'ResolvedRefs' : 'Pending',
    message: '',
    source: 'predicted',
    crossNamespace: false,
    ...input,
  };
}

export function topologyFinding(input: Omit<Partial<Finding>, 'subject'> & { subject: string }): Finding {
  return {
    id: `GM304:${input.subject}`,
    code: 'GM304',
    slug: 'reference-not-permitted',
    severity: 'error',
    title: 'Cross-namespace reference without a ReferenceGrant',
    objects: [input.subject as ObjectKey],
    message: 'no grant',
    docs: 'https://gateway-api.sigs.k8s.io/api-types/referencegrant/',
    ...input,
    subject: input.subject as ObjectKey,
  };
}

export function streamDelta(input: Partial<StreamDelta> & { revision: number }): StreamDelta {
  return {
    upsertNodes: [],
    removeNodes: [],
    upsertEdges: [],
    removeEdges: [],
    upsertFindings: [],
    removeFindings: [],
    ...input,
  };
}

/** A small estate: one class, one Gateway with two listeners, two Routes (one rejected), Services. */
export function smallEstate(): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  const gatewayClass = topologyNode({ kind: 'GatewayClass', name: 'example' });
  const gateway = topologyNode({
    kind: 'Gateway',
    namespace: 'infra',
    name: 'web',
    labels: { team: 'platform' },
    summary: {
      type: 'gateway',
      className: 'example',
      listeners: [
        {
          name: 'http',
          protocol: 'HTTP',
          port: 80,
          attachedRoutes: 1,
          supportedKinds: ['HTTPRoute'],
          allowedNamespaces: 'All',
          state: 'ok',
          predicted: [],
          reported: [],
        },
        {
          name: 'https',
          protocol: 'HTTPS',
          port: 443,
          hostname: '*.example.com',
          attachedRoutes: 0,
          supportedKinds: ['HTTPRoute'],
          allowedNamespaces: 'Same',
          state: 'ok',
          predicted: [],
          reported: [],
        },
      ],
    },
  });
  const shop = topologyNode({
    kind: 'HTTPRoute',
    namespace: 'shop',
    name: 'store',
    labels: { team: 'shop' },
  });
  const blog = topologyNode({
    kind: 'HTTPRoute',
    namespace: 'blog',
    name: 'posts',
    severity: 'error',
    findings: 1,
  });
  const shopSvc = topologyNode({ kind: 'Service', namespace: 'shop', name: 'store', group: '' });
  const blogSvc = topologyNode({ kind: 'Service', namespace: 'blog', name: 'posts', group: '' });
  return {
    nodes: [gatewayClass, gateway, shop, blog, shopSvc, blogSvc],
    edges: [
      topologyEdge({ type: 'class', from: gatewayClass.id, to: gateway.id }),
      topologyEdge({
        type: 'parent',
        from: shop.id,
        to: gateway.id,
        listeners: ['http'],
        crossNamespace: true,
      }),
      topologyEdge({
        type: 'parent',
        from: blog.id,
        to: gateway.id,
        listeners: ['https'],
        state: 'rejected',
        reason: 'NotAllowedByListeners',
        crossNamespace: true,
      }),
      topologyEdge({ type: 'backend', from: shop.id, to: shopSvc.id, share: 100, weight: 1 }),
      topologyEdge({ type: 'backend', from: blog.id, to: blogSvc.id, share: 100, weight: 1 }),
    ],
  };
}
