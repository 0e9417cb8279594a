/**
 * Which node a finding is about. A multi-cluster server prefixes finding ids with `<cluster>:` but
 * not their subjects; the prefix is carried over to the subject so that it matches the node id.
 */
import type { Finding } from './findings.ts';

const CODE = /^GM\d+:/;

/** The node id of a finding's subject, with the cluster prefix its id carries, if any. */
export function findingNodeId(finding: Finding): string {
  if (CODE.test(finding.id)) return finding.subject;
  const prefix = finding.id.slice(0, finding.id.indexOf(':') + 1);
  return `${prefix}${finding.subject}`;
}
