import type { ReactNode } from 'react';

/** Full-page states: loading, an error the user can act on, or nothing to show yet. */
export function StatusScreen({
  title,
  children,
  tone = 'info',
}: {
  title: string;
  children?: ReactNode;
  tone?: 'info' | 'error';
}) {
  return (
    <div className={`gm-status gm-status--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <h2>{title}</h2>
      {children}
    </div>
  );
}

export function LoadingScreen() {
  return (
    <StatusScreen title="Loading the topology…">
      <p>Reading Gateway API objects from the gatemap server.</p>
    </StatusScreen>
  );
}

/** What to do to sign in: the admin's URL, or a share link sent by someone. */
function SignInHint() {
  return (
    <>
      <p className="gm-signin-hint">
        Sign in: open the URL <code>gatemap serve</code> printed when it started — it ends in{' '}
        <code>?token=…</code>.
      </p>
      <p className="gm-muted">
        Were you sent a share link (<code>…/s/…</code>)? Open that link again; if it no longer works, it was
        revoked or has expired.
      </p>
    </>
  );
}

export function ErrorScreen({
  message,
  status,
  onRetry,
  title,
}: {
  message: string;
  status: number;
  onRetry: () => void;
  title?: string;
}) {
  return (
    <StatusScreen
      title={title ?? (status === 401 ? 'Sign in to see the map' : 'Cannot load the topology')}
      tone="error"
    >
      {/* A 401's message repeats the sign-in hint below. */}
      {status !== 401 && <p>{message}</p>}
      {status === 401 ? (
        <SignInHint />
      ) : status === 403 ? (
        <p>The server refused this request for the credential you signed in with.</p>
      ) : status === 429 ? (
        <p>Too many failed sign-in attempts came from this address. Wait a minute, then try again.</p>
      ) : status === 0 ? (
        <p>
          Is <code>gatemap serve</code> running? The map talks to it at <code>/api</code> on this address.
          Start it (for example <code>gatemap serve --demo</code>), then try again.
        </p>
      ) : (
        <p>
          The server answered with HTTP {status}. If it is still connecting to the cluster, try again in a
          moment; its log says more.
        </p>
      )}
      <button type="button" className="gm-button gm-button--primary" onClick={onRetry}>
        Try again
      </button>
    </StatusScreen>
  );
}

/** A share link stopped working while it was open: revoked, or expired. Nothing retries. */
export function RevokedScreen() {
  return (
    <div className="gm-fullscreen">
      <StatusScreen title="The shared view has ended" tone="error">
        <p className="gm-revoked">
          This share link was revoked or has expired. Ask whoever sent it for a new one.
        </p>
      </StatusScreen>
    </div>
  );
}

/** The admin's session ended (expired, or the token changed), or someone signed out. */
export function SessionEndedScreen({
  reason,
  role,
}: {
  reason: 'lost' | 'signed-out';
  role: 'admin' | 'share';
}) {
  return (
    <div className="gm-fullscreen">
      <StatusScreen title={reason === 'signed-out' ? 'Signed out' : 'Your session has ended'}>
        {role === 'share' ? (
          <p>You left the shared view. Open the link you were sent to come back.</p>
        ) : (
          <>
            {reason === 'lost' && (
              <p>
                The server no longer accepts this browser: the session lasts 12 hours, and restarting gatemap
                with another admin token signs everyone out.
              </p>
            )}
            <SignInHint />
          </>
        )}
      </StatusScreen>
    </div>
  );
}

export function EmptyScreen() {
  return (
    <StatusScreen title="No Gateway API objects yet">
      <p>The server is running but has found nothing to draw. Point gatemap at something:</p>
      <ul>
        <li>
          a cluster: <code>gatemap serve</code> uses the current kubeconfig context;{' '}
          <code>--context NAME</code> picks one (repeatable), <code>--all-contexts</code> shows every context;
        </li>
        <li>
          manifests on disk: <code>gatemap serve -f DIR</code> (reloaded when they change);
        </li>
        <li>
          the bundled examples: <code>gatemap serve --demo</code>.
        </li>
      </ul>
      <p>
        If a cluster is connected, check the sync state above: the Gateway API CRDs may not be installed, or
        listing them may be forbidden.
      </p>
    </StatusScreen>
  );
}
