import type { ClusterStatus, KindStatus } from '@gatemap/topology';
import type { StreamState } from '../store/useTopologyFeed.ts';

const KIND_TEXT: Record<KindStatus['state'], string> = {
  syncing: 'syncing',
  synced: 'synced',
  forbidden: 'forbidden',
  'not-installed': 'not installed',
  error: 'error',
};

const CLUSTER_TEXT: Record<ClusterStatus['state'], string> = {
  connecting: 'syncing',
  synced: 'synced',
  reconnecting: 'reconnecting',
  error: 'error',
};

/** The stream's connection state: live, or reconnecting. */
export function ConnectionBadge({ stream }: { stream: StreamState }) {
  const text =
    stream === 'live'
      ? 'Live'
      : stream === 'reconnecting'
        ? 'Reconnecting…'
        : stream === 'ended'
          ? 'Disconnected'
          : 'Connecting…';
  return (
    <span
      className={`gm-conn gm-conn--${stream}`}
      role="status"
      aria-live="polite"
      title={
        stream === 'reconnecting'
          ? 'The stream from the server dropped; changes will appear once it is back.'
          : undefined
      }
    >
      <span className="gm-conn__dot" aria-hidden="true" />
      {text}
    </span>
  );
}

/** Each cluster's sync state, and every kind that is not simply synced (syncing, forbidden, not installed). */
export function SyncStatus({ clusters }: { clusters: readonly ClusterStatus[] }) {
  if (clusters.length === 0) return null;
  return (
    <details className="gm-sync">
      <summary>
        {clusters.map((cluster) => (
          <span key={cluster.name} className={`gm-sync__cluster gm-sync--${cluster.state}`}>
            {cluster.name}: {CLUSTER_TEXT[cluster.state]}
            {cluster.kinds.some((kind) => kind.state !== 'synced') && ' ⚠'}
          </span>
        ))}
      </summary>
      <div className="gm-sync__body">
        {clusters.map((cluster) => (
          <div key={cluster.name} className="gm-sync__detail">
            <div>
              <strong>{cluster.name}</strong>{' '}
              <span className="gm-muted">
                ({cluster.source}
                {cluster.server ? `, ${cluster.server}` : ''})
              </span>{' '}
              {CLUSTER_TEXT[cluster.state]}
              {cluster.message !== undefined && <div className="gm-muted">{cluster.message}</div>}
            </div>
            <table className="gm-sync__kinds">
              <tbody>
                {cluster.kinds.map((kind) => (
                  <tr key={`${kind.group}/${kind.kind}`} className={`gm-sync__kind gm-sync--${kind.state}`}>
                    <th scope="row">
                      {kind.kind}
                      {kind.version !== undefined && <span className="gm-muted"> {kind.version}</span>}
                    </th>
                    <td>{KIND_TEXT[kind.state]}</td>
                    <td>{kind.objects}</td>
                    <td className="gm-muted">{kind.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </div>
    </details>
  );
}
