import { getBezierPath, Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { placedSmallEstate } from '../test/flow-builders.ts';
import { strokeStyleOf, toEdgeStrokes, visibleRuns, type EdgeStroke } from './edge-strokes.ts';
import type { MapEdgeData } from './flow-types.ts';

function edgeData(input: Partial<MapEdgeData>): MapEdgeData {
  return {
    category: 'parent',
    edgeType: 'parent',
    state: 'accepted',
    reason: 'Accepted',
    label: undefined,
    edge: undefined,
    summary: undefined,
    predicted: false,
    missingGrant: false,
    finding: undefined,
    count: 1,
    dimmed: false,
    ...input,
  };
}

describe('toEdgeStrokes', () => {
  it('runs each edge from its source handle to its target handle on the curve React Flow draws', () => {
    const { nodes, edges } = placedSmallEstate();
    const { strokes } = toEdgeStrokes(nodes, edges);
    expect(strokes).toHaveLength(edges.length);
    const index = edges.findIndex(
      (edge) => edge.source === 'Gateway/infra/web' && edge.target === 'HTTPRoute/blog/posts',
    );
    const stroke = strokes[index] as EdgeStroke;
    const gateway = nodes.find((node) => node.id === 'Gateway/infra/web');
    const handle = gateway?.handles?.find((item) => item.id === 'l:https');
    expect(stroke.x0).toBe((gateway?.position.x ?? 0) + (handle?.x ?? 0) + (handle?.width ?? 0));
    expect(stroke.y0).toBe((gateway?.position.y ?? 0) + (handle?.y ?? 0) + (handle?.height ?? 0) / 2);
    const [path] = getBezierPath({
      sourceX: stroke.x0,
      sourceY: stroke.y0,
      sourcePosition: Position.Right,
      targetX: stroke.x3,
      targetY: stroke.y3,
      targetPosition: Position.Left,
    });
    expect(path).toBe(
      `M${stroke.x0},${stroke.y0} C${stroke.x1},${stroke.y1} ${stroke.x2},${stroke.y2} ${stroke.x3},${stroke.y3}`,
    );
  });

  it('shares one style among edges drawn alike', () => {
    const { nodes, edges } = placedSmallEstate();
    const { strokes, styles } = toEdgeStrokes(nodes, edges);
    expect(styles.length).toBeLessThan(strokes.length);
    expect(new Set(styles.map((style) => JSON.stringify(style))).size).toBe(styles.length);
  });
});

describe('toEdgeStrokes labels', () => {
  it('puts the label of each labelled edge where React Flow would, and only those', () => {
    const { nodes, edges } = placedSmallEstate();
    const { strokes, labels } = toEdgeStrokes(nodes, edges);
    const labelled = edges.filter((edge) => edge.data?.label !== undefined || edge.data?.missingGrant);
    expect(labelled.length).toBeGreaterThan(0);
    expect(labels.map((label) => label.edge)).toEqual(labelled);
    for (const label of labels) {
      const stroke = strokes[edges.indexOf(label.edge)] as EdgeStroke;
      const [, labelX, labelY] = getBezierPath({
        sourceX: stroke.x0,
        sourceY: stroke.y0,
        sourcePosition: Position.Right,
        targetX: stroke.x3,
        targetY: stroke.y3,
        targetPosition: Position.Left,
      });
      expect(label.x).toBeCloseTo(labelX);
      expect(label.y).toBeCloseTo(labelY);
    }
  });
});

describe('strokeStyleOf', () => {
  it.each([
    ['an accepted attachment is green', { state: 'accepted' }, { color: '--gm-green', width: 1.5 }],
    ['a rejected attachment is red and wider', { state: 'rejected' }, { color: '--gm-red', width: 2 }],
    ['a pending one is amber', { state: 'pending' }, { color: '--gm-amber' }],
    [
      'a resolved backend is the plain edge colour',
      { category: 'backend', state: 'resolved' },
      { color: '--gm-edge' },
    ],
    ['a predicted state is dashed', { predicted: true }, { dash: [6, 4] }],
    [
      'a mirror is purple and dotted',
      { category: 'mirror', state: 'resolved', predicted: true },
      { color: '--gm-purple', dash: [2, 4] },
    ],
    ['an unresolved mirror is red', { category: 'mirror', state: 'unresolved' }, { color: '--gm-red' }],
    [
      'a missing ReferenceGrant is orange, wide and glows',
      { category: 'backend', state: 'unresolved', missingGrant: true },
      { color: '--gm-orange', width: 3, glow: true },
    ],
    ['merged edges grow with their count', { count: 8 }, { width: 4.5 }],
    ['dimmed context is faint', { dimmed: true }, { alpha: 0.45 }],
  ] satisfies [string, Partial<MapEdgeData>, object][])('%s', (_name, input, expected) => {
    expect(strokeStyleOf(edgeData(input))).toMatchObject(expected);
  });
});

describe('visibleRuns', () => {
  const long: EdgeStroke = {
    x0: 0,
    y0: 0,
    x1: 200,
    y1: 0,
    x2: 200,
    y2: 100_000,
    x3: 400,
    y3: 100_000,
    minX: 0,
    minY: 0,
    maxX: 400,
    maxY: 100_000,
    style: 0,
  };

  it('keeps only what crosses the rectangle of a curve far longer than it', () => {
    const runs = visibleRuns(long, { minX: 0, minY: 40_000, maxX: 1000, maxY: 41_000 }, 10);
    expect(runs).toHaveLength(1);
    const ys = (runs[0] ?? []).filter((_value, index) => index % 2 === 1);
    expect(Math.min(...ys)).toBeGreaterThan(39_000);
    expect(Math.max(...ys)).toBeLessThan(42_000);
  });

  it('flattens only the stretch of a long curve that is in view, finely', () => {
    const runs = visibleRuns(long, { minX: 0, minY: 40_000, maxX: 1000, maxY: 41_000 }, 10);
    const ys = (runs[0] ?? []).filter((_value, index) => index % 2 === 1);
    const gaps = ys.slice(1).map((y, index) => y - (ys[index] ?? 0));
    expect(Math.max(...gaps)).toBeLessThan(50);
  });

  it('draws nothing of a curve that passes by', () => {
    expect(visibleRuns(long, { minX: 1000, minY: 0, maxX: 2000, maxY: 100_000 }, 10)).toEqual([]);
  });

  it('starts at the source and ends at the target when all of it is visible', () => {
    const [run] = visibleRuns(long, { minX: -1, minY: -1, maxX: 500, maxY: 100_001 }, 1000);
    expect(run?.slice(0, 2)).toEqual([0, 0]);
    expect(run?.slice(-2)).toEqual([400, 100_000]);
  });
});
