/**
 * The current view as a standalone SVG document, drawn from the laid-out elements (not from the
 * DOM, where React Flow draws only what is on screen). Every text is XML-escaped.
 */
import { getBezierPath, Position, type NodeHandle } from '@xyflow/react';
import type { MapFlowEdge, MapFlowNode } from '../graph/flow-types.ts';
import { GATEWAY_HEADER, LISTENER_ROW } from '../graph/flow-types.ts';
import { summaryLine } from '../components/node-summary.ts';
import { tooltipOf } from '../graph/to-flow-elements.ts';

export interface SvgTheme {
  readonly background: string;
  readonly node: string;
  readonly border: string;
  readonly text: string;
  readonly muted: string;
  readonly lane: string;
  readonly accepted: string;
  readonly rejected: string;
  readonly pending: string;
  readonly edge: string;
  readonly grant: string;
  readonly mirror: string;
}

export const LIGHT_SVG_THEME: SvgTheme = {
  background: '#ffffff',
  node: '#ffffff',
  border: '#9aa4b2',
  text: '#1c2330',
  muted: '#5b6573',
  lane: '#f1f4f8',
  accepted: '#2f855a',
  rejected: '#c53030',
  pending: '#b7791f',
  edge: '#8a94a3',
  grant: '#dd6b20',
  mirror: '#805ad5',
};

export const DARK_SVG_THEME: SvgTheme = {
  background: '#12161c',
  node: '#1c232d',
  border: '#4a5568',
  text: '#e6ebf2',
  muted: '#9aa6b6',
  lane: '#181e26',
  accepted: '#48bb78',
  rejected: '#fc8181',
  pending: '#f6ad55',
  edge: '#718096',
  grant: '#f6ad55',
  mirror: '#b794f4',
};

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function handlePoint(node: MapFlowNode, handleId: string | null | undefined, type: 'source' | 'target') {
  const handles: readonly NodeHandle[] = node.handles ?? [];
  const handle =
    handles.find((item) => item.type === type && item.id === handleId) ??
    handles.find((item) => item.type === type);
  const width = node.width ?? 0;
  const height = node.height ?? 0;
  if (!handle) {
    return type === 'source'
      ? { x: node.position.x + width, y: node.position.y + height / 2, position: Position.Right }
      : { x: node.position.x, y: node.position.y + height / 2, position: Position.Left };
  }
  const right = handle.position === Position.Right;
  return {
    x: node.position.x + handle.x + (right ? (handle.width ?? 0) : 0),
    y: node.position.y + handle.y + (handle.height ?? 0) / 2,
    position: handle.position,
  };
}

function text(x: number, y: number, content: string, attributes: string): string {
  return `<text x="${x}" y="${y}" ${attributes}>${escapeXml(content)}</text>`;
}

function edgeColour(edge: MapFlowEdge, theme: SvgTheme): string {
  const data = edge.data;
  if (!data) return theme.edge;
  if (data.missingGrant) return theme.grant;
  if (data.state === 'rejected' || data.state === 'unresolved') return theme.rejected;
  if (data.state === 'pending') return theme.pending;
  if (data.category === 'mirror') return theme.mirror;
  if (data.category === 'parent') return theme.accepted;
  return theme.edge;
}

