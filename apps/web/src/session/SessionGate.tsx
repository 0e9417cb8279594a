/**
 * Asks the server who is looking (`GET /api/session`, which also hands out the CSRF cookie) before
 * the map loads. The admin gets the whole map; a share link gets it read-only. If the server stops
 * accepting this browser later — a 401 from any request, or the stream's `revoked` event — the map
 * is replaced by a full-screen message and nothing reconnects.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchSession } from '../api/access-api.ts';
import { ApiRequestError, isUnauthorized } from '../api/api-client.ts';
import { ErrorScreen, RevokedScreen, SessionEndedScreen, StatusScreen } from '../components/StatusScreen.tsx';
import { SessionContext, type SessionControl, type SessionEnd } from './session-context.ts';

const SESSION_QUERY_KEY = ['session'] as const;

export function SessionGate({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: SESSION_QUERY_KEY,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: (failures, error) =>
      !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failures < 3,
  });
  const session = query.data;
  const [ended, setEnded] = useState<SessionEnd | undefined>();
  const end = useCallback((reason: SessionEnd) => setEnded((current) => current ?? reason), []);

  // Once signed in, any 401 means the credential is gone (revoked, expired, signed out elsewhere).
  useEffect(() => {
    if (!session || ended) return;
    const check = (error: unknown): void => {
      if (isUnauthorized(error)) end('lost');
    };
    const stopQueries = client.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') check(event.action.error);
    });
    const stopMutations = client.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') check(event.action.error);
    });
    return () => {
      stopQueries();
      stopMutations();
    };
  }, [client, session, ended, end]);

  // Nothing more is fetched for a session that ended.
  useEffect(() => {
    if (ended) void client.cancelQueries();
  }, [client, ended]);

  const control = useMemo<SessionControl>(() => ({ session, end }), [session, end]);

  if (session && ended) {
    return session.role === 'share' && ended === 'lost' ? (
      <RevokedScreen />
    ) : (
      <SessionEndedScreen reason={ended} role={session.role} />
    );
  }
  if (!session) {
    if (query.error)
      return (
        <div className="gm-fullscreen">
          <ErrorScreen
            message={query.error.message}
            status={query.error instanceof ApiRequestError ? query.error.status : 0}
            onRetry={() => void query.refetch()}
          />
        </div>
      );
    return (
      <div className="gm-fullscreen">
        <StatusScreen title="Signing in…">
          <p>Asking the gatemap server who you are.</p>
        </StatusScreen>
      </div>
    );
  }
  return <SessionContext.Provider value={control}>{children}</SessionContext.Provider>;
}
