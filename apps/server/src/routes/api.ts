/**
 * REST: clusters and their sync state, the whole topology, and one object in detail.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  predictStatus,
  withoutBookkeeping,
  type ObjectResponse,
  type ObjectKey,
  type Route,
  type GatewayStatus,
} from '@gatemap/topology';
import { stringify } from 'yaml';

const NAME = '^[A-Za-z0-9]([-A-Za-z0-9_.]{0,251}[A-Za-z0-9])?$';
const KIND = '^[A-Za-z][A-Za-z0-9]{0,62}(\\.[a-z0-9.-]{1,253})?$';

const api: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/api/clusters', { schema: { querystring: Type.Object({}) } }, async () => ({
    clusters: fastify.hub.statuses(),
  }));

  fastify.get('/api/topology', { schema: { querystring: Type.Object({}) } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return fastify.hub.snapshot();
  });

  fastify.get(
    '/api/objects/:cluster/:kind/:namespace/:name',
    {
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
      const engine = fastify.hub.engineOf(cluster);
      const view = fastify.hub.viewOf(cluster);
      if (!engine || !view)
        return reply.code(404).send({
          statusCode: 404,
          error: 'Not Found',
          message: `no cluster named "${cluster}"; clusters: ${fastify.hub.clusterNames().join(', ')}`,
        });
      const key = (namespace === '_' ? `${kind}/${name}` : `${kind}/${namespace}/${name}`) as ObjectKey;
      const decoded = engine.object(key);
      const unknown = engine.unknownObject(key);
      const node = view.node(key);
      if ((!decoded && !unknown) || !node) {
        return reply.code(404).send({
          statusCode: 404,
          error: 'Not Found',
          message: `${kind} ${namespace === '_' ? '' : `${namespace}/`}${name} is not in cluster "${cluster}"`,
        });
      }
      const object = withoutBookkeeping((decoded ?? unknown)!.object);
      const response: ObjectResponse = {
        cluster,
        node: { ...node, id: fastify.hub.wireId(cluster, node.id), cluster },
        object,
        yaml: stringify(object, { lineWidth: 0 }),
        ...(decoded ? withPredicted(predictStatus(engine, key)) : {}),
        reported: reportedConditions(object),
        findings: engine.findingsFor(key),
        edges: view.edgesOf(key).map((edge) => ({
          ...edge,
          id: fastify.hub.wireId(cluster, edge.id),
          from: fastify.hub.wireId(cluster, edge.from),
          to: fastify.hub.wireId(cluster, edge.to),
          cluster,
        })),
      };
      return response;
    },
  );
};

function withPredicted(predicted: ReturnType<typeof predictStatus>): {
  predicted?: NonNullable<ReturnType<typeof predictStatus>>;
} {
  return predicted ? { predicted } : {};
}

function reportedConditions(object: { status?: unknown }): ObjectResponse['reported'] {
  const status = object.status as (GatewayStatus & Route['status'] & { conditions?: unknown }) | undefined;
  if (!status) return [];
  const out: ObjectResponse['reported'][number][] = [];
  if (status.conditions) out.push({ scope: 'status', conditions: status.conditions });
  for (const listener of status.listeners ?? [])
    out.push({
      scope: `listener ${listener.name}`,
      conditions: listener.conditions ?? [],
      attachedRoutes: listener.attachedRoutes,
    });
  for (const parent of status.parents ?? []) {
    const ref = parent.parentRef;
    out.push({
      scope: `parent ${ref.kind ?? 'Gateway'} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}${ref.sectionName ? ` (${ref.sectionName})` : ''} by ${parent.controllerName}`,
      conditions: parent.conditions ?? [],
    });
  }
  return out;
}

export default api;
