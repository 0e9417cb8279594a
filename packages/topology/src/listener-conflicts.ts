/**
 * Conflicts between listeners that share a port: which are indistinct (`HostnameConflict`,
 * `ProtocolConflict`), and which of them is `Conflicted` — all of them among one Gateway's own
 * listeners, the later ones where ListenerSets come first-come.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenerconditiontype
 */
import type { ConflictReason, ListenerDraft } from './listener-draft.ts';
import type { Listener } from './gateway-api.ts';
import { tlsModeOf } from './listener-tls.ts';
import type { Mention } from './mention.ts';

/**
 * Whether two listeners on one port are indistinct, and why.
 * HTTP, HTTPS and TLS are told apart by hostname; TCP and UDP by port alone; a TCP listener makes
 * every HTTP-family listener on its port indistinct; UDP shares a port with anything but UDP.
 */
function listenerConflict(
  a: { protocol: string; port: number; hostname?: string | undefined; tlsMode?: string | undefined },
  b: { protocol: string; port: number; hostname?: string | undefined; tlsMode?: string | undefined },
  mixedTlsModesOnPort: boolean,
): ConflictReason | undefined {
  if (a.port !== b.port) return undefined;
  const sameHost = (a.hostname ?? '') === (b.hostname ?? '');
  if (a.protocol === b.protocol) {
    if (a.protocol === 'TLS' && a.tlsMode !== b.tlsMode && !mixedTlsModesOnPort) return 'ProtocolConflict';
    return sameHost ? 'HostnameConflict' : undefined;
  }
  if (a.protocol === 'UDP' || b.protocol === 'UDP') return undefined;
  if (a.protocol === 'TCP' || b.protocol === 'TCP') return 'ProtocolConflict';
  if (a.protocol === 'HTTP' || b.protocol === 'HTTP') return 'ProtocolConflict';
  // HTTPS and TLS share a port by SNI; a Passthrough TLS listener beside HTTPS is a mix of modes.
  if (!mixedTlsModesOnPort && a.tlsMode !== b.tlsMode) return 'ProtocolConflict';
  return sameHost ? 'HostnameConflict' : undefined;
}

function overlapsForTls(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  if (a === b) return true;
  const covers = (wild: string, exact: string) =>
    wild.startsWith('*.') &&
    !exact.startsWith('*.') &&
    exact.endsWith(wild.slice(1)) &&
    !exact.slice(0, -wild.length + 1).includes('.');
  return covers(a, b) || covers(b, a);
}

/** A listener that already holds its port when later ones are judged. */
export interface PriorListener {
  readonly protocol: string;
  readonly port: number;
  readonly hostname?: string | undefined;
  readonly tlsMode?: string | undefined;
  /** How messages name the listener, e.g. `Gateway listener "http"`. */
  readonly owner: string;
  /** The object `owner` names, when the listener belongs to another object than the one judged. */
  readonly mention?: Mention;
}

/**
 * Marks conflicts among drafts that are peers (a Gateway's own listeners: no winner) and,
 * optionally, against listeners that come first (a ListenerSet's listeners lose to the Gateway's
 * and to older ListenerSets').
 */
export function markConflicts(
  drafts: readonly ListenerDraft[],
  earlier: readonly PriorListener[],
  mixedTlsModesOnPort: boolean,
  mode: 'peers' | 'first-come',
): void {
  const considered = drafts.filter((draft) => draft.supportedProtocol);
  const claimed: PriorListener[] = [...earlier];
  for (const draft of considered) {
    const mine = { ...draft.listener, tlsMode: tlsModeOf(draft.listener) };
    for (const prior of claimed) {
      const reason = listenerConflict(mine, prior, mixedTlsModesOnPort);
      if (reason)
        draft.conflicts.push({
          reason,
          message: conflictMessage(reason, draft.listener, prior.owner),
          ...(prior.mention ? { mentions: [prior.mention] } : {}),
        });
    }
    if (mode === 'first-come') {
      // A listener that lost does not claim its port; the next one is judged without it.
      if (draft.conflicts.length === 0) claimed.push({ ...mine, owner: `listener "${draft.listener.name}"` });
      continue;
    }
    for (const other of considered) {
      if (other === draft) continue;
      const reason = listenerConflict(
        mine,
        { ...other.listener, tlsMode: tlsModeOf(other.listener) },
        mixedTlsModesOnPort,
      );
      if (reason)
        draft.conflicts.push({
          reason,
          message: conflictMessage(reason, draft.listener, `listener "${other.listener.name}"`),
        });
    }
  }
  for (const draft of considered) {
    if (draft.listener.protocol !== 'HTTPS') continue;
    for (const other of considered) {
      if (
        other === draft ||
        other.listener.protocol !== 'HTTPS' ||
        other.listener.port !== draft.listener.port
      )
        continue;
      if (overlapsForTls(draft.listener.hostname, other.listener.hostname)) {
        draft.overlapping ??= `Hostname ${draft.listener.hostname ?? '(any)'} overlaps listener "${other.listener.name}" (${other.listener.hostname ?? 'any hostname'}) on port ${draft.listener.port}; a client certificate or TLS setting may apply to the wrong listener.`;
      }
    }
  }
}

function conflictMessage(reason: ConflictReason, listener: Listener, other: string): string {
  return reason === 'HostnameConflict'
    ? `Port ${listener.port} and hostname ${listener.hostname ?? '(none)'} are also used by ${other}.`
    : `Port ${listener.port} is also used by ${other} with an incompatible protocol.`;
}
