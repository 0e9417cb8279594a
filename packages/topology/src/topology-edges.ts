/**
 * The edges of the graph, one row per relation: which objects hold the reference (by role), and
 * how its edges are read from the object and its analysis. Adding a relation adds a row. Each
 * edge carries the state a controller reported or gatemap predicts, with its reason as a code.
 */
import { policyTargets } from './analyze-policy.ts';
import type { RouteAnalysis } from './analyze-route.ts';
import { findCondition } from './conditions.ts';
import type { DecodedObject, DecodedOfRole } from './decode-object.ts';
import type { TopologyEngine } from './engine.ts';
import type { UnitResult } from './engine-slot.ts';
import type { Finding, FindingSlug } from './findings.ts';
import type { KindRole } from './kinds.ts';
import type { ObjectKey } from './object-key.ts';
import { ingressEdges } from './ingress-edges.ts';
import type { TopologyEdge } from './protocol.ts';
import {
  resolveGatewayClassRef,
  resolveListenerSetParent,
  resolveLocalRef,
  resolveParentRef,
  resolveSecretRef,
} from './resolve-refs.ts';

/** An object's edges of one relation; `result` is its analysis when at hand. */
type EdgeBuilder<Role extends KindRole> = (
  engine: TopologyEngine,
  object: DecodedOfRole<Role>,
  result: UnitResult | undefined,
) => readonly TopologyEdge[];

interface Relation<Role extends KindRole> {
  /** The edge types the relation draws. */
  readonly types: readonly TopologyEdge['type'][];
  readonly build: EdgeBuilder<Role>;
}

/**
 * Every relation the graph draws, under the role of the objects that hold the reference; an
 * object's edges come in the order of its role's rows.
 */
const RELATIONS: { readonly [Role in KindRole]?: readonly Relation<Role>[] } = {
  gateway: [
    { types: ['class'], build: gatewayClassEdge },
    { types: ['certificate'], build: certificateEdges },
  ],
  listenerset: [{ types: ['listenerset-parent'], build: listenerSetParentEdge }],
  // One row for a Route's parents and backends: its list is sized once from its analysis.
  route: [{ types: ['parent', 'backend', 'mirror'], build: routeEdges }],
  policy: [{ types: ['policy-target'], build: policyTargetEdges }],
  ingress: [{ types: ['class', 'backend'], build: ingressEdges }],
};

const NONE: readonly never[] = Object.freeze([]);

/** An object's edges: those of each relation its role holds, in the order of the rows. */
export function buildEdges(
  engine: TopologyEngine,
  object: DecodedObject,
  result: UnitResult | undefined,
): readonly TopologyEdge[] {
  return edgesOf(engine, object.role, object, result);
}

/** The edges of an object of a role (its role given apart, so that its rows take the object). */
function edgesOf<Role extends KindRole>(
  engine: TopologyEngine,
  role: Role,
  object: DecodedOfRole<Role>,
  result: UnitResult | undefined,
): readonly TopologyEdge[] {
  const relations = RELATIONS[role];
  if (relations === undefined) return NONE;
  // Most objects with edges hold one relation (Routes): its list is kept as it is made.
  const only = relations.length === 1 ? relations.at(0) : undefined;
  if (only !== undefined) return only.build(engine, object, result);
  const edges: TopologyEdge[] = [];
  for (const relation of relations) edges.push(...relation.build(engine, object, result));
  return edges.length === 0 ? NONE : edges;
}

function gatewayClassEdge(engine: TopologyEngine, object: DecodedObject<'Gateway'>): readonly TopologyEdge[] {
  const out: TopologyEdge[] = [];
  const gateway = object.object;
  const classRef = resolveGatewayClassRef(gateway.spec.gatewayClassName);
  const classExists = engine.object(classRef.key) !== undefined;
  // The class edge points from the class to its Gateway: the map reads GatewayClass → Gateway.
  out.push({
    id: `class:${object.key}`,
    type: 'class',
    from: classRef.key,
    to: object.key,
    field: 'spec.gatewayClassName',
    state: classExists ? 'resolved' : 'unresolved',
    reason: classExists ? 'Resolved' : 'GatewayClassNotFound',
    message: classExists
      ? `GatewayClass ${gateway.spec.gatewayClassName}`
      : `GatewayClass ${gateway.spec.gatewayClassName} does not exist.`,
    source: 'predicted',
    crossNamespace: false,
  });
  return out;
}

function certificateEdges(engine: TopologyEngine, object: DecodedObject<'Gateway'>): readonly TopologyEdge[] {
  const out: TopologyEdge[] = [];
  const gateway = object.object;
  const namespace = gateway.metadata.namespace ?? 'default';
  for (const [listenerIndex, listener] of (gateway.spec.listeners ?? []).entries())
    for (const [index, raw] of (listener.tls?.certificateRefs ?? []).entries()) {
      const ref = resolveSecretRef(namespace, raw);
      const field = `spec.listeners[${listenerIndex}].tls.certificateRefs[${index}]`;
      out.push(
        referenceEdge({
          owner: object.key,
          type: 'certificate',
          target: ref.key,
          field,
          crossNamespace: ref.crossNamespace,
          problem: findingAt(engine, object.key, field),
          listeners: [listener.name],
        }),
      );
    }
  return out;
}

