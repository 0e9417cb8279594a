/**
 * The people-facing output of `analyze --context`: per context, the policy kinds read, the
 * objects the change applies or deletes (with the fields it changes), the verdicts that would flip, grouped as the core orders
 * them (would break, other problems, would recover, would change) with the core's messages, the
 * findings raised (with what to do, as `analyze` prints a finding) and cleared, and a summary.
 * Every text from the cluster or the files goes through `escapeControl` before it is coloured.
 */
import {
  formatSource,
  mentionObject,
  type FieldChange,
  type ObjectKey,
  type SourceLocation,
  type VerdictChange,
} from '@gatemap/topology';
import type { Palette } from './colors.ts';
import { escapeControl as safe } from './escape-control.ts';
import { renderFinding } from './render-text.ts';
import type { ContextReport, PredictedContext } from './what-if-report.ts';

/** Fields listed per object; the rest are counted. */
const MAX_FIELDS_SHOWN = 12;
/** Characters of a field's value shown. */
const MAX_VALUE_SHOWN = 80;

type Group = 'broke' | 'problem' | 'recovered' | 'changed';

const GROUP_TITLES: Readonly<Record<Group, string>> = {
  broke: 'Would break',
  problem: 'Other problems',
  recovered: 'Would recover',
  changed: 'Would change',
};

/** The group a verdict change is listed in (the core's order: see `compareChanges`). */
function groupOf(change: VerdictChange): Group {
  if (change.direction === 'broke') return 'broke';
  if (change.after !== undefined && !change.after.ok) return 'problem';
  return change.direction === 'recovered' ? 'recovered' : 'changed';
}

export function renderWhatIf(reports: readonly ContextReport[], color: Palette): string {
  const lines: string[] = [];
  for (const report of reports) {
    if (lines.length > 0) lines.push('');
    if ('error' in report) {
      lines.push(`${color.bold(`Context ${safe(report.context)}`)}  ${color.red('not read')}`);
      lines.push(`  ${safe(report.error)}`);
      continue;
    }
    lines.push(...renderContext(report, color));
  }
  return `${lines.join('\n')}\n`;
}

function renderContext(report: PredictedContext, color: Palette): string[] {
  const sources = new Map<ObjectKey, SourceLocation>();
  for (const object of report.objects) if (object.source) sources.set(object.key, object.source);
  const lines = [`${color.bold(`Context ${safe(report.context)}`)}  ${color.dim(safe(report.server))}`];
  if (report.unread.length > 0)
    lines.push(
      color.yellow(
        `  predicted without what could not be read: ${report.unread.map((kind) => safe(kind.kind)).join(', ')}`,
      ),
    );
  if (report.policyKinds.length > 0)
    lines.push(color.dim(`  policy kinds read: ${report.policyKinds.map(safe).join(', ')}`));

  lines.push(color.bold(`Objects (${report.objects.length})`));
  for (const object of report.objects) {
    const where = object.source ? color.dim(`  (${safe(formatSource(object.source))})`) : '';
    const label = safe(mentionObject(object.key).text);
    switch (object.change) {
      case 'added':
        lines.push(`  ${color.green('+ added    ')}  ${label}${where}`);
        break;
      case 'removed':
        lines.push(`  ${color.red('- removed  ')}  ${label}${where}`);
        break;
      case 'unchanged':
        lines.push(
          `  ${color.dim('= unchanged')}  ${label}${where}${object.requested === 'delete' ? color.dim('  (not in the cluster: nothing to delete)') : ''}`,
        );
        break;
      case 'replaced': {
        lines.push(`  ${color.yellow('~ replaced ')}  ${label}${where}`);
        for (const field of object.fields.slice(0, MAX_FIELDS_SHOWN)) lines.push(`      ${fieldLine(field)}`);
        const more = object.fields.length - MAX_FIELDS_SHOWN + (object.omitted ?? 0);
        if (more > 0) lines.push(color.dim(`      … and ${more} more field${more === 1 ? '' : 's'}`));
        break;
      }
    }
  }

  const groups = new Map<Group, VerdictChange[]>();
  for (const change of report.verdicts) {
    const group = groupOf(change);
    groups.set(group, [...(groups.get(group) ?? []), change]);
  }
  const marks: Readonly<Record<Group, string>> = {
    broke: color.red('✗'),
    problem: color.red('✗'),
    recovered: color.green('✓'),
    changed: color.dim('•'),
  };
  for (const group of ['broke', 'problem', 'recovered', 'changed'] as const) {
    const changes = groups.get(group) ?? [];
    if (changes.length === 0) continue;
    lines.push(color.bold(`${GROUP_TITLES[group]} (${changes.length})`));
    for (const change of changes) lines.push(`  ${marks[group]} ${safe(change.message)}`);
  }

  const raised = report.findings.filter((finding) =>
    report.verdicts.some(
      (change) => change.key === finding.subject && change.id === `finding:${finding.id}` && change.after,
    ),
  );
  const cleared = report.findings.filter((finding) => !raised.includes(finding));
  if (raised.length > 0) {
    lines.push(color.bold(`Findings raised (${raised.length})`));
    for (const finding of raised) lines.push(...renderFinding(finding, sources, color));
  }
  if (cleared.length > 0) {
    lines.push(color.bold(`Findings cleared (${cleared.length})`));
    // What it said is enough: its fix is no longer needed.
    for (const finding of cleared) lines.push(...renderFinding(finding, sources, color).slice(0, 2));
  }

  const broke = groups.get('broke')?.length ?? 0;
  const fixed = groups.get('recovered')?.length ?? 0;
  const changed = report.verdicts.length - broke - fixed;
  const summary = `would break ${broke}, fix ${fixed}, change ${changed}`;
  lines.push(
    report.breaks ? color.red(`${summary}: something that works today would stop working`) : summary,
  );
  return lines;
}

/**
 * `path: before → after`, values as JSON, cut to `MAX_VALUE_SHOWN` characters. A field the
 * cluster's object has and the file's lacks is "not in the file", not "absent": it may be one the
 * API server filled in with its default, which it fills in again.
 */
function fieldLine(field: FieldChange): string {
  const value = (present: boolean, value: unknown, absent: string) => {
    if (!present) return absent;
    const text = JSON.stringify(value) ?? String(value);
    return text.length > MAX_VALUE_SHOWN ? `${text.slice(0, MAX_VALUE_SHOWN)}…` : text;
  };
  const before = value('before' in field, field.before, 'absent');
  return safe(`${field.path}: ${before} → ${value('after' in field, field.after, 'not in the file')}`);
}
