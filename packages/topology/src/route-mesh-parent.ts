/**
 * A Route whose parentRef is a Service: the mesh (GAMMA) case, where the Route applies to the
 * Service's callers. Whether a mesh serves it is the implementation's, so every condition here
 * has basis `implementation`.
 * @see https://gateway-api.sigs.k8s.io/mesh/
 */
import type { AnalysisContext } from './analysis-context.ts';
import { condition, type PredictedCondition } from './conditions.ts';
import { objectOfKind } from './decode-object.ts';
import { finding } from './findings.ts';
import { parentAnalysis, type ParentBase, type RouteParentAnalysis, type RouteScope } from './route-scope.ts';

export function analyzeMeshParent(
  ctx: AnalysisContext,
  scope: RouteScope,
  base: ParentBase,
  field: string,
): RouteParentAnalysis {
  const { parent } = base;
  const service = objectOfKind(ctx.get(parent.key), 'Service');
  const accepted = (conditions: PredictedCondition[], ok: boolean): RouteParentAnalysis =>
    parentAnalysis(base, {
      written: true,
      conditions,
      accepted: ok,
      listeners: [],
      hostnames: ok ? ['*'] : [],
    });
  const mesh = { basis: 'implementation' as const };
  if (!service) {
    scope.findings.push(
      finding('parent-not-found', {
        subject: scope.decoded.key,
        related: [parent.key],
        field,
        message: `${scope.label}: parentRefs[${base.index}] refers to Service ${parent.namespace}/${parent.name} (mesh), which does not exist.`,
      }),
    );
    return accepted(
      [
        condition(
          'Accepted',
          'False',
          'NoMatchingParent',
          `Service ${parent.namespace}/${parent.name} does not exist.`,
          scope.generation,
          mesh,
        ),
        scope.resolvedRefs,
      ],
      false,
    );
  }
  const ports = service.spec?.ports ?? [];
  const portOk = ports.some(
    (port) =>
      (parent.sectionName === undefined || port.name === parent.sectionName) &&
      (parent.port === undefined || port.port === parent.port),
  );
  if (!portOk && (parent.sectionName !== undefined || parent.port !== undefined)) {
    const message = `Service ${parent.namespace}/${parent.name} has no port ${parent.sectionName ?? ''}${parent.port ?? ''}.`;
    scope.findings.push(
      finding('route-not-accepted', {
        subject: scope.decoded.key,
        related: [parent.key],
        field,
        message: `${scope.label}: ${message}`,
      }),
    );
    return accepted(
      [
        condition('Accepted', 'False', 'NoMatchingParent', message, scope.generation, mesh),
        scope.resolvedRefs,
      ],
      false,
    );
  }
  return accepted(
    [
      condition(
        'Accepted',
        'True',
        'Accepted',
        `Route applies to ${parent.namespace === scope.namespace ? 'all callers of' : `callers in ${scope.namespace} of`} Service ${parent.namespace}/${parent.name}.`,
        scope.generation,
        mesh,
      ),
      scope.resolvedRefs,
    ],
    true,
  );
}
