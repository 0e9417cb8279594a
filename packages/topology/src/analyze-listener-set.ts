/**
 * Predicts a ListenerSet's status. Listeners merge into the parent Gateway in order: the
 * Gateway's own first, then ListenerSets oldest first (then by namespace/name); a listener that
 * conflicts with one before it loses. `from: Same` on a ListenerSet listener means the
 * ListenerSet's namespace.
 * @see https://gateway-api.sigs.k8s.io/api-types/listenerset/
 */
import type { ListenerSetAnalysis } from './analysis-results.ts';
export type { ListenerSetAnalysis } from './analysis-results.ts';
import type { AnalysisContext } from './analysis-context.ts';
import {
  draftListeners,
  finishListener,
  markConflicts,
  type ListenerAnalysis,
  type ListenerOwner,
  type PriorListener,
} from './analyze-listeners.ts';
import { condition } from './conditions.ts';
import type { DecodedOfRole } from './decode-object.ts';
import { finding, type Finding } from './findings.ts';
import { listLimitFindings } from './limits.ts';
import type { ListenerSet } from './gateway-api.ts';
import { matchLabelSelector } from './label-selector.ts';
import { mentionListener } from './mention.ts';
import type { ObjectKey } from './object-key.ts';
import { resolveListenerSetParent } from './resolve-refs.ts';
import { compareByAge } from './precedence.ts';

