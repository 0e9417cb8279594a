/**
 * Verdicts: the facts gatemap holds about one object that can flip, in one comparable form, and
 * the changes between two sets of them. A verdict is one of
 * - `condition`: a predicted condition, at the object's status, a listener, a Route parent or a
 *   policy ancestor (predicted-status.ts);
 * - `attached-routes` / `attached-listener-sets`: a listener's attachedRoutes, a Gateway's
 *   attachedListenerSets;
 * - `finding`: a finding about the object, while it is raised;
 * - `reported`: a condition as the controller wrote it (reported-conditions.ts);
 * - `stale`: whether the reported status describes an older spec (compare-status.ts).
 *
 * Ids are stable within the object: `<place>:<type>`, where the place is `status`,
 * `listener:<name>`, `parent:<resolved key>[#<section>][@<port>]` or
 * `ancestor:<resolved key>[#<section>]` (references read through resolve-refs.ts, so a reference
 * written with its defaults and one without them are one place); reported conditions are
 * `reported:<place>:<type>` (a second controller writing the same place adds `~<controllerName>`);
 * counts are `listener:<name>:attachedRoutes` and `status:attachedListenerSets`; findings are
 * `finding:<finding id>`; staleness is `stale`.
 *
 * Which values work (`ok`): a condition of positive polarity when True, one of negative polarity
 * (Conflicted, OverlappingTLSConfig, PartiallyInvalid, InsecureFrontendValidationMode) when not
 * True; a predicted Unknown counts as working when only a running data plane or an unreadable
 * object could tell (`basis` runtime or rbac). Counts always work (what they count has verdicts of
 * its own). A raised finding works only when it is informational; status works while not stale.
 *
 * Directions (`diffVerdicts`): each side of a change has a state, working or not: a present
 * verdict's `ok`; an absent finding is cleared, so working; another absent verdict is not working
 * while its place is still declared by the object (a listener of its spec, a parentRef of its
 * spec: the controller would write nothing there), and has no state otherwise (the place was
 * removed, or the object does not exist on that side). `broke`: working before, not working after.
 * `recovered`: not working before, working after. `changed`: anything else (both working, both
 * not, or a side without state — a new object's verdicts, a removed listener's). A deleted object
 * yields no verdict changes of its own: the object change records the deletion, and the objects
 * that relied on it have verdicts that flip.
 */
import { isStaleCondition } from './compare-status.ts';
import { conditionScope, type ConditionPlace } from './condition-scope.ts';
import type { PredictedCondition } from './conditions.ts';
import type { TopologyEngine } from './engine.ts';
import type { Finding, Severity } from './findings.ts';
import type { ParentReference } from './gateway-api.ts';
import type { Condition } from './meta.ts';
import { mentionObject, objectLabel, type Mention } from './mention.ts';
import type { ObjectKey } from './object-key.ts';
import { predictStatus } from './predicted-status.ts';
import { reportedConditions } from './reported-conditions.ts';
import { resolveParentRef } from './resolve-refs.ts';

export type VerdictAspect =
  'condition' | 'attached-routes' | 'attached-listener-sets' | 'finding' | 'reported' | 'stale';

export interface Verdict {
  /** Stable within the object (see the module's doc). */
  readonly id: string;
  readonly aspect: VerdictAspect;
  /** Where it sits, as an id: `status`, `listener:http`, `parent:Gateway/infra/web#http`, `finding`. */
  readonly placeId: string;
  /** Where it sits, in words as the map shows it: `status`, `listener http`, `parent Gateway infra/web (http)`. */
  readonly place: string;
  /** What is judged: a condition type, `attachedRoutes`, `attachedListenerSets`, a finding's code, `status`. */
  readonly type: string;
  /** The value in words: `True (Accepted)`, `False (NotAllowedByListeners)`, `3`, `raised (error)`, `stale`. */
  readonly value: string;
  /** A condition's status, for messages that name only what changed. */
  readonly status?: string;
  /** The value is a working state. */
  readonly ok: boolean;
  /** A finding's severity and title. */
  readonly severity?: Severity;
  readonly title?: string;
  /** Every object `place` names. */
  readonly mentions: readonly Mention[];
}

