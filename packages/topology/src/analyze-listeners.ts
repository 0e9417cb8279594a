/**
 * Listener validation shared by Gateways and ListenerSets: protocol, route kinds, TLS and
 * certificate references, allowed namespaces, client-certificate validation, then conflicts
 * between listeners that share a port, then the final conditions. Certificates and client
 * validation are in `listener-tls.ts`, conflicts in `listener-conflicts.ts`.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenerconditiontype
 */
import type { ListenerDraft, ListenerFault, ListenerOwner } from './listener-draft.ts';
export type { ListenerDraft, ListenerOwner } from './listener-draft.ts';
import type { AllowedNamespaces, ListenerAnalysis } from './analysis-results.ts';
export type { AllowedNamespaces, ListenerAnalysis } from './analysis-results.ts';
import type { AnalysisContext } from './analysis-context.ts';
import { condition, type PredictedCondition } from './conditions.ts';
import { finding, type Finding } from './findings.ts';
import { GATEWAY_GROUP, type Gateway, type Listener } from './gateway-api.ts';
import { isValidHostname } from './hostnames.ts';
import { matchLabelSelector } from './label-selector.ts';
import type { ObjectKey } from './object-key.ts';
import { checkCertificates, checkFrontendValidation, isTlsProtocol, tlsModeOf } from './listener-tls.ts';

export { markConflicts, type PriorListener } from './listener-conflicts.ts';

/**
 * A kind the spec leaves to the implementation on a listener: a TLS listener in Terminate mode
 * serves TLSRoute, and may serve TCPRoute (conformance only forbids TCPRoute on Passthrough).
 */
function isOptionalKind(protocol: string, tlsMode: string | undefined, group: string, kind: string): boolean {
  return protocol === 'TLS' && tlsMode === 'Terminate' && group === GATEWAY_GROUP && kind === 'TCPRoute';
}

const DEFAULT_KINDS: Readonly<Record<string, readonly string[]>> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