export function analyzeListenerSet(
  ctx: AnalysisContext,
  decoded: DecodedOfRole<'listenerset'>,
): ListenerSetAnalysis {
  const set = decoded.object;
  const namespace = set.metadata.namespace ?? 'default';
  const generation = set.metadata.generation;
  const parent = resolveListenerSetParent(namespace, set.spec.parentRef);
  // Lists over the CRD's limits were cut when the object was decoded; say so first.
  const findings: Finding[] = listLimitFindings(decoded);
  const grantUses = new Set<ObjectKey>();
  const pending = (message: string): ListenerSetAnalysis => ({
    key: decoded.key,
    generation,
    parent: parent.key,
    owned: false,
    controllerName: undefined,
    accepted: false,
    conditions: [
      condition('Accepted', 'Unknown', 'Pending', message, generation),
      condition('Programmed', 'Unknown', 'Pending', message, generation),
    ],
    listeners: [],
    findings,
    grantUses,
  });
  const gatewayObject = ctx.get(parent.key);
  if (parent.kind !== 'Gateway' || gatewayObject?.role !== 'gateway') {
    findings.push(
      finding('listenerset-not-accepted', {
        subject: decoded.key,
        related: [parent.key],
        field: 'spec.parentRef',
        message: `ListenerSet ${namespace}/${set.metadata.name} attaches to ${parent.kind} ${parent.namespace}/${parent.name}, which does not exist.`,
      }),
    );
    return pending('Waiting for controller');
  }
  const gateway = gatewayObject.object;
  const gatewayAnalysis = ctx.gatewayResult(parent.key);
  if (!gatewayAnalysis?.owned) return pending('Waiting for controller');
  const controllerName = gatewayAnalysis.controllerName;

  const allowedHere = (candidate: ListenerSet): boolean => {
    const candidateNamespace = candidate.metadata.namespace ?? 'default';
    const from = gateway.spec.allowedListeners?.namespaces?.from ?? 'None';
    if (from === 'All') return true;
    if (from === 'Same') return candidateNamespace === (gateway.metadata.namespace ?? 'default');
    if (from === 'Selector') {
      const selector = gateway.spec.allowedListeners?.namespaces?.selector;
      if (!selector) return false;
      const result = matchLabelSelector(selector, ctx.namespaceLabels(candidateNamespace));
      return result.valid && result.matches;
    }
    return false;
  };
  const own = (candidateKey: ObjectKey, candidate: ListenerSet): ListenerOwner => ({
    key: candidateKey,
    group: candidate.apiVersion.split('/')[0] ?? '',
    kind: candidate.kind,
    namespace: candidate.metadata.namespace ?? 'default',
    generation: candidate.metadata.generation,
  });

  // Both reasons may hold at once; the spec orders neither, so the second is the first's alternative.
  const refused = (
    reasons: readonly { readonly reason: 'NotAllowed' | 'ParentNotAccepted'; readonly message: string }[],
  ): ListenerSetAnalysis => {
    const reason = reasons[0]?.reason ?? 'NotAllowed';
    const message = reasons.map((entry) => entry.message).join(' ');
    const extra = {
      basis: reasons.length > 1 ? ('implementation' as const) : ('spec' as const),
      alternatives: reasons.slice(1).map((entry) => entry.reason),
    };
    findings.push(
      finding('listenerset-not-accepted', {
        subject: decoded.key,
        related: [parent.key],
        field: 'spec.parentRef',
        message,
      }),
    );
    return {
      key: decoded.key,
      generation,
      parent: parent.key,
      owned: true,
      controllerName,
      accepted: false,
      conditions: [
        condition('Accepted', 'False', reason, message, generation, extra),
        condition('Programmed', 'False', reason, message, generation, extra),
      ],
      listeners: [],
      findings,
      grantUses,
    };
  };
  const reasons: { reason: 'NotAllowed' | 'ParentNotAccepted'; message: string }[] = [];
  if (!allowedHere(set)) {
    const from = gateway.spec.allowedListeners?.namespaces?.from ?? 'None';
    reasons.push({
      reason: 'NotAllowed',
      message: `Gateway ${parent.namespace}/${parent.name} does not allow ListenerSets from namespace ${namespace} (spec.allowedListeners.namespaces.from is ${from}).`,
    });
  }
  if (gatewayAnalysis.conditions.find((item) => item.type === 'Accepted')?.status !== 'True') {
    reasons.push({
      reason: 'ParentNotAccepted',
      message: `The parent Gateway ${parent.namespace}/${parent.name} is not accepted.`,
    });
  }
  if (reasons.length > 0) return refused(reasons);

  // Merge order: the Gateway's listeners, then each earlier allowed ListenerSet's surviving ones.
  // Gateway listeners whose protocol is unsupported claim no port (as among the Gateway's own).
  const earlier: PriorListener[] = gatewayAnalysis.listeners
    .filter(
      (listener) =>
        listener.conditions.find((item) => item.type === 'Accepted')?.reason !== 'UnsupportedProtocol',
    )
    .map((listener) => ({
      protocol: listener.protocol,
      port: listener.port,
      hostname: listener.hostname,
      tlsMode: listener.tlsMode,
      owner: `Gateway listener "${listener.name}"`,
      mention: { key: parent.key, listener: listener.name, text: `Gateway listener "${listener.name}"` },
    }));
  const siblings = ctx
    .listenerSetsOf(parent.key)
    .filter((entry) => allowedHere(entry.set))
    .sort((a, b) => compareByAge(a.set.metadata, b.set.metadata));
  let analyzed: ListenerAnalysis[] = [];
  for (const sibling of siblings) {
    const siblingOwner = own(sibling.key, sibling.set);
    const isSelf = sibling.key === decoded.key;
    const scratch: Finding[] = [];
    const drafts = draftListeners(
      ctx,
      { owner: siblingOwner, listeners: sibling.set.spec.listeners ?? [], field: 'spec.listeners' },
      gateway,
      isSelf ? findings : scratch,
      isSelf ? grantUses : new Set(),
    );
    markConflicts(drafts, earlier, ctx.options.mixedTlsModesOnPort, 'first-come');
    const finished = drafts.map((draft) =>
      finishListener(draft, siblingOwner, isSelf ? findings : scratch, { conflictLosesAcceptance: 'spec' }),
    );
    if (isSelf) {
      analyzed = finished;
      break;
    }
    for (const listener of finished) {
      if (!listener.conflicted) {
        const mention = mentionListener(sibling.key, listener.name);
        earlier.push({
          protocol: listener.protocol,
          port: listener.port,
          hostname: listener.hostname,
          tlsMode: listener.tlsMode,
          owner: mention.text,
          mention,
        });
      }
    }
  }

  const valid = analyzed.filter((listener) => listener.accepted && listener.resolvedRefs);
  const accepted = valid.length > 0;
  const conditions = accepted
    ? [
        condition(
          'Accepted',
          'True',
          valid.length === analyzed.length ? 'Accepted' : 'ListenersNotValid',
          valid.length === analyzed.length
            ? 'ListenerSet is valid.'
            : `${analyzed.length - valid.length} of ${analyzed.length} listeners are not valid.`,
          generation,
        ),
        condition(
          'Programmed',
          'Unknown',
          'Pending',
          'Only the controller knows whether the data plane is programmed.',
          generation,
          { basis: 'runtime' },
        ),
      ]
    : [
        condition('Accepted', 'False', 'ListenersNotValid', 'No listener is valid.', generation),
        condition('Programmed', 'False', 'ListenersNotValid', 'No listener is valid.', generation),
      ];
  if (!accepted) {
    findings.push(
      finding('listenerset-not-accepted', {
        subject: decoded.key,
        related: [parent.key],
        message: `ListenerSet ${namespace}/${set.metadata.name} has no valid listener, so it is not accepted.`,
      }),
    );
  }
  return {
    key: decoded.key,
    generation,
    parent: parent.key,
    owned: true,
    controllerName,
    accepted,
    conditions,
    listeners: analyzed,
    findings,
    grantUses,
  };
}
