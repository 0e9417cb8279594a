/**
 * The order every output of `gatemap analyze` lists findings in: errors, then warnings, then
 * info; within a severity by subject, then by code. The text, SARIF and annotation outputs share
 * it, so that they list the same findings in the same order.
 */
import type { Finding } from '@gatemap/topology';

/** localeCompare's order, with the collator made once (tens of thousands of findings are sorted). */
const compareText = new Intl.Collator().compare;

function rank(item: Finding): number {
  return item.severity === 'error' ? 0 : item.severity === 'warning' ? 1 : 2;
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => rank(a) - rank(b) || compareText(a.subject, b.subject) || compareText(a.code, b.code),
  );
}
