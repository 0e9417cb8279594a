/**
 * Predicts a GatewayClass's status and reports classes no controller has claimed.
 * @see https://gateway-api.sigs.k8s.io/api-types/gatewayclass/
 */
import type { AnalysisContext } from './analysis-context.ts';
import { condition, findCondition, type PredictedCondition } from './conditions.ts';
import type { DecodedObject } from './decode-object.ts';
import { finding, type Finding } from './findings.ts';
import { findKind } from './kinds.ts';
import { objectKey, type ObjectKey } from './object-key.ts';

export interface GatewayClassAnalysis {
  readonly key: ObjectKey;
  readonly generation: number | undefined;
  readonly controllerName: string;
  readonly conditions: readonly PredictedCondition[];
  readonly findings: readonly Finding[];
}

export function analyzeGatewayClass(
  ctx: AnalysisContext,
  decoded: DecodedObject<'GatewayClass'>,
): GatewayClassAnalysis {
  const gatewayClass = decoded.object;
  const generation = gatewayClass.metadata.generation;
  const findings: Finding[] = [];
  const name = gatewayClass.metadata.name;
  let accepted: PredictedCondition = condition(
    'Accepted',
    'True',
    'Accepted',
    'GatewayClass is accepted.',
    generation,
  );
  const params = gatewayClass.spec.parametersRef;
  if (params) {
    const info = findKind(params.group, params.kind);
    const problem =
      info && info.namespaced && !params.namespace
        ? `refers to namespaced ${params.kind} ${params.name} without a namespace`
        : info && !info.namespaced && params.namespace
          ? `refers to cluster-scoped ${params.kind} ${params.name} with a namespace`
          : !ctx.exists(objectKey(params.group, params.kind, params.namespace, params.name))
            ? `refers to ${params.kind}.${params.group || 'core'} ${params.namespace ? `${params.namespace}/` : ''}${params.name}, which does not exist or is not supported`
            : undefined;
    if (problem) {
      accepted = condition(
        'Accepted',
        'False',
        'InvalidParameters',
        `parametersRef ${problem}.`,
        generation,
        { basis: 'implementation' },
      );
      findings.push(
        finding('invalid-parameters', {
          subject: decoded.key,
          field: 'spec.parametersRef',
          message: `GatewayClass ${name}: parametersRef ${problem}.`,
        }),
      );
    }
  }
  const reported = findCondition(gatewayClass.status?.conditions, 'Accepted');
  if (
    gatewayClass.status &&
    (!reported ||
      (reported.status === 'Unknown' && (reported.reason === 'Pending' || reported.reason === 'Waiting')))
  ) {
    findings.push(
      finding('gatewayclass-unclaimed', {
        subject: decoded.key,
        message: `GatewayClass ${name}: no controller named "${gatewayClass.spec.controllerName}" has accepted it, so Gateways of this class are not programmed. Check that the controller is installed and that controllerName matches it.`,
      }),
    );
  }
  return {
    key: decoded.key,
    generation,
    controllerName: gatewayClass.spec.controllerName,
    conditions: [accepted],
    findings,
  };
}
