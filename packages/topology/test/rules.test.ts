/**
 * The status digest (../shared/gateway-api-rules.md beside the repository, section (a), R1–R61) is
 * covered rule by rule: by rows in the `*.rules.test.ts` beside the module that decides each rule,
 * or in `notModelled` below with the reason the analyzer cannot decide it from manifests. This test
 * keeps rows and that list covering R1..R61 exactly. How a row is written and checked is in
 * `src/test-support.ts`.
 */
import { describe, expect, it } from 'vitest';
import { rows as analyzeGateway } from '../src/analyze-gateway.rules.test.ts';
import { rows as analyzeGatewayClass } from '../src/analyze-gateway-class.rules.test.ts';
import { rows as analyzeListenerSet } from '../src/analyze-listener-set.rules.test.ts';
import { rows as analyzeListeners } from '../src/analyze-listeners.rules.test.ts';
import { rows as analyzePolicy } from '../src/analyze-policy.rules.test.ts';
import { rows as analyzeRoute } from '../src/analyze-route.rules.test.ts';
import { rows as hostnames } from '../src/hostnames.rules.test.ts';
import { rows as listenerConflicts } from '../src/listener-conflicts.rules.test.ts';
import { rows as listenerTls } from '../src/listener-tls.rules.test.ts';
import { rows as precedence } from '../src/precedence.rules.test.ts';
import { rows as predictedStatus } from '../src/predicted-status.rules.test.ts';
import { rows as referenceGrants } from '../src/reference-grants.rules.test.ts';
import { rows as resolveRefs } from '../src/resolve-refs.rules.test.ts';
import { rows as routeBackends } from '../src/route-backends.rules.test.ts';
import { rows as routeListeners } from '../src/route-listeners.rules.test.ts';
import { rows as routeMeshParent } from '../src/route-mesh-parent.rules.test.ts';
import { rows as routeParents } from '../src/route-parents.rules.test.ts';
import { rows as routeRules } from '../src/route-rules.rules.test.ts';
import { type RuleId } from '../src/test-support.ts';

/** Rules the analyzer does not model, each with why. */
const notModelled: readonly { rule: RuleId; reason: string }[] = [
  {
    rule: 'R15',
    reason:
      'Unsupported/UnsupportedVersion depend on the installed CRDs (bundle-version annotation) and on what the controller supports, neither of which is in the manifests.',
  },
  {
    rule: 'R51',
    reason:
      'Whether an implementation can meet a BackendTLSPolicy on a backendRef is implementation-specific (EG: InvalidBackendTLS).',
  },
  {
    rule: 'R60',
    reason:
      'Which ancestors a controller drops once 16 are listed is not specified; the analyzer lists every ancestor Gateway.',
  },
];

/** The rows of every module. */
const rows = [
  ...resolveRefs,
  ...analyzeGatewayClass,
  ...analyzeGateway,
  ...analyzeListeners,
  ...listenerTls,
  ...listenerConflicts,
  ...analyzeRoute,
  ...routeRules,
  ...routeParents,
  ...routeListeners,
  ...hostnames,
  ...routeBackends,
  ...referenceGrants,
  ...precedence,
  ...analyzeListenerSet,
  ...routeMeshParent,
  ...analyzePolicy,
  ...predictedStatus,
];

describe('status rules R1–R61', () => {
  it('covers every rule exactly once, by rows or as not modelled', () => {
    const modelled = new Set(rows.map((row) => row.rule));
    const skipped = notModelled.map((entry) => entry.rule);
    expect(new Set(skipped).size).toBe(skipped.length);
    expect(skipped.filter((rule) => modelled.has(rule))).toEqual([]);
    const covered = [...modelled, ...skipped].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    expect(covered).toEqual(Array.from({ length: 61 }, (_, index) => `R${index + 1}`));
    expect(notModelled.every((entry) => entry.reason.length > 0)).toBe(true);
  });
});