/** The verdicts of one object that exists. */
export interface Verdicts {
  readonly key: ObjectKey;
  readonly byId: ReadonlyMap<string, Verdict>;
  /** Place ids the object declares (its listeners, its parentRefs, `status`), whether or not they hold verdicts. */
  readonly places: ReadonlySet<string>;
}

export type VerdictDirection = 'broke' | 'recovered' | 'changed';

export interface VerdictChange {
  readonly key: ObjectKey;
  readonly id: string;
  readonly direction: VerdictDirection;
  /** Absent when the verdict appeared. */
  readonly before?: Verdict;
  /** Absent when the verdict disappeared. */
  readonly after?: Verdict;
  /** e.g. `HTTPRoute shop/web: Accepted True → False (NotAllowedByListeners) on parent Gateway infra/web (http)`. */
  readonly message: string;
  /** Every object the message names, the object itself first. */
  readonly mentions: readonly Mention[];
}

const NEGATIVE: ReadonlySet<string> = new Set([
  'Conflicted',
  'OverlappingTLSConfig',
  'PartiallyInvalid',
  'InsecureFrontendValidationMode',
]);
const NONE: readonly Mention[] = Object.freeze([]);

/**
 * The verdicts of the object the engine holds under `key`, or undefined when it holds none.
 * O(the object's conditions and findings).
 */
export function verdictsOf(engine: TopologyEngine, key: ObjectKey): Verdicts | undefined {
  const decoded = engine.object(key);
  const object = decoded?.object ?? engine.unknownObject(key)?.object;
  if (object === undefined) return undefined;
  const namespace = object.metadata.namespace ?? 'default';
  const byId = new Map<string, Verdict>();
  const places = new Set<string>(['status']);
  const add = (verdict: Verdict) => {
    if (!byId.has(verdict.id)) byId.set(verdict.id, verdict);
  };

  const predicted = predictStatus(engine, key);
  switch (predicted?.kind) {
    case 'gateway':
    case 'listenerset':
      addConditions(add, { namespace, place: {}, conditions: predicted.status.conditions });
      if (predicted.status.attachedListenerSets !== undefined)
        add(
          countVerdict({
            place: {},
            namespace,
            type: 'attachedListenerSets',
            count: predicted.status.attachedListenerSets,
          }),
        );
      for (const listener of predicted.status.listeners) {
        const place = { listener: listener.name };
        addConditions(add, { namespace, place, conditions: listener.conditions });
        add(countVerdict({ place, namespace, type: 'attachedRoutes', count: listener.attachedRoutes }));
      }
      break;
    case 'route':
      for (const parent of predicted.status.parents)
        addConditions(add, {
          namespace,
          place: { parentRef: parent.parentRef },
          conditions: parent.conditions,
        });
      break;
    case 'policy':
      for (const ancestor of predicted.status.ancestors)
        addConditions(add, {
          namespace,
          place: { ancestorRef: ancestor.ancestorRef },
          conditions: ancestor.conditions,
        });
      break;
    case 'gatewayclass':
      addConditions(add, { namespace, place: {}, conditions: predicted.status.conditions });
      break;
    case undefined:
      break;
  }

  for (const finding of engine.findingsFor(key)) add(findingVerdict(finding));

  let stale = false;
  let reportedAny = false;
  const seen = new Set<string>();
  for (const entry of reportedConditions(object)) {
    let placeId = placeIdOf(namespace, entry);
    if (seen.has(placeId) && entry.controllerName !== undefined) placeId += `~${entry.controllerName}`;
    seen.add(placeId);
    for (const reported of entry.conditions) {
      reportedAny = true;
      if (isStaleCondition(object.metadata.generation, reported)) stale = true;
      add(reportedVerdict({ namespace, entry, placeId, reported }));
    }
  }
  if (reportedAny)
    add({
      id: 'stale',
      aspect: 'stale',
      placeId: 'status',
      place: 'status',
      type: 'status',
      value: stale ? 'stale' : 'current',
      ok: !stale,
      mentions: NONE,
    });

  // Declared places: where an absent verdict means the controller would write nothing.
  if (decoded?.role === 'gateway' || decoded?.role === 'listenerset')
    for (const listener of decoded.object.spec.listeners ?? []) places.add(`listener:${listener.name}`);
  for (const parent of engine.route(key)?.parents ?? [])
    places.add(placeIdOf(namespace, { parentRef: parent.parentRef }));
  return { key, byId, places };
}

