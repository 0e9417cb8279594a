/**
 * What-if, for the admin: `POST /api/what-if` overlays manifests (YAML or JSON text; documents
 * with `$patch: delete` delete) on a cluster's current objects and answers what would change
 * (what-if-overlay.ts in the core). Nothing is applied to the cluster.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { parseManifests } from '@gatemap/manifests';
import { DEFAULT_INPUT_LIMITS, overlayManifests, type WhatIfResponse } from '@gatemap/topology';

/** Manifests pasted or dropped into the map: a few files, not a cluster dump. */
const MAX_MANIFEST_CHARS = 4 * 1024 * 1024;
/** How the manifests are named in messages (`manifests:12: …`). */
const FILE = 'manifests';

const whatIf: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/api/what-if',
    {
      config: { access: 'admin' },
      bodyLimit: MAX_MANIFEST_CHARS + 64 * 1024,
      schema: {
        body: Type.Object(
          {
            manifests: Type.String({ minLength: 1, maxLength: MAX_MANIFEST_CHARS }),
            cluster: Type.Optional(Type.String({ minLength: 1, maxLength: 253 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply): Promise<WhatIfResponse | undefined> => {
      const hub = fastify.hub;
      const clusters = hub.clusterNames();
      const cluster = request.body.cluster ?? (clusters.length === 1 ? clusters[0] : undefined);
      const base = cluster === undefined ? undefined : hub.currentObjects(cluster);
      if (cluster === undefined || base === undefined) {
        await reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message:
            cluster === undefined
              ? `body/cluster is required when serving several clusters (${clusters.join(', ')})`
              : `body/cluster: no cluster named "${cluster}"; clusters: ${clusters.join(', ')}`,
        });
        return undefined;
      }
      const manifests = parseManifests(request.body.manifests, FILE, {
        maxDocumentSize: DEFAULT_INPUT_LIMITS.maxDocumentSize,
      });
      const overlaid = overlayManifests({
        base: base.objects,
        manifests: [manifests],
        options: base.options,
      });
      if (overlaid.objects.length === 0) {
        await reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message:
            overlaid.issues.length > 0
              ? overlaid.issues.map((issue) => issue.message).join('\n')
              : 'the manifests hold no object gatemap analyzes',
        });
        return undefined;
      }
      return { cluster, ...hub.wireTopology(cluster, overlaid) };
    },
  );
};

export default whatIf;
