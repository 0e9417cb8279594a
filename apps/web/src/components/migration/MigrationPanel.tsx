import { useMemo } from 'react';
import type { TopologyNode } from '@gatemap/topology';
import { migrationSummary, type CoverageCounts } from '../../migration/migration-summary.ts';
import { CoverageBadge, coverageLabel } from '../nodes/CoverageBadge.tsx';

function countsText(counts: CoverageCounts): string {
  return (['covered', 'partial', 'not-started'] as const)
    .map((state) => `${counts[state]} ${coverageLabel(state)}`)
    .join(' · ');
}

/**
 * The migration from Ingress at a glance: how many Ingresses are covered by Gateway API Routes
 * (safe to delete), partial or not started, per cluster and namespace, and what remains to do.
 */
export function MigrationPanel({
  nodes,
  onShow,
  onClose,
}: {
  nodes: ReadonlyMap<string, TopologyNode>;
  onShow: (id: string) => void;
  onClose: () => void;
}) {
  const summary = useMemo(() => migrationSummary(nodes.values()), [nodes]);
  const several = summary.clusters.length > 1;
  return (
    <aside className="gm-panel gm-migration" aria-label="Migration from Ingress">
      <div className="gm-panel__head">
        <h2 className="gm-panel__title">Migration from Ingress</h2>
        <button
          type="button"
          className="gm-button"
          onClick={onClose}
          aria-label="Close the migration summary"
        >
          ✕
        </button>
      </div>
      {summary.counts.total === 0 ? (
        <p className="gm-muted">No Ingress in this map.</p>
      ) : (
        <>
          <p className="gm-migration__total" data-testid="migration-total">
            {summary.counts.total} Ingress{summary.counts.total === 1 ? '' : 'es'}:{' '}
            {countsText(summary.counts)}
          </p>
          <table className="gm-migration__table" aria-label="Ingresses by namespace">
            <thead>
              <tr>
                <th scope="col">Namespace</th>
                <th scope="col">Covered</th>
                <th scope="col">Partial</th>
                <th scope="col">Not started</th>
              </tr>
            </thead>
            <tbody>
              {summary.clusters.flatMap((cluster) => [
                ...(several
                  ? [
                      <tr key={`cluster:${cluster.cluster ?? ''}`} className="gm-migration__cluster">
                        <th scope="row">{cluster.cluster ?? 'cluster'}</th>
                        <td>{cluster.counts.covered}</td>
                        <td>{cluster.counts.partial}</td>
                        <td>{cluster.counts['not-started']}</td>
                      </tr>,
                    ]
                  : []),
                ...cluster.namespaces.map((entry) => (
                  <tr
                    key={`${cluster.cluster ?? ''}/${entry.namespace}`}
                    data-namespace={entry.namespace}
                    aria-label={`Namespace ${entry.namespace}: ${countsText(entry.counts)}`}
                  >
                    <th scope="row">{entry.namespace}</th>
                    <td>{entry.counts.covered}</td>
                    <td>{entry.counts.partial}</td>
                    <td>{entry.counts['not-started']}</td>
                  </tr>
                )),
              ])}
            </tbody>
          </table>
          <h3>What remains ({summary.remaining.length})</h3>
          {summary.remaining.length === 0 ? (
            <p className="gm-callout gm-callout--ok">
              Every Ingress is served identically by accepted Routes: they can be deleted.
            </p>
          ) : (
            <ul className="gm-migration__remaining">
              {summary.remaining.map((item) => (
                <li key={item.id} data-id={item.id}>
                  <div className="gm-migration__item">
                    <button type="button" className="gm-linkbutton" onClick={() => onShow(item.id)}>
                      {several && item.cluster ? `${item.cluster}: ` : ''}
                      {item.namespace}/{item.name}
                    </button>
                    <CoverageBadge coverage={item.coverage} />
                  </div>
                  <ul className="gm-migration__keys">
                    {item.coverage.unserved.map((key) => (
                      <li key={key.field} title={key.message}>
                        <code>{key.key}</code>: {key.reason}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </aside>
  );
}
