/**
 * What the engine keeps under one key: the object (or unknown object), its analysis units, a
 * Namespace's labels and the attached graph's entry, in one dependency-tracker slot, so that one
 * lookup finds them all. Also the units' kinds in the order they run, their results, and the
 * names of the tallies they count in.
 */
import type { GatewayAnalysis, ListenerSetAnalysis } from './analysis-results.ts';
import type { GatewayClassAnalysis } from './analyze-gateway-class.ts';
import type { PolicyAnalysis } from './analyze-policy.ts';
import type { GrantAnalysis } from './analyze-reference-grant.ts';
import type { RouteAnalysis } from './analyze-route.ts';
import type { DecodedObject, UnknownObject } from './decode-object.ts';
import type { TrackedSlot, Unit } from './dependency-tracker.ts';
import { finding, type Finding } from './findings.ts';
import type { KindRole } from './kinds.ts';
import type { ObjectKey } from './object-key.ts';

/**
 * The kinds of analysis unit, in the order they run: each reads only results of kinds before it,
 * and `final` (a Gateway's or ListenerSet's status comparison) reads the tallies every Route
 * counts in.
 */
export type UnitKind = 'class' | 'gateway' | 'listenerset' | 'route' | 'policy' | 'grant' | 'final';
export const PHASES: readonly UnitKind[] = Object.freeze([
  'class',
  'gateway',
  'listenerset',
  'route',
  'policy',
  'grant',
  'final',
]);

/** The unit an object of each role is analyzed by; objects of other roles are only read. */
export const UNIT_OF_ROLE: Readonly<Partial<Record<KindRole, UnitKind>>> = Object.freeze({
  gatewayclass: 'class',
  gateway: 'gateway',
  listenerset: 'listenerset',
  route: 'route',
  policy: 'policy',
  referencegrant: 'grant',
});

/** The result of one unit of analysis. */
export type UnitResult =
  | GatewayClassAnalysis
  | GatewayAnalysis
  | ListenerSetAnalysis
  | RouteAnalysis
  | PolicyAnalysis
  | GrantAnalysis
  | FinalAnalysis;

/** Status facts that need the tallies (attachedRoutes) and the comparison with reported status. */
interface FinalAnalysis {
  readonly key: ObjectKey;
  readonly findings: readonly Finding[];
}

export type EngineUnit = Unit<EngineSlot, UnitKind, UnitResult>;

/**
 * A key's slot. A key may be read before its object exists (a missing Service) or may name no
 * object at all (the bucket `grants:<ns>`); a slot lives while it holds something here or has
 * readers (see `isHeld`).
 */
export interface EngineSlot extends TrackedSlot {
  object: DecodedObject | undefined;
  unknown: UnknownObject | undefined;
  /** The object's analysis unit (by its role), and the status comparison of a Gateway or ListenerSet. */
  unit: EngineUnit | undefined;
  final: EngineUnit | undefined;
  /** A Namespace's labels as selectors see them; dropped when the Namespace changes. */
  labels: Readonly<Record<string, string>> | undefined;
  /** The apply that last reported it changed. */
  changedMark: number;
  /** What the graph attached to the engine keeps under this key (see `attachGraph`). */
  graph: object | undefined;
}

/** A new, empty slot. */
export function makeSlot(key: string): EngineSlot {
  return {
    key,
    readers: undefined,
    resultReaders: undefined,
    readMark: 0,
    resultMark: 0,
    alone: undefined,
    object: undefined,
    unknown: undefined,
    unit: undefined,
    final: undefined,
    labels: undefined,
    changedMark: 0,
    graph: undefined,
  };
}

/** Whether a slot holds anything of the engine's (its labels go with its object). */
export function isHeld(slot: EngineSlot): boolean {
  return (
    slot.object !== undefined ||
    slot.unknown !== undefined ||
    slot.unit !== undefined ||
    slot.final !== undefined ||
    slot.graph !== undefined
  );
}

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/** A slot's findings: its own unit's, then the final unit's (phase order), then an unknown object's. */
export function findingsOf(slot: EngineSlot | undefined): readonly Finding[] {
  if (slot === undefined) return NO_FINDINGS;
  const own = slot.unit?.result && 'findings' in slot.unit.result ? slot.unit.result.findings : NO_FINDINGS;
  const final =
    slot.final?.result && 'findings' in slot.final.result ? slot.final.result.findings : NO_FINDINGS;
  if (final.length === 0 && slot.unknown === undefined) return own;
  const out = [...own, ...final];
  if (slot.unknown) out.push(unknownFinding(slot.unknown));
  return out;
}

/** The finding that an object is kept and shown but not analyzed. */
export function unknownFinding(unknown: UnknownObject): Finding {
  const what =
    unknown.why === 'unknown-kind'
      ? `kind ${unknown.object.kind} (${unknown.object.apiVersion}) is not one gatemap analyzes`
      : `version ${unknown.object.apiVersion} of ${unknown.object.kind} is not one gatemap reads`;
  return finding('unknown-kind', {
    subject: unknown.key,
    message: `${unknown.object.kind} ${unknown.object.metadata.namespace ? `${unknown.object.metadata.namespace}/` : ''}${unknown.object.metadata.name}: ${what}; it is kept and shown, but not analyzed.`,
  });
}

// ---- tallies ---------------------------------------------------------------------------------

/** The tally of the Routes attached to a listener (as `SharedValues.attachedTally` names it). */
export const attachedTally = (parent: ObjectKey, listener: string) => `attached:${parent}#${listener}`;
/** The tally of the ListenerSets a Gateway accepts. */
export const listenerSetsTally = (gateway: string) => `listenersets:${gateway}`;

/** The object whose status shows a tally (attachedRoutes, attachedListenerSets), or null. */
export function tallyOwner(tally: string): ObjectKey | null {
  if (tally.startsWith('attached:'))
    return tally.slice('attached:'.length, tally.lastIndexOf('#')) as ObjectKey;
  if (tally.startsWith('listenersets:')) return tally.slice('listenersets:'.length) as ObjectKey;
  return null;
}
