/**
 * What a Route's parent analysis works on and yields: the Route's scope while its parents are
 * judged, the tallies it counts in, and one parent's verdict. Apart from the steps (parents,
 * listeners, a mesh parent), which all read these shapes.
 */
import type { PredictedCondition } from './conditions.ts';
import type { DecodedOfRole } from './decode-object.ts';
import type { Finding } from './findings.ts';
import type { ParentReference, Route, RouteKind, RouteRule } from './gateway-api.ts';
import type { ObjectKey } from './object-key.ts';
import type { ResolvedParentRef } from './resolve-refs.ts';

const NONE: readonly never[] = Object.freeze([]);

/** A tally a Route counts in: `attached:<parent>#<listener>`, `backend-of:<service>`, `claims:…`. */
export interface RouteTally {
  readonly tally: string;
  readonly item: string;
}

/**
 * Why no controller writes a status entry for a parent: it does not exist, no controller owns
 * it, or it is of a kind gatemap does not analyze (so what a controller of it writes is unknown).
 */
export type UnwrittenReason = 'ParentNotFound' | 'NoController' | 'UnsupportedParentKind';

export interface RouteParentAnalysis {
  readonly index: number;
  /** The parentRef exactly as written (status echoes it). */
  readonly parentRef: ParentReference;
  readonly parent: ResolvedParentRef;
  /**
   * Whether a controller writes a status entry for this parent. No entry is written for a parent
   * that does not exist or that no controller owns.
   */
  readonly written: boolean;
  /** Why no entry is written, when none is, as a code. */
  readonly unwrittenReason?: UnwrittenReason;
  /** Why no entry is written, when none is, in words. */
  readonly unwrittenBecause?: string;
  readonly controllerName?: string;
  readonly conditions: readonly PredictedCondition[];
  readonly accepted: boolean;
  /** The Gateway behind the parent (the parent itself, or a ListenerSet's Gateway). */
  readonly gateway?: ObjectKey;
  /** Listener names of the parent this parentRef attaches to; each counts in attachedRoutes. */
  readonly listeners: readonly string[];
  /** Hostnames the Route serves through this parent. */
  readonly hostnames: readonly string[];
  /**
   * Listeners this parentRef attaches to as well where the implementation serves a kind the
   * spec leaves to it (TCPRoute on a TLS Terminate listener); not counted in attachedRoutes.
   */
  readonly optionalListeners: readonly string[];
}

export interface RouteScope {
  readonly decoded: DecodedOfRole<'route'>;
  readonly route: Route;
  readonly kind: RouteKind;
  readonly namespace: string;
  readonly label: string;
  readonly generation: number | undefined;
  readonly hostnames: readonly string[];
  readonly rules: readonly RouteRule[];
  readonly invalidRules: ReadonlyMap<number, string>;
  readonly resolvedRefs: PredictedCondition;
  readonly findings: Finding[];
  /** Tallies contributed while judging parents (hostname claims). */
  readonly tallies: RouteTally[];
}

/** A parentRef, its index and its resolution: what every parent analysis names. */
export interface ParentBase {
  readonly index: number;
  readonly parentRef: ParentReference;
  readonly parent: ResolvedParentRef;
}

/** What a parent's analysis says beyond its parentRef (see `RouteParentAnalysis`). */
export type ParentVerdict = Omit<RouteParentAnalysis, keyof ParentBase | 'optionalListeners'> & {
  readonly optionalListeners?: readonly string[];
};

/** One object shape for every parent analysis (absent fields undefined): one per parentRef. */
export function parentAnalysis(base: ParentBase, verdict: ParentVerdict): RouteParentAnalysis {
  return {
    index: base.index,
    parentRef: base.parentRef,
    parent: base.parent,
    written: verdict.written,
    unwrittenReason: verdict.unwrittenReason,
    unwrittenBecause: verdict.unwrittenBecause,
    controllerName: verdict.controllerName,
    conditions: verdict.conditions,
    accepted: verdict.accepted,
    gateway: verdict.gateway,
    listeners: verdict.listeners,
    hostnames: verdict.hostnames,
    optionalListeners: verdict.optionalListeners ?? NONE,
  };
}
