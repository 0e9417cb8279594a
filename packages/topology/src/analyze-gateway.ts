/**
 * Predicts a Gateway's status: its own conditions and each listener's, as a conformant
 * controller would write them. attachedRoutes is not computed here: Routes contribute it (see
 * the engine), so a Route change never re-analyzes its Gateway.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewaystatus
 */
import type { GatewayAnalysis } from './analysis-results.ts';
export type { GatewayAnalysis } from './analysis-results.ts';
import type { AnalysisContext } from './analysis-context.ts';
import { condition, type PredictedCondition } from './conditions.ts';
import { objectOfKind, type DecodedObject } from './decode-object.ts';
import { finding, type Finding } from './findings.ts';
import { listLimitFindings } from './limits.ts';
import { CORE_GROUP, GATEWAY_GROUP } from './gateway-api.ts';
import { draftListeners, finishListener, markConflicts, type ListenerOwner } from './analyze-listeners.ts';
import { malformedTlsSecret } from './listener-tls.ts';
import { objectKey, type ObjectKey } from './object-key.ts';
import { checkReferencePermitted, referenceGrantYaml } from './reference-grants.ts';
import { resolveGatewayClassRef, resolveSecretRef } from './resolve-refs.ts';

const CORE_ADDRESS_TYPES: ReadonlySet<string> = new Set(['IPAddress', 'Hostname']);

