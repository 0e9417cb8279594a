import type { RuleView } from './describe-rules.ts';

export function RouteRules({ rules }: { rules: readonly RuleView[] }) {
  if (rules.length === 0) return <p className="gm-muted">No rules: the Route sends nothing anywhere.</p>;
  return (
    <ol className="gm-rules">
      {rules.map((rule) => (
        <li key={rule.index} className="gm-rule">
          <div className="gm-rule__title">
            Rule {rule.index}
            {rule.name !== undefined && ` “${rule.name}”`}
          </div>
          <dl className="gm-rule__fields">
            <dt>Matches</dt>
            <dd>
              {rule.matches.length === 0 ? (
                'everything'
              ) : (
                <ul>
                  {rule.matches.map((match, index) => (
                    <li key={index}>{match}</li>
                  ))}
                </ul>
              )}
            </dd>
            {rule.filters.length > 0 && (
              <>
                <dt>Filters</dt>
                <dd>
                  <ul>
                    {rule.filters.map((filter, index) => (
                      <li key={index}>{filter}</li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
            <dt>Backends</dt>
            <dd>
              {rule.backends.length === 0 ? (
                <span className="gm-muted">none</span>
              ) : (
                <ul>
                  {rule.backends.map((backend) => (
                    <li key={backend.field} className={backend.state === 'unresolved' ? 'gm-bad' : undefined}>
                      <code>{backend.ref}</code>
                      {backend.weight !== undefined && ` weight ${backend.weight}`}
                      {backend.share !== undefined && ` (${backend.share}% of traffic)`}
                      {backend.state === 'unresolved' && ` — ${backend.reason ?? 'unresolved'}`}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
            {rule.timeouts !== undefined && (
              <>
                <dt>Timeouts</dt>
                <dd>{rule.timeouts}</dd>
              </>
            )}
          </dl>
        </li>
      ))}
    </ol>
  );
}