function renderNode(node: MapFlowNode, theme: SvgTheme): string {
  const { x, y } = node.position;
  const width = node.width ?? 0;
  const height = node.height ?? 0;
  if (node.type === 'lane') {
    return `<g><rect x="${x}" y="${y}" width="${width}" height="${height}" rx="8" fill="${theme.lane}"/>${text(x + 12, y + 22, node.data.label, `font-size="13" font-weight="600" fill="${theme.muted}"`)}</g>`;
  }
  if (node.type === 'aggregate') {
    const item = node.data.aggregate;
    return [
      `<g data-id="${escapeXml(node.id)}">`,
      `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="8" fill="${theme.node}" stroke="${theme.border}" stroke-dasharray="4 3"/>`,
      text(x + 12, y + 20, 'Namespace (collapsed)', `font-size="11" fill="${theme.muted}"`),
      text(
        x + 12,
        y + 40,
        truncate(item.namespace, 30),
        `font-size="14" font-weight="600" fill="${theme.text}"`,
      ),
      text(
        x + 12,
        y + 60,
        truncate(item.counts.map((entry) => `${entry.count} ${entry.kind}`).join(' · '), 36),
        `font-size="11" fill="${theme.muted}"`,
      ),
      text(
        x + 12,
        y + 80,
        `${item.problems} need attention`,
        `font-size="11" fill="${item.problems > 0 ? theme.rejected : theme.muted}"`,
      ),
      '</g>',
    ].join('');
  }
  const topology = node.data.node;
  const severity = topology.severity;
  const stroke =
    severity === 'error' ? theme.rejected : severity === 'warning' ? theme.pending : theme.border;
  const parts = [
    `<g data-id="${escapeXml(node.id)}"${node.data.dimmed ? ' opacity="0.55"' : ''}>`,
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="8" fill="${theme.node}" stroke="${stroke}"${topology.ghost ? ' stroke-dasharray="5 4"' : ''}/>`,
    text(
      x + 12,
      y + 18,
      `${topology.kind}${topology.ghost ? ' · missing' : ''}${topology.findings > 0 ? ` · ${topology.findings} finding${topology.findings === 1 ? '' : 's'}` : ''}`,
      `font-size="11" fill="${theme.muted}"`,
    ),
    text(
      x + 12,
      y + 38,
      truncate(topology.name, 32),
      `font-size="14" font-weight="600" fill="${theme.text}"`,
    ),
    text(
      x + 12,
      y + 56,
      truncate(`${topology.namespace ?? ''}${topology.namespace ? ' · ' : ''}${summaryLine(topology)}`, 40),
      `font-size="11" fill="${theme.muted}"`,
    ),
  ];
  if (node.type === 'gateway') {
    node.data.listeners.forEach((listener, index) => {
      const rowY = y + GATEWAY_HEADER + index * LISTENER_ROW;
      parts.push(
        `<line x1="${x}" y1="${rowY}" x2="${x + width}" y2="${rowY}" stroke="${theme.border}" stroke-width="0.5"/>`,
        text(
          x + 12,
          rowY + 19,
          truncate(
            `${listener.name}  ${listener.protocol}:${listener.port}  ${listener.hostname ?? '*'}  ${listener.attachedRoutes} routes  ${listener.state}`,
            44,
          ),
          `font-size="11" fill="${listener.state === 'ok' ? theme.text : theme.rejected}"`,
        ),
      );
    });
  }
  parts.push('</g>');
  return parts.join('');
}

function renderEdge(edge: MapFlowEdge, byId: ReadonlyMap<string, MapFlowNode>, theme: SvgTheme): string {
  const source = byId.get(edge.source);
  const target = byId.get(edge.target);
  if (!source || !target) return '';
  const from = handlePoint(source, edge.sourceHandle, 'source');
  const to = handlePoint(target, edge.targetHandle, 'target');
  const [path, labelX, labelY] = getBezierPath({
    sourceX: from.x,
    sourceY: from.y,
    sourcePosition: from.position,
    targetX: to.x,
    targetY: to.y,
    targetPosition: to.position,
  });
  const data = edge.data;
  const colour = edgeColour(edge, theme);
  const dash =
    data?.category === 'mirror'
      ? ' stroke-dasharray="2 4"'
      : data?.predicted
        ? ' stroke-dasharray="6 4"'
        : '';
  const width = data?.missingGrant ? 3 : 1.5;
  const parts = [
    `<g data-state="${escapeXml(data?.state ?? '')}" data-reason="${escapeXml(data?.reason ?? '')}">`,
    `<title>${escapeXml(data ? tooltipOf(data) : '')}</title>`,
    `<path d="${path}" fill="none" stroke="${colour}" stroke-width="${width}"${dash}${data?.dimmed ? ' opacity="0.5"' : ''}/>`,
  ];
  if (data?.label) {
    const labelWidth = Math.ceil(data.label.length * 6.4) + 12;
    parts.push(
      `<rect x="${labelX - labelWidth / 2}" y="${labelY - 9}" width="${labelWidth}" height="18" rx="4" fill="${theme.background}" stroke="${colour}" stroke-width="0.5"/>`,
      text(labelX, labelY + 4, data.label, `font-size="11" text-anchor="middle" fill="${colour}"`),
    );
  }
  parts.push('</g>');
  return parts.join('');
}

export function renderSvg(
  nodes: readonly MapFlowNode[],
  edges: readonly MapFlowEdge[],
  theme: SvgTheme,
): string {
  const margin = 40;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const node of nodes) {
    minX = Math.min(minX, node.position.x);
    minY = Math.min(minY, node.position.y);
    maxX = Math.max(maxX, node.position.x + (node.width ?? 0));
    maxY = Math.max(maxY, node.position.y + (node.height ?? 0));
  }
  if (nodes.length === 0) {
    minX = 0;
    minY = 0;
    maxX = 200;
    maxY = 100;
  }
  const width = Math.ceil(maxX - minX + margin * 2);
  const height = Math.ceil(maxY - minY + margin * 2);
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const lanes = nodes.filter((node) => node.type === 'lane');
  const others = nodes.filter((node) => node.type !== 'lane');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX - margin} ${minY - margin} ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">`,
    `<rect x="${minX - margin}" y="${minY - margin}" width="${width}" height="${height}" fill="${theme.background}"/>`,
    ...lanes.map((node) => renderNode(node, theme)),
    ...edges.map((edge) => renderEdge(edge, byId, theme)),
    ...others.map((node) => renderNode(node, theme)),
    '</svg>',
  ].join('\n');
}