export function analyzeGateway(ctx: AnalysisContext, decoded: DecodedObject<'Gateway'>): GatewayAnalysis {
  const gateway = decoded.object;
  const namespace = gateway.metadata.namespace ?? 'default';
  const generation = gateway.metadata.generation;
  // Lists over the CRD's limits were cut when the object was decoded; say so first.
  const findings: Finding[] = listLimitFindings(decoded);
  const grantUses = new Set<ObjectKey>();
  const classRef = resolveGatewayClassRef(gateway.spec.gatewayClassName);
  const gatewayClass = ctx.gatewayClass(gateway.spec.gatewayClassName);
  const owner: ListenerOwner = {
    key: decoded.key,
    group: GATEWAY_GROUP,
    kind: 'Gateway',
    namespace,
    generation,
  };

  const listeners = gateway.spec.listeners ?? [];
  if (listeners.length === 0) {
    findings.push(
      finding('admission-rejected', {
        subject: decoded.key,
        field: 'spec.listeners',
        message:
          'A Gateway needs at least one listener (and at most 64). The API server rejects this Gateway.',
      }),
    );
  }
  const tuples = new Map<string, number>();
  listeners.forEach((listener, index) => {
    const tuple = `${listener.port}|${listener.protocol}|${listener.hostname ?? ''}`;
    const first = tuples.get(tuple);
    if (first !== undefined) {
      findings.push(
        finding('admission-rejected', {
          subject: decoded.key,
          field: `spec.listeners[${index}]`,
          discriminator: `spec.listeners[${index}]:tuple`,
          message: `listener "${listener.name}" repeats the port, protocol and hostname of listener "${listeners[first]?.name ?? ''}"; each combination must be unique. The API server rejects this Gateway.`,
        }),
      );
    } else tuples.set(tuple, index);
  });
  const names = new Set<string>();
  listeners.forEach((listener, index) => {
    if (names.has(listener.name)) {
      findings.push(
        finding('admission-rejected', {
          subject: decoded.key,
          field: `spec.listeners[${index}].name`,
          message: `listener name "${listener.name}" is used twice; listener names must be unique. The API server rejects this Gateway.`,
        }),
      );
    }
    names.add(listener.name);
  });
  const drafts = draftListeners(
    ctx,
    { owner, listeners, field: 'spec.listeners' },
    gateway,
    findings,
    grantUses,
  );
  markConflicts(drafts, [], ctx.options.mixedTlsModesOnPort, 'peers');
  const analyzed = drafts.map((draft) =>
    finishListener(draft, owner, findings, { conflictLosesAcceptance: 'implementation' }),
  );

  if (!gatewayClass) {
    findings.push(
      finding('gatewayclass-missing', {
        subject: decoded.key,
        related: [classRef.key],
        field: 'spec.gatewayClassName',
        message: `Gateway ${namespace}/${gateway.metadata.name} uses GatewayClass "${gateway.spec.gatewayClassName}", which does not exist. No controller will program it, and no Route attaches to it. Create the GatewayClass or fix spec.gatewayClassName.`,
      }),
    );
    return {
      key: decoded.key,
      generation,
      className: gateway.spec.gatewayClassName,
      controllerName: undefined,
      owned: false,
      conditions: [
        condition('Accepted', 'Unknown', 'Pending', 'Waiting for controller', generation),
        condition('Programmed', 'Unknown', 'Pending', 'Waiting for controller', generation),
      ],
      listeners: analyzed,
      findings,
      grantUses,
    };
  }

  const conditions: PredictedCondition[] = [];
  // Every reason to reject the Gateway, in the order found: the spec orders none of them.
  const rejections: { reason: string; message: string; basis: PredictedCondition['basis'] }[] = [];

  const params = gateway.spec.infrastructure?.parametersRef;
  if (params) {
    const key = objectKey(params.group, params.kind, namespace, params.name);
    if (!ctx.exists(key)) {
      const message = `infrastructure.parametersRef refers to ${params.kind}.${params.group || 'core'} ${namespace}/${params.name}, which does not exist or is not supported.`;
      rejections.push({ reason: 'InvalidParameters', message, basis: 'implementation' });
      findings.push(
        finding('invalid-parameters', {
          subject: decoded.key,
          related: [key],
          field: 'spec.infrastructure.parametersRef',
          message: `${message} The Gateway is not accepted until it resolves.`,
        }),
      );
    }
  }

  (gateway.spec.addresses ?? []).forEach((address, index) => {
    const type = address.type ?? 'IPAddress';
    if (!CORE_ADDRESS_TYPES.has(type)) {
      const message = `Address type "${type}" (spec.addresses[${index}]) is not supported.`;
      rejections.push({
        reason: 'UnsupportedAddress',
        message,
        basis: type.includes('/') ? 'implementation' : 'spec',
      });
      findings.push(
        finding('unsupported-address', {
          subject: decoded.key,
          field: `spec.addresses[${index}].type`,
          message: `${message} Use IPAddress or Hostname, or a type your implementation documents.`,
        }),
      );
    }
  });

  const clientCert = gateway.spec.tls?.backend?.clientCertificateRef;
  if (clientCert) {
    conditions.push(
      checkClientCertificate(ctx, decoded.key, namespace, generation, clientCert, findings, grantUses),
    );
  }

  const frontend = gateway.spec.tls?.frontend;
  const insecure = [
    frontend?.default?.validation,
    ...(frontend?.perPort ?? []).map((entry) => entry.tls?.validation),
  ].some((validation) => validation?.mode === 'AllowInsecureFallback');
  if (insecure) {
    conditions.push(
      condition(
        'InsecureFrontendValidationMode',
        'True',
        'ConfigurationChanged',
        'Client certificate validation allows connections without a valid certificate (AllowInsecureFallback).',
        generation,
      ),
    );
    findings.push(
      finding('insecure-frontend-validation', {
        subject: decoded.key,
        field: 'spec.tls.frontend',
        message:
          'Client certificate validation uses mode AllowInsecureFallback: clients without a valid certificate are still let through.',
      }),
    );
  }

  const acceptedCount = analyzed.filter((listener) => listener.accepted).length;
  const anyConflict = analyzed.some((listener) => listener.conflicted);
  let accepted: PredictedCondition;
  const [rejected] = rejections;
  if (rejected) {
    const alternatives = new Set(rejections.map((rejection) => rejection.reason));
    // With no valid listener either, ListenersNotValid is as much a reason to reject it.
    if (analyzed.length > 0 && acceptedCount === 0) alternatives.add('ListenersNotValid');
    alternatives.delete(rejected.reason);
    accepted = condition(
      'Accepted',
      'False',
      rejected.reason,
      [
        ...rejections.map((rejection) => rejection.message),
        ...(analyzed.length > 0 && acceptedCount === 0 ? ['No listener is valid.'] : []),
      ].join(' '),
      generation,
      {
        basis: alternatives.size > 0 ? 'implementation' : rejected.basis,
        alternatives: [...alternatives],
      },
    );
  } else if (analyzed.length > 0 && acceptedCount === 0)
    accepted = condition('Accepted', 'False', 'ListenersNotValid', 'No listener is valid.', generation);
  else if (acceptedCount < analyzed.length || anyConflict)
    accepted = condition(
      'Accepted',
      'True',
      'ListenersNotValid',
      `${analyzed.length - acceptedCount} of ${analyzed.length} listeners are not valid.`,
      generation,
    );
  else accepted = condition('Accepted', 'True', 'Accepted', 'Gateway is valid.', generation);
  conditions.unshift(accepted);
  conditions.splice(
    1,
    0,
    accepted.status === 'False'
      ? condition('Programmed', 'False', 'Invalid', 'The Gateway is not accepted.', generation, {
          basis: 'implementation',
        })
      : condition(
          'Programmed',
          'Unknown',
          'Pending',
          'Only the controller knows whether the Gateway is programmed and has addresses.',
          generation,
          { basis: 'runtime' },
        ),
  );

  return {
    key: decoded.key,
    generation,
    className: gateway.spec.gatewayClassName,
    controllerName: gatewayClass.spec.controllerName,
    owned: true,
    conditions,
    listeners: analyzed,
    findings,
    grantUses,
  };
}

