/**
 * The people-facing migration report: per namespace, each Ingress covered, partial or not
 * started, with every key not served and why; for `gatemap migrate`, also the objects proposed,
 * those that would be rejected, and the annotations not translated. Every text from the input
 * goes through `escapeControl` before it is coloured.
 */
import type { CoverageSummary, IngressCoverage, MigrationPlan } from '@gatemap/topology';
import type { Palette } from './colors.ts';
import { escapeControl as safe } from './escape-control.ts';

const STATE_WORDS = { covered: 'covered', partial: 'partial', 'not-started': 'not started' } as const;

/** The migration summary `gatemap analyze` prints when Ingresses are among its inputs. */
export function renderCoverage(
  coverages: readonly IngressCoverage[],
  summary: CoverageSummary,
  color: Palette,
): string[] {
  const lines = [
    color.bold(
      `Migration from Ingress: ${summary.covered} covered, ${summary.partial} partial, ${summary.notStarted} not started (of ${summary.total})`,
    ),
  ];
  for (const namespace of summary.namespaces) {
    lines.push(
      `  ${color.bold(safe(namespace.namespace))}  ${color.dim(`${namespace.covered} covered, ${namespace.partial} partial, ${namespace.notStarted} not started`)}`,
    );
    for (const coverage of coverages.filter((item) => item.namespace === namespace.namespace))
      lines.push(...coverageLines(coverage, color));
  }
  return lines;
}

function coverageLines(coverage: IngressCoverage, color: Palette): string[] {
  const mark =
    coverage.state === 'covered'
      ? color.green('✓')
      : coverage.state === 'partial'
        ? color.yellow('◐')
        : color.red('✗');
  const lines = [
    `    ${mark} Ingress ${safe(`${coverage.namespace}/${coverage.name}`)}  ${STATE_WORDS[coverage.state]}${
      coverage.state === 'covered' ? color.dim(' (every rule served identically: safe to delete)') : ''
    }`,
  ];
  for (const item of [...coverage.paths, ...coverage.tls])
    if (!item.verdict.served) lines.push(`        ${color.red('✗')} ${safe(item.verdict.message)}`);
  return lines;
}

/** The report of `gatemap migrate -o text`: coverage, what is proposed and what is not, then the manifests. */
export function renderMigration(plan: MigrationPlan, manifests: string, color: Palette): string {
  const lines = renderCoverage(
    plan.ingresses.map((item) => item.coverage),
    plan.summary,
    color,
  );
  lines.push('');
  if ('problem' in plan.gateway) lines.push(color.red(`No replacement: ${safe(plan.gateway.problem)}`));
  else lines.push(`${color.bold('Replacement on')} ${safe(plan.gateway.key)}`);
  for (const item of plan.ingresses) {
    if (item.routes.length === 0 && item.problems.length === 0 && item.untranslated.length === 0) continue;
    lines.push(`  Ingress ${safe(`${item.coverage.namespace}/${item.coverage.name}`)}`);
    if (item.routes.length > 0) lines.push(`    routes: ${safe(item.routes.join(', '))}`);
    for (const problem of item.problems) lines.push(`    ${color.yellow('!')} ${safe(problem)}`);
    for (const note of item.untranslated)
      lines.push(
        `    ${color.yellow('not translated')} ${safe(`${note.annotation}: "${note.value}"`)} ${color.dim(`(${safe(note.meaning)})`)}`,
      );
  }
  if (plan.proposed.length > 0) {
    lines.push(color.bold(`Proposed (${plan.proposed.length}): accepted by gatemap's analysis`));
    for (const item of plan.proposed) lines.push(`  ${color.green('✓')} ${safe(item.key)}`);
  }
  if (plan.rejected.length > 0) {
    lines.push(color.bold(`Not proposed (${plan.rejected.length}): would not be accepted`));
    for (const item of plan.rejected) {
      lines.push(`  ${color.red('✗')} ${safe(item.key)}`);
      for (const reason of item.reasons) lines.push(`      ${safe(reason)}`);
    }
  }
  if (plan.breaks) lines.push(color.red('Applying the proposal would break something that works today.'));
  if (plan.proposed.length > 0)
    lines.push(
      `After applying: ${plan.after.covered} covered, ${plan.after.partial} partial, ${plan.after.notStarted} not started`,
      '',
      color.bold('Manifests'),
      manifests.trimEnd(),
    );
  return lines.join('\n') + '\n';
}
