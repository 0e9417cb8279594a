/**
 * The edges of an Ingress: from its IngressClass (as a GatewayClass points at its Gateways), and
 * to the Service of each rule path and of its `defaultBackend`, so that a Service reached both
 * through an Ingress and through a Route is one node with both. A backend that names a port the
 * Service does not have, or a Service that does not exist, is unresolved; a `resource` backend
 * (implementation-specific, I11) has no edge.
 * @see /work/shared/ingress-migration.md §A (I1, I9, I11)
 */
import type { Service } from './core-v1.ts';
import { objectOfKind, type DecodedObject } from './decode-object.ts';
import type { TopologyEngine } from './engine.ts';
import {
  ingressClassOf,
  INGRESS_CLASS_ANNOTATION,
  NETWORKING_GROUP,
  type IngressBackend,
} from './ingress.ts';
import { objectKey, type ObjectKey } from './object-key.ts';
import type { TopologyEdge } from './protocol.ts';

/** The IngressClass edge and the backend edges of an Ingress. */
export function ingressEdges(
  engine: TopologyEngine,
  object: DecodedObject<'Ingress'>,
): readonly TopologyEdge[] {
  const ingress = object.object;
  const namespace = ingress.metadata.namespace ?? 'default';
  const edges: TopologyEdge[] = [];
  const className = ingressClassOf(ingress);
  if (className !== undefined) {
    const classKey = objectKey(NETWORKING_GROUP, 'IngressClass', undefined, className);
    const found = engine.object(classKey) !== undefined;
    edges.push({
      id: `class:${object.key}`,
      type: 'class',
      from: classKey,
      to: object.key,
      field:
        ingress.spec?.ingressClassName === undefined
          ? `metadata.annotations[${INGRESS_CLASS_ANNOTATION}]`
          : 'spec.ingressClassName',
      state: found ? 'resolved' : 'unresolved',
      reason: found ? 'Resolved' : 'IngressClassNotFound',
      message: found ? `IngressClass ${className}` : `IngressClass ${className} does not exist.`,
      source: 'predicted',
      crossNamespace: false,
    });
  }
  const backend = (field: string, target: IngressBackend): void => {
    const service = target.service;
    if (service === undefined) return;
    const key = objectKey('', 'Service', namespace, service.name);
    const problem = backendProblem(objectOfKind(engine.object(key), 'Service'), service.port, key);
    edges.push({
      id: ['backend', object.key, field].join(':'),
      type: 'backend',
      from: object.key,
      to: key,
      field,
      state: problem ? 'unresolved' : 'resolved',
      reason: problem?.reason ?? 'ResolvedRefs',
      message: problem?.message ?? 'Resolved.',
      source: 'predicted',
      crossNamespace: false,
    });
  };
  (ingress.spec?.rules ?? []).forEach((rule, ruleIndex) =>
    (rule.http?.paths ?? []).forEach((path, pathIndex) =>
      backend(`spec.rules[${ruleIndex}].http.paths[${pathIndex}].backend`, path.backend),
    ),
  );
  if (ingress.spec?.defaultBackend) backend('spec.defaultBackend', ingress.spec.defaultBackend);
  return edges;
}

function backendProblem(
  service: Service | undefined,
  port: { readonly name?: string; readonly number?: number } | undefined,
  key: ObjectKey,
): { readonly reason: string; readonly message: string } | undefined {
  if (service === undefined) return { reason: 'BackendNotFound', message: `${key} does not exist.` };
  const ports = service.spec?.ports ?? [];
  if (port?.name !== undefined && !ports.some((item) => item.name === port.name))
    return { reason: 'PortNotFound', message: `${key} has no port named "${port.name}".` };
  if (port?.number !== undefined && ports.length > 0 && !ports.some((item) => item.port === port.number))
    return { reason: 'PortNotFound', message: `${key} has no port ${port.number}.` };
  return undefined;
}
