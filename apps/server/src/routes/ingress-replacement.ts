/**
 * The replacement of an Ingress, for the admin: `POST /api/ingress-replacement` generates the
 * HTTPRoutes (and listeners, ReferenceGrants) that would serve one Ingress on the Gateway the
 * admin picked, and checks them with the what-if analysis against the cluster's current objects
 * (migration-plan.ts in the core). Nothing is applied to the cluster.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  migrationManifests,
  objectKey,
  planMigration,
  type IngressReplacementResponse,
} from '@gatemap/topology';

/** `namespace/name`, as Kubernetes names are (DNS labels and subdomains). */
const NAMESPACED = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$';

const ingressReplacement: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/api/ingress-replacement',
    {
      config: { access: 'admin' },
      schema: {
        body: Type.Object(
          {
            ingress: Type.String({ pattern: NAMESPACED, maxLength: 317 }),
            gateway: Type.String({ pattern: NAMESPACED, maxLength: 317 }),
            cluster: Type.Optional(Type.String({ minLength: 1, maxLength: 253 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply): Promise<IngressReplacementResponse | undefined> => {
      const hub = fastify.hub;
      const clusters = hub.clusterNames();
      const cluster = request.body.cluster ?? (clusters.length === 1 ? clusters[0] : undefined);
      const base = cluster === undefined ? undefined : hub.currentObjects(cluster);
      const fail = async (message: string) => {
        await reply.code(400).send({ statusCode: 400, error: 'Bad Request', message });
        return undefined;
      };
      if (cluster === undefined || base === undefined)
        return fail(
          cluster === undefined
            ? `body/cluster is required when serving several clusters (${clusters.join(', ')})`
            : `body/cluster: no cluster named "${cluster}"; clusters: ${clusters.join(', ')}`,
        );
      const [ingressNamespace = '', ingressName = ''] = request.body.ingress.split('/');
      const [gatewayNamespace = '', gatewayName = ''] = request.body.gateway.split('/');
      const ingressKey = objectKey('networking.k8s.io', 'Ingress', ingressNamespace, ingressName);
      const gatewayKey = objectKey('gateway.networking.k8s.io', 'Gateway', gatewayNamespace, gatewayName);
      if (!base.objects.some((object) => object.key === ingressKey))
        return fail(`body/ingress: no Ingress ${request.body.ingress} in cluster "${cluster}"`);
      if (!base.objects.some((object) => object.key === gatewayKey))
        return fail(`body/gateway: no Gateway ${request.body.gateway} in cluster "${cluster}"`);
      // Only this Ingress is replaced; the others are judged as they are.
      const plan = planMigration({
        objects: base.objects,
        gateway: { namespace: gatewayNamespace, name: gatewayName },
        only: [ingressKey],
        options: base.options,
      });
      const own = plan.ingresses.find((item) => item.coverage.key === ingressKey);
      const after = plan.after.namespaces
        .find((entry) => entry.namespace === ingressNamespace)
        ?.remaining.find((item) => item.key === ingressKey);
      const brief = (item: (typeof plan.proposed)[number]) => ({
        key: item.key,
        accepted: item.accepted,
        reasons: item.reasons,
      });
      return {
        cluster,
        ingress: ingressKey,
        gateway: gatewayKey,
        yaml: migrationManifests(plan),
        proposed: plan.proposed.map(brief),
        rejected: plan.rejected.map(brief),
        problems: own?.problems ?? [],
        untranslated: own?.untranslated ?? [],
        coverage: own?.coverage.state ?? 'not-started',
        coverageAfter: after?.state ?? 'covered',
        breaks: plan.breaks,
      };
    },
  );
};

export default ingressReplacement;
