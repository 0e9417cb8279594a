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

export function ErrorScreen({
  message,
  status,
  onRetry,
}: {
  message: string;
  status: number;
  onRetry: () => void;
}) {
  return (
    <StatusScreen title="Cannot load the topology" tone="error">
      <p>{message}</p>
      {status === 401 || status === 403 ? (
        <p>
          The server wants you signed in. Open the address <code>gatemap serve</code> printed when it started
          (the one with <code>?token=</code>), then try again.
        </p>
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
