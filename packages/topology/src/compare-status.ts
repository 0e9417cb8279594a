/**
 * Compares the status a controller reported with the status the spec predicts, and finds stale
 * status (conditions whose observedGeneration is behind metadata.generation).
 */
import type { GatewayAnalysis } from './analyze-gateway.ts';
import type { ListenerAnalysis } from './analyze-listeners.ts';
import type { ListenerSetAnalysis } from './analyze-listener-set.ts';
import type { RouteAnalysis } from './analyze-route.ts';
import { findCondition, type PredictedCondition } from './conditions.ts';
import type { DecodedObject } from './decode-object.ts';
import { finding, type Finding } from './findings.ts';
import type { GatewayStatus, ListenerStatus } from './gateway-api.ts';
import type { Condition } from './meta.ts';
import type { Mention } from './mention.ts';
import type { ObjectKey } from './object-key.ts';
import { resolveParentRef } from './resolve-refs.ts';

/** What the comparison reads from the engine. */
export interface StatusSource {
  gateway(key: ObjectKey): GatewayAnalysis | undefined;
  listenerSet(key: ObjectKey): ListenerSetAnalysis | undefined;
  route(key: ObjectKey): RouteAnalysis | undefined;
  attachedRouteCount(parent: ObjectKey, listener: string): number;
  attachedListenerSetCount(gateway: ObjectKey): number;
}

const COMPARED: readonly string[] = ['Accepted', 'ResolvedRefs', 'Conflicted'];
/** What an object without status gets: one shared empty list. */
const NOTHING: readonly Finding[] = Object.freeze([]);

/** A reported condition is stale when its observedGeneration is behind the object's generation. */
export function isStaleCondition(generation: number | undefined, reported: Condition): boolean {
  return (
    generation !== undefined &&
    reported.observedGeneration !== undefined &&
    reported.observedGeneration < generation
  );
}

export function compareStatus(source: StatusSource, decoded: DecodedObject): readonly Finding[] {
  if (decoded.object.status === undefined) return NOTHING;
  const findings: Finding[] = [];
  const generation = decoded.object.metadata.generation;
  const stale: string[] = [];
  const noteStale = (where: string, conditions: readonly Condition[] | undefined) => {
    for (const item of conditions ?? []) {
      if (isStaleCondition(generation, item)) {
        stale.push(`${where}${item.type} (observedGeneration ${item.observedGeneration})`);
      }
    }
  };
  const disagreements: string[] = [];
  // Predicted messages quoted in disagreements name what their conditions mention, and reported
  // parents are named by their refs: both may be objects another view cannot see.
  const mentions: Mention[] = [];
  const compare = (
    where: string,
    reported: readonly Condition[] | undefined,
    predicted: readonly PredictedCondition[],
  ) => {
    for (const type of COMPARED) {
      const want = findCondition(predicted, type);
      const got = findCondition(reported, type);
      // Runtime and unreadable (RBAC) predictions are Unknown: nothing to hold the controller to.
      if (!want || !got || want.basis === 'runtime' || want.basis === 'rbac') continue;
      if (got.status === 'Unknown' && (got.reason === 'Pending' || got.reason === 'Waiting')) continue;
      if (got.status !== want.status) {
        if (want.mentions) mentions.push(...want.mentions);
        disagreements.push(
          `${where}${type} is reported ${got.status} (${got.reason}) but the spec predicts ${want.status} (${want.reason}${want.alternatives ? ` or ${want.alternatives.join(', ')}` : ''}): ${want.message}`,
        );
      } else if (
        got.reason !== want.reason &&
        want.basis === 'spec' &&
        !(want.alternatives ?? []).includes(got.reason)
      ) {
        disagreements.push(
          `${where}${type} is reported with reason ${got.reason}; the spec's reason is ${want.reason}`,
        );
      }
    }
  };
  const key = decoded.key;
  const role = decoded.role;
  const status = decoded.object.status as
    { conditions?: Condition[]; listeners?: ListenerStatus[] } | undefined;

  if (role === 'gateway' || role === 'listenerset') {
    const analysis = role === 'gateway' ? source.gateway(key) : source.listenerSet(key);
    noteStale('', status?.conditions);
    for (const listener of status?.listeners ?? [])
      noteStale(`listener "${listener.name}" `, listener.conditions);
    if (analysis?.owned) {
      compare('', status?.conditions, analysis.conditions);
      for (const reported of status?.listeners ?? []) {
        const predicted: ListenerAnalysis | undefined = analysis.listeners.find(
          (listener) => listener.name === reported.name,
        );
        if (!predicted) continue;
        compare(`listener "${reported.name}" `, reported.conditions, predicted.conditions);
        const count = source.attachedRouteCount(key, reported.name);
        if (reported.attachedRoutes !== count && (status?.conditions?.length ?? 0) > 0) {
          disagreements.push(
            `listener "${reported.name}" reports attachedRoutes ${reported.attachedRoutes}, but ${count} Route${count === 1 ? '' : 's'} attach by the spec's rules`,
          );
        }
      }
      const reportedSets =
        role === 'gateway' ? (status as GatewayStatus | undefined)?.attachedListenerSets : undefined;
      if (reportedSets !== undefined && reportedSets !== source.attachedListenerSetCount(key)) {
        disagreements.push(
          `attachedListenerSets is reported ${reportedSets}, but ${source.attachedListenerSetCount(key)} ListenerSets are accepted by the spec's rules`,
        );
      }
    }
  } else if (role === 'route') {
    const route = decoded.object;
    const analysis = source.route(key);
    const namespace = route.metadata.namespace ?? 'default';
    for (const reported of route.status?.parents ?? []) {
      const ref = resolveParentRef(namespace, reported.parentRef);
      const named: Mention = { key: ref.key, text: `${ref.kind} ${ref.namespace}/${ref.name}` };
      const where = `parent ${named.text}${ref.sectionName ? ` (${ref.sectionName})` : ''} `;
      if (!mentions.some((mention) => mention.key === named.key)) mentions.push(named);
      noteStale(where, reported.conditions);
      const predicted = analysis?.parents.find(
        (parent) =>
          parent.written &&
          parent.parent.key === ref.key &&
          parent.parent.sectionName === ref.sectionName &&
          parent.parent.port === ref.port &&
          parent.controllerName === reported.controllerName,
      );
      if (predicted) compare(where, reported.conditions, predicted.conditions);
    }
  } else {
    noteStale('', status?.conditions);
  }

  if (stale.length > 0) {
    findings.push(
      finding('status-stale', {
        subject: key,
        field: 'status',
        message: `Status is stale: the object is at generation ${generation ?? '?'}, but ${stale.join(', ')} describe an older spec. The controller has not processed the latest change (it may be down, lagging, or rejecting the object).`,
        mentions,
      }),
    );
  }
  disagreements.forEach((text, index) => {
    findings.push(
      finding('status-disagrees', {
        subject: key,
        field: 'status',
        discriminator: `status:${index}`,
        message: `${text}.`,
        mentions,
      }),
    );
  });
  return findings;
}
