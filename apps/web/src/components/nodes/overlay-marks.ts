/**
 * The what-if marks of the drawn nodes (what-if-overlay.ts), handed down through context so that
 * the memoised node components read their own mark without a change to the flow elements.
 */
import { createContext, useContext } from 'react';
import type { TopologyNode } from '@gatemap/topology';
import type { OverlayMark, OverlayMarks } from '../../what-if/what-if-overlay.ts';
import { kindClass } from '../node-summary.ts';

export const OverlayMarksContext = createContext<OverlayMarks | undefined>(undefined);

export function useOverlayMark(id: string): OverlayMark | undefined {
  return useContext(OverlayMarksContext)?.get(id);
}

const CHANGE_TEXT = { added: 'new', replaced: 'changed', removed: 'removed' } as const;
const VERDICT_TEXT = {
  broke: 'would break',
  recovered: 'would recover',
  changed: 'verdict changes',
} as const;

/** Class names of a mark: `is-overlay-added`, `is-verdict-broke`, … */
function markClasses(mark: OverlayMark | undefined): string {
  if (mark === undefined) return '';
  return [
    mark.change ? `is-overlay-${mark.change}` : '',
    mark.verdict ? `is-verdict-${mark.verdict}` : '',
  ].join(' ');
}

/**
 * Class names of a drawn object (a Gateway, a Route, a Service…): its kind, whether it is a
 * ghost, dimmed, a problem, its severity, selected, and its what-if mark.
 */
export function objectNodeClasses(
  data: { readonly node: TopologyNode; readonly dimmed: boolean; readonly problem: boolean },
  selected: boolean,
  mark: OverlayMark | undefined,
): string {
  const { node } = data;
  return [
    kindClass(node.kind),
    node.ghost ? 'is-ghost' : '',
    data.dimmed ? 'is-dimmed' : '',
    data.problem ? 'is-problem' : '',
    node.severity ? `severity-${node.severity}` : '',
    selected ? 'is-selected' : '',
    markClasses(mark),
  ].join(' ');
}

/** Words of a mark for its badges: `new`, `would break`. */
export function markTexts(mark: OverlayMark | undefined): string[] {
  if (mark === undefined) return [];
  return [
    ...(mark.change ? [CHANGE_TEXT[mark.change]] : []),
    ...(mark.verdict ? [VERDICT_TEXT[mark.verdict]] : []),
  ];
}