function listenerSetParentEdge(
  engine: TopologyEngine,
  object: DecodedOfRole<'listenerset'>,
): readonly TopologyEdge[] {
  const out: TopologyEdge[] = [];
  const set = object.object;
  const analysis = engine.listenerSet(object.key);
  const parent = resolveListenerSetParent(set.metadata.namespace ?? 'default', set.spec.parentRef);
  const accepted = findCondition(analysis?.conditions, 'Accepted');
  const reported = findCondition(set.status?.conditions, 'Accepted');
  const predictedState =
    accepted?.status === 'True' ? 'accepted' : accepted?.status === 'False' ? 'rejected' : 'pending';
  const state = reported ? stateOf(reported.status) : predictedState;
  out.push({
    id: `listenerset-parent:${object.key}`,
    type: 'listenerset-parent',
    from: object.key,
    to: parent.key,
    field: 'spec.parentRef',
    state,
    reason: reported?.reason ?? accepted?.reason ?? 'Pending',
    message: reported?.message ?? accepted?.message ?? '',
    ...(reported || !accepted?.mentions ? {} : { mentions: accepted.mentions }),
    source: reported ? 'reported' : 'predicted',
    ...(reported && (state !== predictedState || reported.reason !== accepted?.reason)
      ? { predicted: { state: predictedState, reason: accepted?.reason ?? 'Pending' } }
      : {}),
    crossNamespace: parent.crossNamespace,
  });
  return out;
}

/** A Route's parent edges, then its backend and mirror edges, in one list of their number. */
function routeEdges(
  engine: TopologyEngine,
  object: DecodedOfRole<'route'>,
  result: UnitResult | undefined,
): readonly TopologyEdge[] {
  const analysis = (result as RouteAnalysis | undefined) ?? engine.route(object.key);
  if (!analysis) return NONE;
  // Sized once: the list is kept, and one grown by push holds room for more.
  const edges = new Array<TopologyEdge>(analysis.parents.length + analysis.backends.length);
  const count = routeParentEdges(engine, object, analysis, edges);
  routeBackendEdges(object, analysis, edges, count);
  return edges;
}

/** Fills `edges` from 0 with a Route's parent edges; returns how many. */
function routeParentEdges(
  engine: TopologyEngine,
  object: DecodedOfRole<'route'>,
  analysis: RouteAnalysis,
  edges: TopologyEdge[],
): number {
  let count = 0;
  const route = object.object;
  const namespace = route.metadata.namespace ?? 'default';
  for (const parent of analysis.parents) {
    const accepted = findCondition(parent.conditions, 'Accepted');
    const predictedState = !parent.written
      ? parent.unwrittenReason === 'UnsupportedParentKind'
        ? 'pending'
        : 'rejected'
      : accepted?.status === 'True'
        ? 'accepted'
        : accepted?.status === 'False'
          ? 'rejected'
          : 'pending';
    const predictedReason = !parent.written
      ? (parent.unwrittenReason ?? 'UnsupportedParentKind')
      : (accepted?.reason ?? 'Pending');
    const reportedEntry = route.status?.parents?.find((entry) => {
      const ref = resolveParentRef(namespace, entry.parentRef);
      return (
        ref.key === parent.parent.key &&
        ref.sectionName === parent.parent.sectionName &&
        ref.port === parent.parent.port &&
        (parent.controllerName === undefined || entry.controllerName === parent.controllerName)
      );
    });
    const reported = findCondition(reportedEntry?.conditions, 'Accepted');
    const state = reported ? stateOf(reported.status) : predictedState;
    const reason = reported?.reason ?? predictedReason;
    edges[count++] = {
      id: edgeId('parent', object.key, String(parent.index)),
      type: 'parent',
      from: object.key,
      to: parent.parent.key,
      field: engine.shared.parentField(parent.index),
      listeners: parent.accepted
        ? parent.listeners
        : parent.parent.sectionName
          ? [parent.parent.sectionName]
          : [],
      state,
      reason,
      message: reported?.message ?? accepted?.message ?? parent.unwrittenBecause ?? '',
      mentions: reported ? undefined : accepted?.mentions,
      source: reported ? 'reported' : 'predicted',
      predicted:
        reported && (state !== predictedState || reason !== predictedReason)
          ? { state: predictedState, reason: predictedReason }
          : undefined,
      crossNamespace: parent.parent.crossNamespace,
    };
  }
  return count;
}