function draftListener(
  ctx: AnalysisContext,
  owner: ListenerOwner,
  gateway: Gateway | undefined,
  listener: Listener,
  field: string,
  findings: Finding[],
  gatewayUsesGrant: (grant: ObjectKey) => void,
): ListenerDraft {
  const supportedProtocol = ctx.options.protocols.includes(listener.protocol);
  const where = `listener "${listener.name}"`;
  const admission = (message: string, at = field) =>
    findings.push(
      finding('admission-rejected', {
        subject: owner.key,
        field: at,
        message: `${where}: ${message}. The API server's validation rejects this ${owner.kind}.`,
        discriminator: `${at}:${message}`,
      }),
    );

  const allowed = allowedNamespaces(listener, owner, field, findings);
  const draft: ListenerDraft = {
    listener,
    field,
    supportedProtocol,
    supportedKinds: [],
    optionalKinds: [],
    allowed,
    notAccepted: [],
    unresolved: [],
    invalid: [],
    conflicts: [],
  };
  if (!supportedProtocol) {
    draft.notAccepted.push({
      reason: 'UnsupportedProtocol',
      message: `Protocol "${listener.protocol}" is not supported; supported protocols are ${ctx.options.protocols.join(', ')}.`,
    });
    return draft;
  }
  if (listener.port === undefined) admission('port is required');

  // Route kinds: the protocol's defaults, or the listed kinds that the protocol can serve.
  const tlsMode = tlsModeOf(listener);
  const defaults = DEFAULT_KINDS[listener.protocol] ?? [];
  if (listener.allowedRoutes?.kinds && listener.allowedRoutes.kinds.length > 0) {
    const invalid: string[] = [];
    for (const entry of listener.allowedRoutes.kinds) {
      const group = entry.group ?? GATEWAY_GROUP;
      if (group === GATEWAY_GROUP && defaults.includes(entry.kind)) {
        if (!draft.supportedKinds.some((kind) => kind.kind === entry.kind))
          draft.supportedKinds.push({ group, kind: entry.kind });
      } else if (isOptionalKind(listener.protocol, tlsMode, group, entry.kind)) {
        if (!draft.optionalKinds.some((kind) => kind.kind === entry.kind))
          draft.optionalKinds.push({ group, kind: entry.kind });
      } else {
        invalid.push(group === GATEWAY_GROUP ? entry.kind : `${entry.kind}.${group || 'core'}`);
      }
    }
    const optional = draft.optionalKinds.map((kind) => kind.kind);
    const serves = `it serves ${defaults.join(', ') || 'no route kind'}`;
    if (invalid.length > 0) {
      draft.unresolved.push({
        reason: 'InvalidRouteKinds',
        message: `Route kinds ${invalid.join(', ')} cannot attach to a ${listener.protocol} listener; ${serves}${optional.length > 0 ? `, and ${optional.join(', ')} only where the implementation supports it` : ''}.`,
      });
    } else if (optional.length > 0) {
      // Whether the listed kind is valid here is the implementation's call: either reason is conformant.
      draft.unresolved.push({
        reason: 'InvalidRouteKinds',
        message: `Route kind ${optional.join(', ')} on a ${listener.protocol} listener in ${tlsMode ?? ''} mode is served only by implementations that support it; the spec requires only ${defaults.join(', ')}.`,
        optional: true,
      });
    }
  } else {
    draft.supportedKinds.push(...defaults.map((kind) => ({ group: GATEWAY_GROUP, kind })));
    if (isOptionalKind(listener.protocol, tlsMode, GATEWAY_GROUP, 'TCPRoute'))
      draft.optionalKinds.push({ group: GATEWAY_GROUP, kind: 'TCPRoute' });
  }

  // Hostname and TLS shape (the API server enforces these; we say so when they are broken).
  if (listener.hostname !== undefined) {
    if (listener.protocol === 'TCP' || listener.protocol === 'UDP') {
      admission(`hostname must not be set for protocol ${listener.protocol}`, `${field}.hostname`);
      draft.invalid.push(`hostname is not allowed on a ${listener.protocol} listener`);
    } else if (!isValidHostname(listener.hostname)) {
      admission(`hostname "${listener.hostname}" is not a valid hostname`, `${field}.hostname`);
      draft.invalid.push(`hostname "${listener.hostname}" is not valid`);
    }
  }
  if (isTlsProtocol(listener.protocol) && listener.tls === undefined) {
    admission(`tls must be specified for protocol ${listener.protocol}`, `${field}.tls`);
    draft.invalid.push(`a ${listener.protocol} listener needs tls`);
  }
  if (!isTlsProtocol(listener.protocol) && listener.tls !== undefined) {
    admission(`tls must not be specified for protocol ${listener.protocol}`, `${field}.tls`);
  }
  if (listener.protocol === 'HTTPS' && tlsMode !== 'Terminate') {
    admission(`tls.mode must be Terminate for HTTPS, got ${tlsMode}`, `${field}.tls.mode`);
    draft.invalid.push('HTTPS listeners terminate TLS');
  }
  if (tlsMode === 'Passthrough' && (listener.tls?.certificateRefs?.length ?? 0) > 0) {
    draft.invalid.push('a Passthrough listener must not have certificateRefs');
  }
  if (listener.protocol === 'TLS' && tlsMode === 'Terminate' && !ctx.options.tlsTerminate) {
    draft.notAccepted.push({
      reason: 'UnsupportedValue',
      message: 'TLS listeners in Terminate mode are not supported by this implementation.',
    });
  }
  if (
    tlsMode === 'Terminate' &&
    listener.tls &&
    (listener.tls.certificateRefs?.length ?? 0) === 0 &&
    !listener.tls.options
  ) {
    admission('certificateRefs or options must be specified when mode is Terminate', `${field}.tls`);
    draft.invalid.push('a Terminate listener needs a certificate');
  }
  if (tlsMode === 'Terminate') {
    checkCertificates(ctx, { owner, listener, field, draft, findings, usesGrant: gatewayUsesGrant });
  }
  if (listener.protocol === 'HTTPS' && gateway) {
    checkFrontendValidation(ctx, gateway, {
      owner,
      listener,
      field,
      draft,
      findings,
      usesGrant: gatewayUsesGrant,
    });
  }
  return draft;
}

function allowedNamespaces(
  listener: Listener,
  owner: ListenerOwner,
  field: string,
  findings: Finding[],
): AllowedNamespaces {
  const spec = listener.allowedRoutes?.namespaces;
  const from = spec?.from ?? 'Same';
  if (from === 'All') return { from: 'All' };
  if (from === 'Same') return { from: 'Same', namespace: owner.namespace };
  if (from === 'Selector') {
    if (!spec?.selector) {
      findings.push(
        finding('listener-invalid', {
          subject: owner.key,
          field: `${field}.allowedRoutes.namespaces.selector`,
          message: `listener "${listener.name}": allowedRoutes.namespaces.from is Selector but no selector is given, so no Route namespace is allowed.`,
        }),
      );
      return { from: 'None', why: 'from is Selector but no selector is set' };
    }
    const probe = matchLabelSelector(spec.selector, {});
    if (!probe.valid) {
      findings.push(
        finding('listener-invalid', {
          subject: owner.key,
          field: `${field}.allowedRoutes.namespaces.selector`,
          message: `listener "${listener.name}": the namespace selector is invalid (${probe.error}), so no Route namespace is allowed.`,
        }),
      );
      return { from: 'None', why: `invalid selector: ${probe.error}` };
    }
    return { from: 'Selector', selector: spec.selector };
  }
  findings.push(
    finding('admission-rejected', {
      subject: owner.key,
      field: `${field}.allowedRoutes.namespaces.from`,
      message: `listener "${listener.name}": allowedRoutes.namespaces.from must be All, Same or Selector, got "${from}".`,
    }),
  );
  return { from: 'None', why: `unknown value from: ${from}` };
}

