import { createContext, useContext } from 'react';
import type { Session } from '../api/access-api.ts';

/**
 * How a session ends while the map is open: `lost` — the server stopped accepting this browser
 * (a share link revoked or expired, the admin session expired); `signed-out` — the user signed out.
 */
export type SessionEnd = 'lost' | 'signed-out';

export interface SessionControl {
  /** Undefined only outside a SessionGate (some unit tests): treated as the admin. */
  readonly session: Session | undefined;
  readonly end: (reason: SessionEnd) => void;
}

export const SessionContext = createContext<SessionControl>({ session: undefined, end: () => {} });

export function useSession(): SessionControl {
  return useContext(SessionContext);
}