/** The id of a place: `status`, `listener:<name>`, `parent:<key>[#<section>][@<port>]`, `ancestor:<key>[#<section>]`. */
function placeIdOf(namespace: string, place: ConditionPlace): string {
  const ref: ParentReference | undefined = place.parentRef ?? place.ancestorRef;
  if (ref) {
    const resolved = resolveParentRef(namespace, ref);
    const section = resolved.sectionName === undefined ? '' : `#${resolved.sectionName}`;
    const port = resolved.port === undefined ? '' : `@${resolved.port}`;
    return `${place.parentRef ? 'parent' : 'ancestor'}:${resolved.key}${section}${port}`;
  }
  return place.listener === undefined ? 'status' : `listener:${place.listener}`;
}

/** The objects `conditionScope` names, with its words for them. */
function placeMentions(namespace: string, place: ConditionPlace): readonly Mention[] {
  const ref = place.parentRef ?? place.ancestorRef;
  if (!ref) return NONE;
  const resolved = resolveParentRef(namespace, ref);
  return [{ key: resolved.key, text: `${resolved.kind} ${resolved.namespace}/${resolved.name}` }];
}

function conditionOk(condition: Condition, predicted: boolean): boolean {
  if (NEGATIVE.has(condition.type)) return condition.status !== 'True';
  if (condition.status === 'True') return true;
  const basis = predicted ? (condition as PredictedCondition).basis : undefined;
  return condition.status === 'Unknown' && (basis === 'runtime' || basis === 'rbac');
}

function conditionValue(condition: Condition): string {
  return condition.reason ? `${condition.status} (${condition.reason})` : condition.status;
}

function addConditions(
  add: (verdict: Verdict) => void,
  input: {
    readonly namespace: string;
    readonly place: ConditionPlace;
    readonly conditions: readonly PredictedCondition[];
  },
): void {
  const placeId = placeIdOf(input.namespace, input.place);
  const place = conditionScope(input.namespace, input.place);
  const mentions = placeMentions(input.namespace, input.place);
  for (const condition of input.conditions)
    add({
      id: `${placeId}:${condition.type}`,
      aspect: 'condition',
      placeId,
      place,
      type: condition.type,
      value: conditionValue(condition),
      status: condition.status,
      ok: conditionOk(condition, true),
      mentions,
    });
}

function reportedVerdict(input: {
  readonly namespace: string;
  readonly entry: ConditionPlace;
  readonly placeId: string;
  readonly reported: Condition;
}): Verdict {
  const { reported } = input;
  return {
    id: `reported:${input.placeId}:${reported.type}`,
    aspect: 'reported',
    placeId: input.placeId,
    place: conditionScope(input.namespace, input.entry),
    type: reported.type,
    value: conditionValue(reported),
    status: reported.status,
    ok: conditionOk(reported, false),
    mentions: placeMentions(input.namespace, input.entry),
  };
}

function countVerdict(input: {
  readonly place: ConditionPlace;
  readonly namespace: string;
  readonly type: 'attachedRoutes' | 'attachedListenerSets';
  readonly count: number;
}): Verdict {
  const { type, count } = input;
  const placeId = placeIdOf(input.namespace, input.place);
  return {
    id: `${placeId}:${type}`,
    aspect: type === 'attachedRoutes' ? 'attached-routes' : 'attached-listener-sets',
    placeId,
    place: conditionScope(input.namespace, input.place),
    type,
    value: String(count),
    ok: true,
    mentions: NONE,
  };
}

function findingVerdict(finding: Finding): Verdict {
  return {
    id: `finding:${finding.id}`,
    aspect: 'finding',
    placeId: 'finding',
    place: finding.field === undefined ? 'object' : finding.field,
    type: finding.code,
    value: `raised (${finding.severity})`,
    ok: finding.severity === 'info',
    severity: finding.severity,
    title: finding.title,
    mentions: NONE,
  };
}

