import type { Condition, ConditionRow, PredictedCondition } from '@gatemap/topology';

const BASIS_TEXT: Record<PredictedCondition['basis'], string> = {
  spec: 'follows from the spec',
  implementation: 'the spec lets the controller choose',
  runtime: 'only the running data plane can tell',
  rbac: 'not checked: gatemap may not read what it depends on (RBAC)',
};

function StatusPill({ status }: { status: Condition['status'] }) {
  return <span className={`gm-pill gm-pill--${status.toLowerCase()}`}>{status}</span>;
}

function ReportedCell({
  condition,
  generation,
  stale,
}: {
  condition: Condition | undefined;
  generation: number | undefined;
  stale: boolean;
}) {
  if (!condition) return <td className="gm-muted">not reported</td>;
  return (
    <td>
      <StatusPill status={condition.status} /> <strong>{condition.reason}</strong>
      {condition.message !== '' && <div className="gm-condition__message">{condition.message}</div>}
      <div className="gm-condition__meta">
        {condition.lastTransitionTime !== undefined && <span>since {condition.lastTransitionTime}</span>}
        {condition.observedGeneration !== undefined && (
          <span className={stale ? 'gm-stale' : ''}>
            observedGeneration {condition.observedGeneration}
            {generation !== undefined && ` of ${generation}`}
            {stale && ' — stale: the controller has not processed the latest spec'}
          </span>
        )}
      </div>
    </td>
  );
}

function PredictedCell({ condition }: { condition: PredictedCondition | undefined }) {
  if (!condition) return <td className="gm-muted">—</td>;
  return (
    <td>
      <StatusPill status={condition.status} /> <strong>{condition.reason}</strong>
      <span className={`gm-basis gm-basis--${condition.basis}`} title={BASIS_TEXT[condition.basis]}>
        {condition.basis}
      </span>
      {condition.message !== '' && <div className="gm-condition__message">{condition.message}</div>}
      {condition.alternatives && condition.alternatives.length > 0 && (
        <div className="gm-condition__meta">
          a conformant controller may also write {condition.alternatives.join(', ')}
        </div>
      )}
    </td>
  );
}

export function ConditionsTable({
  rows,
  generation,
}: {
  rows: readonly ConditionRow[];
  generation: number | undefined;
}) {
  if (rows.length === 0)
    return <p className="gm-muted">No conditions: this kind has no status, or none was written.</p>;
  const scopes = [...new Set(rows.map((row) => row.scope))];
  return (
    <div className="gm-table-wrap">
      <table className="gm-conditions">
        <thead>
          <tr>
            <th scope="col">Condition</th>
            <th scope="col">Reported by the controller</th>
            <th scope="col">Predicted by gatemap</th>
          </tr>
        </thead>
        {scopes.map((scope) => (
          <tbody key={scope}>
            <tr className="gm-conditions__scope">
              <th colSpan={3} scope="colgroup">
                {scope}
              </th>
            </tr>
            {rows
              .filter((row) => row.scope === scope)
              .map((row) => (
                <tr key={row.type} className={row.differs ? 'gm-conditions__differs' : undefined}>
                  <th scope="row">
                    {row.type}
                    {row.differs && <div className="gm-differs">disagrees</div>}
                  </th>
                  <ReportedCell condition={row.reported} generation={generation} stale={row.stale} />
                  <PredictedCell condition={row.predicted} />
                </tr>
              ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}
