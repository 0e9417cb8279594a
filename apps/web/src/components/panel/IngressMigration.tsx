import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { TopologyNode } from '@gatemap/topology';
import { fetchIngressReplacement } from '../../api/migration-api.ts';
import { CopyButton } from '../CopyButton.tsx';
import { CoverageBadge, coverageLabel } from '../nodes/CoverageBadge.tsx';

/**
 * An Ingress's migration in its details: how many of its routing keys accepted Routes serve,
 * each one that is not with why, and (for the admin) the Gateway API objects that would replace
 * it on a Gateway picked here, as the server generates and checks them, with a copy button.
 */
export function IngressMigration({
  node,
  gateways,
  canReplace,
}: {
  node: TopologyNode;
  /** The Gateways of the Ingress's cluster, to pick where the replacement goes. */
  gateways: readonly TopologyNode[];
  /** The admin may ask for a replacement; a share link only sees the coverage. */
  canReplace: boolean;
}) {
  const options = useMemo(
    () =>
      gateways
        .filter((gateway) => !gateway.ghost && gateway.namespace !== undefined)
        .map((gateway) => `${gateway.namespace}/${gateway.name}`)
        .sort(),
    [gateways],
  );
  const [picked, setPicked] = useState<string>('');
  const gateway = picked !== '' && options.includes(picked) ? picked : (options[0] ?? '');
  const replacement = useMutation({ mutationFn: fetchIngressReplacement });
  if (node.summary.type !== 'ingress') return null;
  const coverage = node.summary.coverage;
  const result = replacement.data;
  const current = result !== undefined && result.gateway.endsWith(`/${gateway}`) ? result : undefined;

  return (
    <section className="gm-ingress-migration" aria-label="Migration to the Gateway API">
      <h3>Migration to the Gateway API</h3>
      <p>
        <CoverageBadge coverage={coverage} /> {coverage.served} of {coverage.total} routing key
        {coverage.total === 1 ? '' : 's'} served identically by accepted Routes
        {coverage.state === 'covered' ? ': this Ingress can be deleted.' : '.'}
      </p>
      {(node.summary.resourceBackends ?? []).length > 0 && (
        <div className="gm-resource-backends">
          <h4>Resource backends</h4>
          <p className="gm-muted gm-small">
            These backends name an object instead of a Service. What serves them is up to the IngressClass, so
            they have no edge on the map, are not comparable with a Route, and are not translated.
          </p>
          <ul aria-label="Resource backends">
            {(node.summary.resourceBackends ?? []).map((backend) => (
              <li key={backend.field}>
                <code>{backend.field}</code>: {backend.kind}
                {backend.apiGroup ? `.${backend.apiGroup}` : ''} {backend.name}
              </li>
            ))}
          </ul>
        </div>
      )}
      {coverage.unserved.length > 0 && (
        <>
          <h4>Not served yet ({coverage.unserved.length})</h4>
          <ul className="gm-unserved" aria-label="Routing keys not served">
            {coverage.unserved.map((key) => (
              <li key={`${key.field}|${key.key}`} data-reason={key.reason}>
                <code>{key.key}</code>{' '}
                <span className="gm-pill gm-pill--unresolved">
                  {key.reason}
                  {key.routeReason ? `: ${key.routeReason}` : ''}
                </span>
                <div className="gm-muted gm-small">{key.message}</div>
              </li>
            ))}
          </ul>
        </>
      )}
      {canReplace && coverage.state !== 'covered' && (
        <div className="gm-replacement">
          <h4>Replacement</h4>
          {options.length === 0 ? (
            <p className="gm-muted">No Gateway in this cluster to put the Routes on.</p>
          ) : (
            <form
              className="gm-replacement__form"
              onSubmit={(event) => {
                event.preventDefault();
                replacement.mutate({
                  ingress: `${node.namespace ?? 'default'}/${node.name}`,
                  gateway,
                  ...(node.cluster === undefined ? {} : { cluster: node.cluster }),
                });
              }}
            >
              <label className="gm-field gm-field--inline">
                <span>Gateway</span>
                <select value={gateway} onChange={(event) => setPicked(event.target.value)}>
                  {options.map((option) => (
                    <option key={option} value={option}>
                      {option}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="gm-button" disabled={replacement.isPending}>
                {replacement.isPending ? 'Generating…' : 'Generate the replacement'}
              </button>
            </form>
          )}
          {replacement.error && (
            <p className="gm-callout gm-callout--error" role="alert">
              Could not generate the replacement: {replacement.error.message}
            </p>
          )}
          {current && (
            <div className="gm-replacement__result">
              <p
                className={`gm-callout ${current.rejected.length > 0 || current.breaks ? 'gm-callout--warning' : 'gm-callout--ok'}`}
              >
                Checked by the what-if analysis against the cluster: {current.proposed.length} object
                {current.proposed.length === 1 ? '' : 's'} would be accepted
                {current.rejected.length > 0 ? `, ${current.rejected.length} would not (left out)` : ''}; the
                Ingress would be <strong>{coverageLabel(current.coverageAfter)}</strong>
                {current.breaks ? '. Applying them would break something that works today.' : '.'} Nothing is
                applied.
              </p>
              {current.rejected.length > 0 && (
                <ul className="gm-replacement__rejected" aria-label="Objects that would not be accepted">
                  {current.rejected.map((item) => (
                    <li key={item.key}>
                      <code>{item.key}</code>: {item.reasons.join('; ')}
                    </li>
                  ))}
                </ul>
              )}
              {[
                ...current.problems,
                ...current.untranslated.map((item) => `${item.annotation}: ${item.meaning} (not translated)`),
              ].length > 0 && (
                <ul className="gm-replacement__notes" aria-label="Not translated">
                  {current.problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                  {current.untranslated.map((item) => (
                    <li key={item.annotation}>
                      <code>{item.annotation}</code> (not translated): {item.meaning}
                    </li>
                  ))}
                </ul>
              )}
              {current.yaml === '' ? (
                <p className="gm-muted">Nothing to apply.</p>
              ) : (
                <>
                  <div className="gm-section-head">
                    <h4>YAML</h4>
                    <CopyButton text={current.yaml} label="Copy the replacement" />
                  </div>
                  <pre className="gm-code gm-yaml" tabIndex={0} aria-label="Replacement YAML">
                    {current.yaml}
                  </pre>
                </>
              )}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
