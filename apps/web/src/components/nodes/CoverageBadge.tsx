import type { IngressCoverageState, IngressCoverageSummary } from '@gatemap/topology';

const LABELS: Readonly<Record<IngressCoverageState, string>> = {
  covered: 'covered',
  partial: 'partial',
  'not-started': 'not started',
};

/** What a coverage state tells the reader to do with the Ingress. */
const MEANING: Readonly<Record<IngressCoverageState, string>> = {
  covered: 'every rule is served identically by accepted Routes: safe to delete',
  partial: 'some rules are served by accepted Routes, others are not yet',
  'not-started': 'no rule is served by an accepted Route yet',
};

export function coverageLabel(state: IngressCoverageState): string {
  return LABELS[state];
}

/** An Ingress's migration state: covered, partial or not started, with how many keys are served. */
export function CoverageBadge({ coverage }: { coverage: IngressCoverageSummary }) {
  return (
    <span
      className={`gm-coverage gm-coverage--${coverage.state}`}
      data-coverage={coverage.state}
      title={`${coverage.served} of ${coverage.total} routing keys served: ${MEANING[coverage.state]}`}
    >
      {LABELS[coverage.state]}
    </span>
  );
}