/** Fills `edges` from `from` on with a Route's backend and mirror edges. */
function routeBackendEdges(
  object: DecodedObject,
  analysis: RouteAnalysis,
  edges: TopologyEdge[],
  from: number,
): void {
  let count = from;
  for (const backend of analysis.backends) {
    // One shape for every backend edge (absent fields undefined), another for parent edges:
    // each holds only the fields of its kind, and there are many of both.
    edges[count++] = {
      id: edgeId(backend.role, object.key, backend.field),
      type: backend.role === 'mirror' ? 'mirror' : 'backend',
      from: object.key,
      to: backend.ref.key,
      field: backend.field,
      state: backend.resolved ? 'resolved' : 'unresolved',
      reason: backend.resolved ? 'ResolvedRefs' : (backend.reason ?? 'BackendNotFound'),
      message: backend.message ?? 'Resolved.',
      source: 'predicted',
      weight: backend.role === 'backend' ? backend.ref.weight : undefined,
      share: backend.share === undefined ? undefined : Math.round(backend.share * 10) / 10,
      rule: backend.rule,
      crossNamespace: backend.ref.crossNamespace,
      grant: backend.grant,
      missingGrant: backend.reason === 'RefNotPermitted' ? true : undefined,
    };
  }
}

/**
 * A BackendTLSPolicy's edges to its targets, in the scheme of policies of discovered kinds
 * (`policy-edges.ts`): `accepted` (Attached), `unresolved` (TargetNotFound), or `rejected`
 * (Conflicted) on every target when an older policy holds one of them, as a colliding targetRef
 * marks the whole policy Conflicted (P39).
 */
function policyTargetEdges(
  engine: TopologyEngine,
  object: DecodedObject<'BackendTLSPolicy'>,
): readonly TopologyEdge[] {
  const out: TopologyEdge[] = [];
  const namespace = object.object.metadata.namespace ?? 'default';
  const accepted = findCondition(engine.policy(object.key)?.conditions, 'Accepted');
  const conflicted = accepted?.status === 'False' && accepted.reason === 'Conflicted' ? accepted : undefined;
  for (const [index, target] of policyTargets(object.object).entries()) {
    const ref = resolveLocalRef(namespace, target);
    const field = `spec.targetRefs[${index}]`;
    const problem = findingAt(engine, object.key, field);
    out.push({
      id: edgeId('policy-target', object.key, field),
      type: 'policy-target',
      from: object.key,
      to: ref.key,
      field,
      state: problem ? 'unresolved' : conflicted ? 'rejected' : 'accepted',
      reason: problem ? 'TargetNotFound' : conflicted ? 'Conflicted' : 'Attached',
      message: problem?.message ?? conflicted?.message ?? 'Attached.',
      ...(problem?.mentions
        ? { mentions: problem.mentions }
        : conflicted?.mentions && !problem
          ? { mentions: conflicted.mentions }
          : {}),
      source: 'predicted',
      crossNamespace: false,
    });
  }
  return out;
}

/** The finding (not informational) about a field of an object: why a reference there fails. */
function findingAt(engine: TopologyEngine, owner: ObjectKey, field: string): Finding | undefined {
  return engine.findingsFor(owner).find((item) => item.field === field && item.severity !== 'info');
}

interface Reference {
  readonly owner: ObjectKey;
  readonly type: TopologyEdge['type'];
  readonly target: ObjectKey;
  readonly field: string;
  readonly crossNamespace: boolean;
  /** Why the reference does not resolve, if it does not. */
  readonly problem: Finding | undefined;
  readonly listeners?: readonly string[];
}

/** A reference that resolves or not, by the finding the analysis made about its field. */
function referenceEdge({
  owner,
  type,
  target,
  field,
  crossNamespace,
  problem,
  listeners,
}: Reference): TopologyEdge {
  const missingGrant =
    problem?.slug === 'listener-reference-not-permitted' || problem?.slug === 'reference-not-permitted';
  return {
    id: edgeId(type, owner, field),
    type,
    from: owner,
    to: target,
    field,
    ...(listeners ? { listeners } : {}),
    state: problem ? 'unresolved' : 'resolved',
    reason: problem ? (REASON_OF_SLUG[problem.slug] ?? problem.slug) : 'ResolvedRefs',
    message: problem?.message ?? 'Resolved.',
    source: 'predicted',
    crossNamespace,
    ...(missingGrant ? { missingGrant: true } : {}),
  };
}

/** The reason code of an unresolved reference, by the finding about it. */
const REASON_OF_SLUG: Readonly<Partial<Record<FindingSlug, string>>> = {
  'listener-reference-not-permitted': 'RefNotPermitted',
  'reference-not-permitted': 'RefNotPermitted',
  'listener-certificate-invalid': 'InvalidCertificateRef',
};

function stateOf(status: string): 'accepted' | 'rejected' | 'pending' {
  return status === 'True' ? 'accepted' : status === 'False' ? 'rejected' : 'pending';
}

/**
 * `<type>:<owner>:<field>`, built flat: a template literal leaves a chain of concatenation cells
 * that the graph would keep for every edge.
 */
function edgeId(type: string, owner: ObjectKey, field: string): string {
  return [type, owner, field].join(':');
}
