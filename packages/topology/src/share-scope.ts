/**
 * What a read-only share link may see: the objects in its namespaces (optionally only some
 * Routes), the Gateways, ListenerSets and GatewayClasses those Routes attach to, the backends
 * they reference, and the policies whose targets it all sees (share-policies.ts) — so a team sees why its Route is rejected without seeing anyone else's Routes.
 * Other teams' Routes on a shared Gateway are counted (attachedRoutes), never named. Secrets and
 * ConfigMaps are never shown as objects. Findings are shown only when every object they are about
 * (`objects`) is visible, without hints (which may name objects elsewhere). Everything shown, and everything else
 * sent to the link, passes through the scope's `names` (share-names.ts), which keeps the names of
 * objects the link cannot see out of messages, conditions and fields.
 *
 * Ingresses are objects of their namespace: a link shows its namespaces' Ingresses with their
 * migration coverage and the Services they send to, never an IngressClass (cluster-wide, it
 * says nothing the team needs) and never another namespace's Ingress; the coverage messages,
 * which may name Routes and Gateways elsewhere, pass through `names` as everything else does.
 *
 * Cost: O(objects in the scope's namespaces + their edges), never the whole cluster.
 */
import type { Finding } from './findings.ts';
import type { TopologyEdge, TopologyNode, TopologySnapshot } from './protocol.ts';
import { ShareNames } from './share-names.ts';
import { scopePolicies } from './share-policies.ts';

export interface ShareScope {
  readonly namespaces: readonly string[];
  /** Restricts Routes to these, as `namespace/name` (any Route kind). Omitted: every Route in the namespaces. */
  readonly routes?: readonly string[];
}

/** The parts of a topology view the scoping reads. */
export interface ScopeSource {
  nodesIn(namespace: string): readonly TopologyNode[];
  node(id: string): TopologyNode | undefined;
  edgesOf(id: string): readonly TopologyEdge[];
  findingsOf(id: string): readonly Finding[];
}

const ROUTE_KINDS: ReadonlySet<string> = new Set([
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
  'TCPRoute',
  'UDPRoute',
]);
const NEVER_SHOWN: ReadonlySet<string> = new Set(['Secret', 'ConfigMap', 'Namespace', 'IngressClass']);
/** Edges a Route owns, which make their targets visible. */
const ROUTE_EDGES: ReadonlySet<string> = new Set(['parent', 'backend', 'mirror']);

export interface ScopedSnapshot extends TopologySnapshot {
  /** Ids of every visible node (in scope, or related to what is). */
  readonly visible: ReadonlySet<string>;
  /** Ids of the nodes in scope themselves. */
  readonly inScope: ReadonlySet<string>;
  /**
   * Ids of objects in other namespaces that a Route in scope refers to without permission (no
   * ReferenceGrant) and that nothing else makes visible: shown only as the reference the Route
   * wrote — kind, namespace, name — never their details, so that writing a Route cannot reveal
   * another team's objects.
   */
  readonly referenceOnly: ReadonlySet<string>;
  /** The scoping step for anything else sent to the link (object details); the rest has passed it. */
  readonly names: ShareNames;
}

function isSeed(node: TopologyNode, scope: ShareScope): boolean {
  if (NEVER_SHOWN.has(node.kind) || node.ghost) return false;
  if (ROUTE_KINDS.has(node.kind) && scope.routes)
    return scope.routes.includes(`${node.namespace ?? ''}/${node.name}`);
  return true;
}