export interface ListenerBatch {
  readonly owner: ListenerOwner;
  readonly listeners: readonly Listener[];
  /** Field path of the listener list, e.g. `spec.listeners`. */
  readonly field: string;
}

/** Drafts listeners of one owner (phase one). */
export function draftListeners(
  ctx: AnalysisContext,
  batch: ListenerBatch,
  gateway: Gateway | undefined,
  findings: Finding[],
  grantUses: Set<ObjectKey>,
): ListenerDraft[] {
  return batch.listeners.map((listener, index) =>
    draftListener(ctx, batch.owner, gateway, listener, `${batch.field}[${index}]`, findings, (grant) =>
      grantUses.add(grant),
    ),
  );
}

/**
 * The condition that faults competing for it give. The spec orders none of them, so the first
 * gives the reason and every other reason a conformant controller may write is an alternative:
 * the other faults' reasons, each fault's own alternatives, and `healthy` (the reason of the
 * condition without faults) when each fault is one the implementation may not count as a fault.
 */
function faultCondition(
  type: string,
  status: 'True' | 'False',
  faults: readonly ListenerFault[],
  healthy: string,
  generation: number | undefined,
): PredictedCondition {
  const reason = faults[0]?.reason ?? healthy;
  const alternatives = new Set<string>();
  for (const fault of faults) {
    alternatives.add(fault.reason);
    for (const alternative of fault.alternatives ?? []) alternatives.add(alternative);
  }
  // One certain fault is enough to rule the healthy reason out.
  if (faults.every((fault) => fault.optional === true)) alternatives.add(healthy);
  alternatives.delete(reason);
  const messages = [...new Set(faults.map((fault) => fault.message))];
  return condition(type, status, reason, messages.join(' '), generation, {
    basis: alternatives.size > 0 ? 'implementation' : 'spec',
    alternatives: [...alternatives],
    mentions: faults.flatMap((fault) => fault.mentions ?? []),
  });
}

