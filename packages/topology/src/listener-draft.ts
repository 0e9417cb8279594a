/**
 * The shapes a listener's analysis works on: its owner, and the draft its phases fill in (faults
 * found, conflicts). Apart from the phases, which live in several modules (listener TLS,
 * conflicts) that all read these shapes.
 */
import type { AllowedNamespaces } from './analysis-results.ts';
import type { Listener, RouteGroupKind } from './gateway-api.ts';
import type { Mention } from './mention.ts';
import type { ObjectKey } from './object-key.ts';

/** Who owns a listener: a Gateway, or a ListenerSet attached to one. */
export interface ListenerOwner {
  readonly key: ObjectKey;
  readonly group: string;
  readonly kind: 'Gateway' | 'ListenerSet' | 'XListenerSet';
  readonly namespace: string;
  readonly generation: number | undefined;
}

export type ConflictReason = 'HostnameConflict' | 'ProtocolConflict';

/**
 * One thing wrong with a listener, for one condition. `alternatives` are reasons a conformant
 * controller may write for this fault alone (the spec leaving the choice open).
 */
export interface ListenerFault {
  readonly reason: string;
  readonly message: string;
  readonly alternatives?: readonly string[];
  /** The implementation may not count this as a fault at all (the condition's healthy reason). */
  readonly optional?: boolean;
  /** Objects (and their listeners) that the message names. */
  readonly mentions?: readonly Mention[];
}

/**
 * What phase one found about a listener, before conflicts are known. Every fault is kept, in the
 * order found: when several compete for one condition the spec orders none of them, so the first
 * gives the predicted reason and the others its alternatives.
 */
export interface ListenerDraft {
  readonly listener: Listener;
  readonly field: string;
  readonly supportedProtocol: boolean;
  readonly supportedKinds: Required<RouteGroupKind>[];
  readonly optionalKinds: Required<RouteGroupKind>[];
  readonly allowed: AllowedNamespaces;
  readonly notAccepted: ListenerFault[];
  readonly unresolved: ListenerFault[];
  readonly invalid: string[];
  readonly conflicts: { reason: ConflictReason; message: string; mentions?: readonly Mention[] }[];
  /** References gatemap may not read (RBAC), so neither found nor missing. */
  unchecked?: string[];
  overlapping?: string;
}