// ---- changes ---------------------------------------------------------------------------------

/**
 * The verdict changes of one object between two moments: one per id whose value differs,
 * appeared or disappeared, problems first (`broke`, then other changes to a state that does not
 * work, then `recovered`, then the rest), then by id. Nothing when the object is gone after.
 */
export function diffVerdicts(
  key: ObjectKey,
  before: Verdicts | undefined,
  after: Verdicts | undefined,
): VerdictChange[] {
  if (after === undefined) return [];
  const changes: VerdictChange[] = [];
  const ids = new Set([...(before?.byId.keys() ?? []), ...after.byId.keys()]);
  for (const id of ids) {
    const was = before?.byId.get(id);
    const now = after.byId.get(id);
    const shape = now ?? was;
    if (shape === undefined || (was !== undefined && now !== undefined && sameVerdict(was, now))) continue;
    const wasOk = was ? was.ok : absentState(before, shape);
    const nowOk = now ? now.ok : absentState(after, shape);
    const direction: VerdictDirection =
      wasOk === true && nowOk === false
        ? 'broke'
        : wasOk === false && nowOk === true
          ? 'recovered'
          : 'changed';
    changes.push({
      key,
      id,
      direction,
      ...(was ? { before: was } : {}),
      ...(now ? { after: now } : {}),
      message: changeMessage({ key, was, now, shape }),
      mentions: [mentionObject(key), ...shape.mentions.filter((mention) => mention.key !== key)],
    });
  }
  return changes.sort(compareChanges);
}

function sameVerdict(left: Verdict, right: Verdict): boolean {
  return left.value === right.value && left.ok === right.ok && left.place === right.place;
}

/** Whether an absent verdict works (see the module's doc); undefined when it has no state. */
function absentState(verdicts: Verdicts | undefined, shape: Verdict): boolean | undefined {
  if (verdicts === undefined) return undefined;
  if (shape.aspect === 'finding') return true;
  if (
    shape.aspect === 'stale' ||
    shape.aspect === 'attached-routes' ||
    shape.aspect === 'attached-listener-sets'
  )
    return undefined;
  return verdicts.places.has(shape.placeId) ? false : undefined;
}

function rank(change: VerdictChange): number {
  if (change.direction === 'broke') return 0;
  if (change.after !== undefined && !change.after.ok) return 1;
  if (change.direction === 'recovered') return 2;
  return 3;
}

/** Problems first (see `diffVerdicts`), then by object key and id. */
export function compareChanges(left: VerdictChange, right: VerdictChange): number {
  return (
    rank(left) - rank(right) ||
    (left.key < right.key ? -1 : left.key > right.key ? 1 : 0) ||
    (left.id < right.id ? -1 : left.id > right.id ? 1 : 0)
  );
}

function changeMessage(input: {
  readonly key: ObjectKey;
  readonly was: Verdict | undefined;
  readonly now: Verdict | undefined;
  readonly shape: Verdict;
}): string {
  const { was, now, shape } = input;
  const label = objectLabel(input.key);
  switch (shape.aspect) {
    case 'finding': {
      const at = shape.place === 'object' ? '' : ` at ${shape.place}`;
      const what = `${shape.type} (${shape.title ?? ''})`;
      if (!was) return `${label}: ${now?.severity} ${what} raised${at}`;
      if (!now) return `${label}: ${was.severity} ${what} cleared${at}`;
      return `${label}: ${what}${at} is now ${now.severity} (was ${was.severity})`;
    }
    case 'stale':
      return `${label}: reported status ${was?.value ?? 'absent'} → ${now?.value ?? 'absent'}`;
    default: {
      const reported = shape.aspect === 'reported' ? 'reported ' : '';
      const on = shape.placeId === 'status' ? '' : ` on ${shape.place}`;
      // When the status changed, the old reason is noise: `True → False (NotAllowedByListeners)`,
      // `True → absent`.
      const from =
        was === undefined
          ? 'absent'
          : was.status !== undefined && was.status !== now?.status
            ? was.status
            : was.value;
      return `${label}: ${reported}${shape.type} ${from} → ${now?.value ?? 'absent'}${on}`;
    }
  }
}