/** Phase three: conditions and findings from a finished draft. */
export function finishListener(
  draft: ListenerDraft,
  owner: ListenerOwner,
  findings: Finding[],
  options: { readonly conflictLosesAcceptance: 'implementation' | 'spec' },
): ListenerAnalysis {
  const { listener, field, notAccepted, unresolved, invalid, conflicts } = draft;
  const generation = owner.generation;
  const conditions: PredictedCondition[] = [];
  const conflicted = conflicts.length > 0;
  const accepted = notAccepted.length === 0 && !conflicted;
  if (!accepted) {
    // A Gateway's conflicted listener may stay Accepted (the GEPs' examples) or not (conformance).
    const conflictFaults = conflicts.map((conflict) => ({
      ...conflict,
      optional: options.conflictLosesAcceptance === 'implementation',
    }));
    conditions.push(
      faultCondition('Accepted', 'False', [...notAccepted, ...conflictFaults], 'Accepted', generation),
    );
  } else {
    conditions.push(condition('Accepted', 'True', 'Accepted', 'Listener is valid.', generation));
  }
  notAccepted.forEach((fault, index) => {
    findings.push(
      finding('listener-not-accepted', {
        subject: owner.key,
        field,
        // The first keeps the id a listener's one finding always had.
        ...(index === 0 ? {} : { discriminator: `${field}:${fault.reason}` }),
        message: `listener "${listener.name}" is not accepted (${fault.reason}): ${fault.message}`,
      }),
    );
  });
  if (unresolved.length > 0) {
    conditions.push(faultCondition('ResolvedRefs', 'False', unresolved, 'ResolvedRefs', generation));
    for (const fault of unresolved) {
      if (fault.reason !== 'InvalidRouteKinds') continue;
      findings.push(
        finding('listener-invalid-route-kinds', {
          subject: owner.key,
          field: `${field}.allowedRoutes.kinds`,
          message: `listener "${listener.name}": ${fault.message}`,
        }),
      );
    }
  } else if (draft.unchecked) {
    conditions.push(
      condition('ResolvedRefs', 'Unknown', 'RefNotChecked', draft.unchecked.join(' '), generation, {
        basis: 'rbac',
      }),
    );
  } else {
    conditions.push(
      condition('ResolvedRefs', 'True', 'ResolvedRefs', 'All references are resolved.', generation),
    );
  }
  if (conflicted) {
    conditions.push(faultCondition('Conflicted', 'True', conflicts, 'NoConflicts', generation));
    findings.push(
      finding('listener-conflicted', {
        subject: owner.key,
        field,
        message: `listener "${listener.name}" conflicts (${[...new Set(conflicts.map((conflict) => conflict.reason))].join(', ')}): ${[...new Set(conflicts.map((conflict) => conflict.message))].join(' ')} Give each listener on a port a distinct hostname, or use distinct ports.`,
        mentions: conflicts.flatMap((conflict) => conflict.mentions ?? []),
      }),
    );
  } else if (draft.supportedProtocol) {
    conditions.push(condition('Conflicted', 'False', 'NoConflicts', 'No conflicts.', generation));
  }
  if (invalid.length > 0) {
    findings.push(
      finding('listener-invalid', {
        subject: owner.key,
        field,
        message: `listener "${listener.name}": ${invalid.join('; ')}.`,
        discriminator: `${field}:invalid`,
      }),
    );
  }
  const healthy = accepted && unresolved.length === 0 && invalid.length === 0;
  // Faults only some implementations count (a kind they may serve) leave Programmed to them too.
  const onlyOptional =
    !healthy && accepted && invalid.length === 0 && unresolved.every((fault) => fault.optional === true);
  const conflictOnly = conflicted && notAccepted.length === 0 && unresolved.length === 0;
  const why = [
    ...(invalid.length > 0 ? [invalid.join('; ')] : []),
    ...notAccepted.map((fault) => fault.message),
    ...conflicts.map((conflict) => conflict.message),
    ...unresolved.map((fault) => fault.message),
  ];
  conditions.push(
    healthy
      ? condition(
          'Programmed',
          'Unknown',
          'Pending',
          'Only the controller knows whether the data plane is programmed.',
          generation,
          { basis: 'runtime' },
        )
      : condition(
          'Programmed',
          'False',
          conflictOnly ? (conflicts[0]?.reason ?? 'Invalid') : 'Invalid',
          [...new Set(why)].join(' ') || 'Listener is invalid.',
          generation,
          {
            basis: 'implementation',
            // Conformance writes the conflict reason on a ListenerSet listener; the spec's own reason is Invalid.
            alternatives: onlyOptional ? ['Programmed'] : conflictOnly ? ['Invalid'] : [],
            // The message names the other listeners that conflict with this one.
            mentions: conflicts.flatMap((conflict) => conflict.mentions ?? []),
          },
        ),
  );
  if (draft.overlapping) {
    conditions.push(
      condition('OverlappingTLSConfig', 'True', 'OverlappingHostnames', draft.overlapping, generation),
    );
    findings.push(
      finding('overlapping-tls-config', {
        subject: owner.key,
        field,
        message: `listener "${listener.name}": ${draft.overlapping}`,
      }),
    );
  }
  const tlsMode = tlsModeOf(listener);
  return {
    name: listener.name,
    protocol: listener.protocol,
    port: listener.port,
    ...(listener.hostname === undefined ? {} : { hostname: listener.hostname }),
    ...(tlsMode === undefined ? {} : { tlsMode }),
    field,
    // A listener that is not accepted serves no route kind (the conformance suite expects [] there).
    supportedKinds: accepted ? draft.supportedKinds : [],
    attachableKinds: draft.supportedKinds,
    optionalKinds: draft.optionalKinds,
    allowed: draft.allowed,
    conditions,
    accepted,
    conflicted,
    resolvedRefs: unresolved.length === 0,
  };
}

/** Whether a listener admits Routes from `namespace` (labels looked up through the context). */
export function listenerAllowsNamespace(
  ctx: AnalysisContext,
  allowed: AllowedNamespaces,
  namespace: string,
): boolean {
  switch (allowed.from) {
    case 'All':
      return true;
    case 'Same':
      return allowed.namespace === namespace;
    case 'None':
      return false;
    case 'Selector': {
      const result = matchLabelSelector(allowed.selector, ctx.namespaceLabels(namespace));
      return result.valid && result.matches;
    }
  }
}
