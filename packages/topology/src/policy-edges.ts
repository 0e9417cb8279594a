/**
 * The edges from a policy of a discovered kind to its targets, with the attachment's state:
 * `accepted` (attached), `rejected` (Conflicted: an older policy of its kind holds the target),
 * `unresolved` (TargetNotFound, SectionNotFound) or `pending` (a kind gatemap does not read, so
 * not checked). Such policies have no role among the known kinds, so they are not rows of the
 * graph's relations table (`topology-edges.ts`); the graph asks for their edges by key.
 */
import type { TopologyEngine } from './engine.ts';
import type { ObjectKey } from './object-key.ts';
import type { PolicyTargetAnalysis } from './policy-attachment.ts';
import type { TopologyEdge } from './protocol.ts';

const NONE: readonly never[] = Object.freeze([]);

/** The target edges of the policy under `key`; none when it is not a policy of a discovered kind. */
export function policyAttachmentEdges(engine: TopologyEngine, key: ObjectKey): readonly TopologyEdge[] {
  const analysis = engine.genericPolicy(key);
  if (analysis === undefined || analysis.targets.length === 0) return NONE;
  const findings = engine.findingsFor(key);
  return analysis.targets.map((target): TopologyEdge => {
    const problem = findings.find(
      (item) => item.field === target.field || item.field === `${target.field}.sectionName`,
    );
    const { state, reason } = STATES[target.state];
    return {
      id: ['policy-target', key, target.field].join(':'),
      type: 'policy-target',
      from: key,
      to: target.target.key,
      field: target.field,
      ...sectionOf(engine, target),
      state,
      reason,
      message: problem?.message ?? 'Attached.',
      ...(problem?.mentions ? { mentions: problem.mentions } : {}),
      source: 'predicted',
      crossNamespace: target.target.crossNamespace,
    };
  });
}

const STATES: Readonly<
  Record<PolicyTargetAnalysis['state'], { readonly state: TopologyEdge['state']; readonly reason: string }>
> = {
  attached: { state: 'accepted', reason: 'Attached' },
  conflicted: { state: 'rejected', reason: 'Conflicted' },
  'target-not-found': { state: 'unresolved', reason: 'TargetNotFound' },
  'section-not-found': { state: 'unresolved', reason: 'SectionNotFound' },
  unresolvable: { state: 'pending', reason: 'TargetNotChecked' },
};

/** A listener section as the edge's listener, a rule section as its rule index. */
function sectionOf(
  engine: TopologyEngine,
  target: PolicyTargetAnalysis,
): { readonly listeners?: readonly string[]; readonly rule?: number } {
  const section = target.sectionName;
  if (section === undefined) return {};
  if (target.level === 'listener' || target.level === 'listenerset-listener') return { listeners: [section] };
  if (target.level !== 'rule') return {};
  const route = engine.object(target.target.key);
  const index =
    route?.role === 'route' ? (route.object.spec.rules ?? []).findIndex((rule) => rule.name === section) : -1;
  return index < 0 ? {} : { rule: index };
}