function checkClientCertificate(
  ctx: AnalysisContext,
  key: ObjectKey,
  namespace: string,
  generation: number | undefined,
  raw: { group?: string; kind?: string; name: string; namespace?: string },
  findings: Finding[],
  grantUses: Set<ObjectKey>,
): PredictedCondition {
  const ref = resolveSecretRef(namespace, raw);
  const field = 'spec.tls.backend.clientCertificateRef';
  const fail = (reason: string, message: string): PredictedCondition => {
    findings.push(
      finding('gateway-client-certificate-invalid', { subject: key, related: [ref.key], field, message }),
    );
    return condition('ResolvedRefs', 'False', reason, message, generation);
  };
  if (ref.group !== CORE_GROUP || ref.kind !== 'Secret') {
    return fail(
      'InvalidClientCertificateRef',
      `The backend client certificate refers to ${ref.kind} (group "${ref.group}"); it must be a core Secret.`,
    );
  }
  const target = { group: CORE_GROUP, kind: 'Secret', namespace: ref.namespace ?? namespace, name: ref.name };
  const from = { group: GATEWAY_GROUP, kind: 'Gateway', namespace };
  const permission = checkReferencePermitted(ctx, from, target);
  if (!permission.permitted) {
    const message = `The backend client certificate Secret ${ref.namespace}/${ref.name} is in another namespace, and no ReferenceGrant there allows Gateways from ${namespace} to use it.`;
    findings.push(
      finding('listener-reference-not-permitted', {
        subject: key,
        related: [ref.key],
        field,
        message,
        fix: {
          description: `Create this ReferenceGrant in namespace ${ref.namespace}:`,
          yaml: referenceGrantYaml({ ...from, name: key.slice(key.lastIndexOf('/') + 1) }, target),
        },
      }),
    );
    return condition('ResolvedRefs', 'False', 'RefNotPermitted', message, generation);
  }
  if (permission.grant) grantUses.add(permission.grant);
  const secret = objectOfKind(ctx.get(ref.key), 'Secret');
  if (!secret)
    return fail(
      'InvalidClientCertificateRef',
      `The backend client certificate Secret ${ref.namespace}/${ref.name} does not exist.`,
    );
  const malformed = malformedTlsSecret(secret);
  if (malformed)
    return fail(
      'InvalidClientCertificateRef',
      `The backend client certificate Secret ${ref.namespace}/${ref.name} ${malformed}.`,
    );
  return condition('ResolvedRefs', 'True', 'ResolvedRefs', 'All references are resolved.', generation);
}
