/**
 * The people-facing output of `gatemap analyze`: per Gateway a tree of listeners and the Routes
 * attached to them (and those rejected), then the policies and the Routes' effective policy stacks
 * (render-policies.ts), then the findings with what to do. Every text that comes
 * from the input (names, reasons, messages, file names) goes through `escapeControl` before it is
 * coloured: only the palette writes escape sequences.
 */
import type { Finding, ListenerSummary, ObjectKey, TopologyEdge, TopologyNode } from '@gatemap/topology';
import { buildPolicyReport, formatSource } from '@gatemap/topology';
import type { ManifestAnalysis } from './analyze-manifests.ts';
import type { Palette } from './colors.ts';
import { escapeControl as safe } from './escape-control.ts';
import { renderPolicies } from './render-policies.ts';
import { sortFindings } from './sort-findings.ts';

/** localeCompare's order, with the collator made once (tens of thousands of findings are sorted). */
const compareText = new Intl.Collator().compare;

const label = (node: Pick<TopologyNode, 'kind' | 'namespace' | 'name'>) =>
  safe(`${node.kind} ${node.namespace ? `${node.namespace}/` : ''}${node.name}`);

export function renderText(analysis: ManifestAnalysis, color: Palette): string {
  const { nodes, edges, findings } = analysis.view.snapshot();
  const byId = new Map(nodes.map((node) => [node.id, node]));
  // Edges by the object they start from, and parent edges by the parent: each lookup is O(own edges).
  const parentEdgesFrom = new Map<string, TopologyEdge[]>();
  const parentEdgesTo = new Map<string, TopologyEdge[]>();
  const backendEdgesFrom = new Map<string, TopologyEdge[]>();
  const file = (index: Map<string, TopologyEdge[]>, id: string, edge: TopologyEdge) => {
    const list = index.get(id);
    if (list) list.push(edge);
    else index.set(id, [edge]);
  };
  for (const edge of edges) {
    if (edge.type === 'parent' || edge.type === 'listenerset-parent') {
      file(parentEdgesFrom, edge.from, edge);
      file(parentEdgesTo, edge.to, edge);
    } else if (edge.type === 'backend' || edge.type === 'mirror') file(backendEdgesFrom, edge.from, edge);
  }
  const lines: string[] = [];
  const gateways = nodes
    .filter((node) => node.kind === 'Gateway' && !node.ghost)
    .sort((a, b) => compareText(a.id, b.id));

  const routeLine = (edge: TopologyEdge, prefix: string) => {
    const route = byId.get(edge.from);
    const name = route ? label(route) : safe(edge.from);
    const source = edge.source === 'predicted' ? '' : color.dim(' (reported)');
    if (edge.state === 'accepted')
      return `${prefix}${color.green('✓')} ${name}${source}${backendsOf(edge.from)}`;
    const mark = edge.state === 'pending' ? color.yellow('…') : color.red('✗');
    return `${prefix}${mark} ${name} ${color.red(safe(edge.reason))}${source}`;
  };
  const backendsOf = (routeId: string) => {
    const targets = backendEdgesFrom.get(routeId) ?? [];
    if (targets.length === 0) return '';
    const parts = targets.map((edge) => {
      const target = edge.to.split('/').slice(1).join('/');
      const share =
        edge.type === 'mirror'
          ? 'mirror'
          : edge.share !== undefined && edge.share < 100
            ? `${edge.share}%`
            : '';
      const text = safe(`${target}${share ? ` ${share}` : ''}`);
      return edge.state === 'resolved' ? text : `${color.red(text)} ${color.red(`(${safe(edge.reason)})`)}`;
    });
    return color.dim(' → ') + parts.join(color.dim(', '));
  };

  for (const gateway of gateways) {
    const accepted = gateway.predicted.find((item) => item.type === 'Accepted');
    const state =
      accepted?.status === 'True'
        ? color.green(`Accepted (${safe(accepted.reason)})`)
        : accepted?.status === 'False'
          ? color.red(`Not accepted (${safe(accepted.reason)})`)
          : color.yellow(safe(accepted?.reason ?? 'Pending'));
    const className = gateway.summary.type === 'gateway' ? safe(gateway.summary.className) : '';
    lines.push(`${color.bold(label(gateway))}  ${color.dim(`class ${className}`)}  ${state}`);
    const listeners = gateway.summary.type === 'gateway' ? gateway.summary.listeners : [];
    const incoming = parentEdgesTo.get(gateway.id) ?? [];
    listeners.forEach((listener, index) => {
      const last = index === listeners.length - 1;
      lines.push(`${last ? '└─' : '├─'} ${listenerLine(listener, color)}`);
      const indent = last ? '   ' : '│  ';
      const attached = incoming.filter(
        (edge) => edge.state === 'accepted' && edge.listeners?.includes(listener.name),
      );
      attached.forEach((edge) => lines.push(routeLine(edge, `${indent}  `)));
    });
    const rejected = incoming.filter((edge) => edge.state !== 'accepted');
    if (rejected.length > 0) {
      lines.push(`   ${color.dim('not attached:')}`);
      rejected.forEach((edge) => lines.push(routeLine(edge, '     ')));
    }
    lines.push('');
  }
  const orphanRoutes = nodes.filter(
    (node) =>
      node.summary.type === 'route' &&
      !(parentEdgesFrom.get(node.id) ?? []).some(
        (edge) => byId.get(edge.to)?.kind === 'Gateway' && !byId.get(edge.to)?.ghost,
      ),
  );
  if (orphanRoutes.length > 0) {
    lines.push(color.bold('Routes without an existing Gateway parent'));
    for (const route of orphanRoutes) {
      const reasons = (parentEdgesFrom.get(route.id) ?? []).map((edge) =>
        safe(`${edge.to} (${edge.reason})`),
      );
      lines.push(`  ${color.red('✗')} ${label(route)} ${color.dim(reasons.join(', ') || 'no parentRefs')}`);
    }
    lines.push('');
  }

  for (const line of renderPolicies(buildPolicyReport(analysis.engine), color)) lines.push(line);

  const sorted = sortFindings(findings);
  const errors = sorted.filter((item) => item.severity === 'error').length;
  const warnings = sorted.filter((item) => item.severity === 'warning').length;
  const infos = sorted.length - errors - warnings;
  lines.push(
    color.bold(
      `Findings: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info`,
    ),
  );
  for (const item of sorted)
    for (const line of renderFinding(item, analysis.sources, color)) lines.push(line);
  return lines.join('\n') + '\n';
}