/** The part of a view a share scope may see. */
export function scopeView(source: ScopeSource, scope: ShareScope): ScopedSnapshot {
  const inScope = new Set<string>();
  for (const namespace of scope.namespaces)
    for (const node of source.nodesIn(namespace)) if (isSeed(node, scope)) inScope.add(node.id);
  const visible = new Set(inScope);
  const edges = new Map<string, TopologyEdge>();
  const permitted = new Set<string>();
  const unpermitted = new Set<string>();
  // Routes in scope show where they attach and what they send traffic to.
  for (const id of inScope) {
    for (const edge of source.edgesOf(id)) {
      if (edge.from !== id || !ROUTE_EDGES.has(edge.type)) continue;
      const target = source.node(edge.to);
      if (target && NEVER_SHOWN.has(target.kind)) continue;
      visible.add(edge.to);
      (edge.missingGrant === true ? unpermitted : permitted).add(edge.to);
      edges.set(edge.id, edge);
    }
  }
  const referenceOnly = new Set<string>();
  for (const id of unpermitted) if (!permitted.has(id) && !inScope.has(id)) referenceOnly.add(id);
  // Visible ListenerSets show their Gateway; visible Gateways show their class.
  for (const id of [...visible]) {
    for (const edge of source.edgesOf(id)) {
      if (edge.type === 'listenerset-parent' && edge.from === id) {
        visible.add(edge.to);
        edges.set(edge.id, edge);
      }
    }
  }
  for (const id of [...visible]) {
    for (const edge of source.edgesOf(id)) {
      if (edge.type === 'class' && edge.to === id && !NEVER_SHOWN.has(source.node(edge.from)?.kind ?? '')) {
        visible.add(edge.from);
        edges.set(edge.id, edge);
      }
    }
  }
  // Policies: only those whose targets the link sees, wherever they live.
  const policies = scopePolicies({
    source,
    namespaces: scope.namespaces,
    ...(scope.routes ? { routes: scope.routes } : {}),
    inScope,
    visible,
    referenceOnly,
  });
  for (const id of policies.hidden) {
    inScope.delete(id);
    visible.delete(id);
  }
  for (const id of [...policies.shown, ...policies.ghosts]) visible.add(id);
  for (const edge of policies.edges) edges.set(edge.id, edge);
  // Other edges between visible nodes that no Route outside the scope owns (e.g. a visible
  // ListenerSet's parent).
  for (const id of inScope) {
    for (const edge of source.edgesOf(id)) {
      if (
        edges.has(edge.id) ||
        edge.type === 'certificate' ||
        edge.type === 'parent' ||
        edge.type === 'backend' ||
        edge.type === 'mirror'
      )
        continue;
      if (visible.has(edge.from) && visible.has(edge.to)) edges.set(edge.id, edge);
    }
  }
  const shownNodes: [TopologyNode, readonly Finding[]][] = [];
  const findings: Finding[] = [];
  // Secrets that visible Gateways use, and Secrets and ConfigMaps that shown findings are about,
  // may be named: the link reads them in those Gateways' YAML anyway.
  const nameable = new Set(visible);
  for (const id of visible) {
    const node = source.node(id);
    if (!node) continue;
    if (referenceOnly.has(id)) {
      shownNodes.push([referenceNode(node), []]);
      continue;
    }
    for (const edge of source.edgesOf(id))
      if (edge.type === 'certificate' && edge.from === id) nameable.add(edge.to);
    const own = source
      .findingsOf(id)
      .filter((item) =>
        item.objects.every((object) => visible.has(object) || /^(Secret|ConfigMap)\//.test(object)),
      );
    const shown = own.map(withoutHints);
    for (const item of shown) for (const object of item.objects) nameable.add(object);
    shownNodes.push([node, shown]);
    for (const item of shown) findings.push(item);
  }
  const names = new ShareNames({
    source,
    namespaces: scope.namespaces,
    ...(scope.routes ? { routes: scope.routes } : {}),
    nameable,
    unnameable: policies.hidden,
  });
  return {
    nodes: shownNodes.map(([node, shown]) => names.scope(redactNode(node, inScope.has(node.id), shown))),
    edges: [...edges.values()].map((edge) => names.scope(withoutGrant(edge, names))),
    findings: findings.map((item) => names.scope(item)),
    visible,
    inScope,
    referenceOnly,
    names,
  };
}

/** A node as the reference to it reads: what it is and where, none of its details. */
function referenceNode(node: TopologyNode): TopologyNode {
  return {
    id: node.id,
    key: node.key,
    ...(node.cluster === undefined ? {} : { cluster: node.cluster }),
    kind: node.kind,
    group: node.group,
    ...(node.namespace === undefined ? {} : { namespace: node.namespace }),
    name: node.name,
    ghost: node.ghost,
    stale: false,
    summary: { type: 'other' },
    predicted: [],
    reported: [],
    findings: 0,
  };
}

function withoutHints(item: Finding): Finding {
  if (!item.hints) return item;
  const { hints: _hints, ...rest } = item;
  return rest;
}

/** A grant the scope cannot name is left off the edge (its text would not be a key). */
function withoutGrant(edge: TopologyEdge, names: ShareNames): TopologyEdge {
  if (edge.grant === undefined || names.canNameKey(edge.grant)) return edge;
  const { grant: _grant, ...rest } = edge;
  return rest;
}

/**
 * Related objects outside the scope are shown without labels (which may say anything about
 * other teams); their finding counts reflect only what is shown.
 */
function redactNode(node: TopologyNode, inScope: boolean, shown: readonly Finding[]): TopologyNode {
  const severity = shown.some((item) => item.severity === 'error')
    ? 'error'
    : shown.some((item) => item.severity === 'warning')
      ? 'warning'
      : shown.length > 0
        ? 'info'
        : undefined;
  const { labels: _labels, severity: _severity, ...rest } = node;
  return {
    ...(inScope ? { ...rest, ...(node.labels ? { labels: node.labels } : {}) } : rest),
    findings: shown.length,
    ...(severity ? { severity } : {}),
  };
}
