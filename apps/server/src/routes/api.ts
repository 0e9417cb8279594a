/**
 * REST: clusters and their sync state, the whole topology, and one object in detail. Under a
 * share link every response is cut down to what the link may see (see share-scope.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  predictStatus,
  withoutBookkeeping,
  type Condition,
  type GatewayStatus,
  type KubeObject,
  type ParentReference,
  type ObjectKey,
  type ObjectResponse,
  type Route,
} from '@gatemap/topology';
import { stringify } from 'yaml';
import type { Principal } from '../plugins/access.ts';
import type { TopologyHub } from '../topology-hub.ts';

const NAME = '^[A-Za-z0-9]([-A-Za-z0-9_.]{0,251}[A-Za-z0-9])?$';
const KIND = '^[A-Za-z][A-Za-z0-9]{0,62}(\\.[a-z0-9.-]{1,253})?$';

/** The cluster a share link shows. */
export function shareCluster(hub: TopologyHub, principal: Extract<Principal, { role: 'share' }>): string {
  return principal.link.cluster ?? hub.clusterNames()[0] ?? '';
}

export function scopeOf(principal: Extract<Principal, { role: 'share' }>) {
  return {
    namespaces: principal.link.namespaces,
    ...(principal.link.routes ? { routes: principal.link.routes } : {}),
  };
}

const api: FastifyPluginAsyncTypebox = async (fastify) => {
  const hub = fastify.hub;

  fastify.get(
    '/api/clusters',
    { config: { access: 'viewer' }, schema: { querystring: Type.Object({}) } },
    async (request) => {
      const principal = request.principal!;
      if (principal.role === 'share') {
        const status = hub.sharedStatus(shareCluster(hub, principal));
        return { clusters: status ? [status] : [] };
      }
      return { clusters: hub.statuses() };
    },
  );

  fastify.get(
    '/api/topology',
    { config: { access: 'viewer' }, schema: { querystring: Type.Object({}) } },
    async (request) => {
      const principal = request.principal!;
      if (principal.role === 'share') {
        const scoped = hub.scopedSnapshot(shareCluster(hub, principal), scopeOf(principal));
        if (!scoped) return { revision: hub.revision, clusters: [], nodes: [], edges: [], findings: [] };
        const { visible: _visible, inScope: _inScope, ...response } = scoped;
        fastify.shareStore.recordUse(principal.link.id, 'api', request.ip);
        return response;
      }
      return hub.snapshot();
    },
  );

  fastify.get(
    '/api/objects/:cluster/:kind/:namespace/:name',
    {
      config: { access: 'viewer' },
      schema: {
        params: Type.Object({
          cluster: Type.String({ pattern: NAME, maxLength: 253 }),
          kind: Type.String({ pattern: KIND, maxLength: 317 }),
          namespace: Type.String({ pattern: `(${NAME})|^_$`, maxLength: 63 }),
          name: Type.String({ pattern: NAME, maxLength: 253 }),
        }),
      },
    },
    async (request, reply) => {
      const { cluster, kind, namespace, name } = request.params;
      const principal = request.principal!;
      const notFound = () =>
        reply.code(404).send({
          statusCode: 404,
          error: 'Not Found',
          message: `${kind} ${namespace === '_' ? '' : `${namespace}/`}${name} is not in cluster "${cluster}"${principal.role === 'share' ? ' or not shared with you' : ''}`,
        });
      const engine = hub.engineOf(cluster);
      const view = hub.viewOf(cluster);
      if (principal.role === 'share' && cluster !== shareCluster(hub, principal)) return notFound();
      if (!engine || !view)
        return reply.code(404).send({
          statusCode: 404,
          error: 'Not Found',
          message: `no cluster named "${cluster}"; clusters: ${hub.clusterNames().join(', ')}`,
        });
      const key = (namespace === '_' ? `${kind}/${name}` : `${kind}/${namespace}/${name}`) as ObjectKey;
      const decoded = engine.object(key);
      const stored = (decoded ?? engine.unknownObject(key))?.object;
      const node = view.node(key);
      if (!stored || !node) return notFound();
      const wire = (id: string) => hub.wireId(cluster, id);
      let edges = view.edgesOf(key);
      let findings = engine.findingsFor(key);
      let object: KubeObject = withoutBookkeeping(stored);
      let shownNode = node;
      if (principal.role === 'share') {
        const scoped = hub.scopedSnapshot(cluster, scopeOf(principal));
        if (!scoped?.visible.has(key)) return notFound();
        const edgeIds = new Set(scoped.edges.map((edge) => edge.id));
        edges = edges.filter((edge) => edgeIds.has(wire(edge.id)));
        const findingIds = new Set(scoped.findings.map((item) => item.id));
        findings = scoped.findings.filter((item) => item.subject === key && findingIds.has(item.id));
        shownNode = scoped.nodes.find((item) => item.id === wire(key)) ?? node;
        if (!scoped.inScope.has(key)) object = withoutMetadataNotes(object);
        fastify.shareStore.recordUse(principal.link.id, 'api', request.ip);
      }
      const predicted = decoded ? predictStatus(engine, key) : undefined;
      const response: ObjectResponse = {
        cluster,
        node: { ...shownNode, id: wire(shownNode.id), cluster },
        object,
        yaml: stringify(object, { lineWidth: 0, aliasDuplicateObjects: false }),
        ...(predicted ? { predicted } : {}),
        reported: reportedConditions(object),
        findings,
        edges: edges.map((edge) => ({
          ...edge,
          id: wire(edge.id),
          from: wire(edge.from),
          to: wire(edge.to),
          cluster,
        })),
      };
      return response;
    },
  );
};

/** Labels and annotations of objects outside a share scope may say anything about other teams. */
function withoutMetadataNotes(object: KubeObject): KubeObject {
  const { labels: _labels, annotations: _annotations, ...metadata } = object.metadata;
  return { ...object, metadata };
}

function reportedConditions(object: KubeObject): ObjectResponse['reported'] {
  const status = object.status as
    | (GatewayStatus &
        Route['status'] & {
          conditions?: unknown;
          ancestors?: { ancestorRef: ParentReference; controllerName: string; conditions?: Condition[] }[];
        })
    | undefined;
  if (!status) return [];
  const namespace = object.metadata.namespace ?? 'default';
  // Scopes are named as the map names predicted ones: `parent <Kind> <namespace>/<name> (<section>)`.
  const scopeOf = (prefix: string, ref: ParentReference) =>
    `${prefix} ${ref.kind ?? 'Gateway'} ${ref.namespace ?? namespace}/${ref.name}${ref.sectionName ? ` (${ref.sectionName})` : ''}`;
  const out: ObjectResponse['reported'][number][] = [];
  if (status.conditions) out.push({ scope: 'status', conditions: status.conditions as Condition[] });
  for (const listener of status.listeners ?? [])
    out.push({
      scope: `listener ${listener.name}`,
      conditions: listener.conditions ?? [],
      attachedRoutes: listener.attachedRoutes,
    });
  for (const parent of status.parents ?? [])
    out.push({
      scope: scopeOf('parent', parent.parentRef),
      controllerName: parent.controllerName,
      conditions: parent.conditions ?? [],
    });
  for (const ancestor of status.ancestors ?? [])
    out.push({
      scope: scopeOf('ancestor', ancestor.ancestorRef),
      controllerName: ancestor.controllerName,
      conditions: ancestor.conditions ?? [],
    });
  return out;
}

export default api;