function listenerLine(listener: ListenerSummary, color: Palette): string {
  const head = `listener ${color.bold(safe(listener.name))} ${safe(`${listener.protocol}:${listener.port}${listener.hostname ? ` ${listener.hostname}` : ''}`)}`;
  const attached = `${listener.attachedRoutes} attached`;
  const problem = listener.predicted.find(
    (item) => (item.type === 'Accepted' || item.type === 'ResolvedRefs') && item.status === 'False',
  );
  const state =
    listener.state === 'ok'
      ? color.dim(attached)
      : `${color.dim(attached)} ${color.red(safe(`${problem?.type ?? 'Invalid'}=${problem?.status ?? 'False'} ${problem?.reason ?? listener.state}`))}`;
  return `${head}  ${color.dim(`[${safe(listener.allowedNamespaces)}]`)}  ${state}`;
}

export function renderFinding(
  item: Finding,
  sources: ReadonlyMap<ObjectKey, { file: string; line: number }>,
  color: Palette,
): string[] {
  const mark =
    item.severity === 'error'
      ? color.red('error  ')
      : item.severity === 'warning'
        ? color.yellow('warning')
        : color.blue('info   ');
  const where = sources.get(item.subject);
  const subject = item.subject.startsWith('Input/')
    ? ''
    : `${safe(item.subject)}${item.field ? ` ${color.dim(safe(item.field))}` : ''}`;
  const out = [
    `${mark} ${color.dim(item.code)} ${subject}${where ? color.dim(`  (${safe(formatSource(where))})`) : ''}`.trimEnd(),
    `        ${safe(item.message)}`,
  ];
  for (const hint of item.hints ?? []) out.push(`        ${color.dim(safe(hint))}`);
  if (item.fix) {
    out.push(`        ${color.green('fix:')} ${safe(item.fix.description)}`);
    if (item.fix.yaml)
      for (const line of item.fix.yaml.trimEnd().split('\n')) out.push(`          ${safe(line)}`);
  }
  out.push(`        ${color.dim(item.docs)}`);
  return out;
}
