/**
 * REST: clusters and their sync state, the whole topology, and one object in detail. Under a
 * share link every response is cut down to what the link may see (see share-scope.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  predictStatus,
  reportedConditions,
  withoutBookkeeping,
  type KubeObject,
  type ObjectKey,
  type ObjectResponse,
} from '@gatemap/topology';
import { stringify } from 'yaml';

const NAME = '^[A-Za-z0-9]([-A-Za-z0-9_.]{0,251}[A-Za-z0-9])?$';
const KIND = '^[A-Za-z][A-Za-z0-9]{0,62}(\\.[a-z0-9.-]{1,253})?$';

const api: FastifyPluginAsyncTypebox = async (fastify) => {
  const hub = fastify.hub;

  fastify.get(
    '/api/clusters',
    { config: { access: 'viewer' }, schema: { querystring: Type.Object({}) } },
    async (request) => {
      const principal = request.principal!;
      if (principal.role === 'share') {
        const status = hub.sharedStatus(principal.link);
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
        const shared = hub.sharedView(principal.link);
        if (!shared) return { revision: hub.revision, clusters: [], nodes: [], edges: [], findings: [] };
        fastify.shareStore.recordUse(principal.link.id, 'api', request.ip);
        return shared.topology;
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
      if (principal.role === 'share' && cluster !== hub.sharedCluster(principal.link)) return notFound();
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
      const predicted = decoded ? predictStatus(engine, key) : undefined;
      if (principal.role === 'share') {
        // Every part is taken from the link's view (edges without grants it cannot name,
        // findings it may see) and the whole answer passes its scoping step; the reported
        // conditions and the YAML are read from the object as scoped, so all read alike.
        const shared = hub.sharedView(principal.link);
        // An object a Route refers to without permission is shown on the map as that reference
        // only; its details stay with its own namespace.
        if (!shared?.visible.has(key) || shared.referenceOnly.has(key)) return notFound();
        const object = shared.names.scope(
          shared.inScope.has(key)
            ? withoutBookkeeping(stored)
            : withoutMetadataNotes(withoutBookkeeping(stored)),
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
        });
        fastify.shareStore.recordUse(principal.link.id, 'api', request.ip);
        const response: ObjectResponse = { ...scoped, yaml: toYaml(scoped.object) };
        return response;
      }
      const object = withoutBookkeeping(stored);
      const response: ObjectResponse = {
        cluster,
        node: { ...node, id: wire(node.id), cluster },
        object,
        yaml: toYaml(object),
        ...(predicted ? { predicted } : {}),
        reported: reportedConditions(object),
        findings: engine.findingsFor(key),
        edges: view.edgesOf(key).map((edge) => ({
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

function toYaml(object: KubeObject): string {
  return stringify(object, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Labels and annotations of objects outside a share scope may say anything about other teams. */
function withoutMetadataNotes(object: KubeObject): KubeObject {
  const { labels: _labels, annotations: _annotations, ...metadata } = object.metadata;
  return { ...object, metadata };
}

export default api;
