/**
 * The policy part of `gatemap analyze`'s text: each policy with its targets and their attachment,
 * then each Route's effective stack per parent and listener (and per rule a policy names) and
 * each Service's (and per port a policy names), in
 * GEP-713's order, with the merged fields or the policy in effect, from the core's report
 * (`buildPolicyReport`). Every text from the input passes `escapeControl`.
 */
import {
  parseObjectKey,
  type ObjectKey,
  type PolicyKindStack,
  type PolicyReport,
  type PolicyReportTarget,
} from '@gatemap/topology';
import type { Palette } from './colors.ts';
import { escapeControl as safe } from './escape-control.ts';

const LEVEL_TEXT: Readonly<Record<PolicyReportTarget['level'], string>> = {
  gateway: 'Gateway',
  listener: 'listener',
  listenerset: 'ListenerSet',
  'listenerset-listener': 'ListenerSet listener',
  route: 'Route',
  rule: 'rule',
  service: 'Service',
  'service-port': 'port',
  other: 'other',
};

const STATE_TEXT: Readonly<Record<PolicyReportTarget['state'], string>> = {
  attached: 'Attached',
  conflicted: 'Conflicted',
  'target-not-found': 'TargetNotFound',
  'section-not-found': 'SectionNotFound',
  unresolvable: 'TargetNotChecked',
};

/** `Kind namespace/name`, the kind without its group. */
function name(key: ObjectKey): string {
  const { kind, namespace, name: own } = parseObjectKey(key);
  const bare = kind.split('.')[0] ?? kind;
  return safe(namespace === undefined ? `${bare} ${own}` : `${bare} ${namespace}/${own}`);
}

/** The policy part of the text report: empty when the input holds no policy. */
export function renderPolicies(report: PolicyReport, color: Palette): string[] {
  const lines: string[] = [];
  if (report.policies.length > 0) {
    lines.push(color.bold(`Policies (${report.policies.length})`));
    for (const policy of report.policies) {
      lines.push(
        `  ${color.bold(name(policy.policy))}${color.dim(safe(`  ${policy.kind} (${policy.class})`))}`,
      );
      for (const target of policy.targets) lines.push(`    ${targetLine(target, color)}`);
      if (policy.targets.length === 0) lines.push(`    ${color.dim('no target gatemap can resolve')}`);
    }
    lines.push('');
  }
  if (report.routes.length > 0 || report.services.length > 0) {
    lines.push(color.bold('Effective policy stacks'));
    for (const { route, stacks } of report.routes) {
      for (const stack of stacks) {
        const via = stack.parent === stack.gateway ? '' : ` via ${name(stack.parent)}`;
        lines.push(
          `  ${color.bold(name(route))}  ${color.dim(`on ${name(stack.gateway)}${via} listener ${safe(stack.listener)}`)}`,
        );
        for (const kind of stack.kinds) lines.push(...kindLines(kind, '    ', color));
        for (const rule of stack.rules) {
          lines.push(`    ${color.dim(`rule ${safe(rule.name)}:`)}`);
          for (const kind of rule.kinds) lines.push(...kindLines(kind, '      ', color));
        }
        if (stack.kinds.length === 0 && stack.rules.length === 0) lines.push(`    ${color.dim('no policy')}`);
      }
    }
    for (const stack of report.services) {
      lines.push(`  ${color.bold(name(stack.service))}`);
      for (const kind of stack.kinds) lines.push(...kindLines(kind, '    ', color));
      for (const port of stack.ports) {
        lines.push(`    ${color.dim(`port ${safe(port.name)}:`)}`);
        for (const kind of port.kinds) lines.push(...kindLines(kind, '      ', color));
      }
    }
    lines.push('');
  }
  return lines;
}

function targetLine(target: PolicyReportTarget, color: Palette): string {
  const section =
    target.sectionName === undefined ? '' : ` ${LEVEL_TEXT[target.level]} ${safe(target.sectionName)}`;
  const where = `${name(target.target)}${section}`;
  const basis = target.basis === 'implementation' ? color.dim(' (implementation)') : '';
  if (target.state === 'attached') return `${color.green('✓')} → ${where}${basis}`;
  if (target.state === 'unresolvable')
    return `${color.yellow('…')} → ${where} ${color.yellow('TargetNotChecked')}`;
  const held = target.conflictWith === undefined ? '' : color.dim(` (held by ${name(target.conflictWith)})`);
  return `${color.red('✗')} → ${where} ${color.red(STATE_TEXT[target.state])}${held}${basis}`;
}

/** One kind of a stack: its policies in order, then the merged fields or the one in effect. */
function kindLines(stack: PolicyKindStack, indent: string, color: Palette): string[] {
  const kind = stack.kind.split('/').at(-1) ?? stack.kind;
  const entries = stack.entries.map((entry) => {
    const text = `${safe(parseObjectKey(entry.policy).name)} (${LEVEL_TEXT[entry.level]}${entry.sectionName === undefined ? '' : ` ${safe(entry.sectionName)}`})`;
    return entry.state === 'attached' ? text : color.red(`✗ ${text} ${STATE_TEXT[entry.state]}`);
  });
  const lines = [`${indent}${safe(kind)}: ${entries.join(color.dim(' → '))}`];
  if (stack.merge === 'none')
    lines.push(`${indent}  ${color.dim('strategy None: the oldest holds each target')}`);
  if (stack.effective) {
    const alternative = stack.effective.alternative
      ? `; where the same level keeps the oldest: ${name(stack.effective.alternative)}`
      : '';
    lines.push(
      `${indent}  ${color.dim(`in effect: ${name(stack.effective.from)} (implementation's own merge${alternative})`)}`,
    );
  }
  for (const field of stack.fields ?? []) {
    const alternative = field.alternative
      ? color.dim(
          ` (implementation; or ${safe(JSON.stringify(field.alternative.value))} from ${name(field.alternative.from)})`,
        )
      : '';
    lines.push(
      `${indent}  ${safe(field.field)} = ${safe(JSON.stringify(field.value))} ${color.dim(`from ${name(field.from)} ${field.stanza}`)}${alternative}`,
    );
  }
  return lines;
}
