/**
 * The summary panel: each figure, reason and namespace is a button that asks the map for exactly
 * its objects; the figure shown is pressed and its objects listed; the summary can be hidden.
 */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { figureKey, figureObjects, summarizeEstate, type SummaryFigure } from '@gatemap/topology';
import { smallEstate } from '../../test/topology-builders.ts';
import { SummaryPanel, type SummaryPanelProps } from './SummaryPanel.tsx';

const estate = smallEstate();
const summary = summarizeEstate(estate);

function renderPanel(props: Partial<SummaryPanelProps> = {}) {
  const handlers = { onFigure: vi.fn(), onSelect: vi.fn(), onClose: vi.fn() };
  render(
    <SummaryPanel
      summary={summary}
      error={null}
      figure={undefined}
      objects={undefined}
      shown={undefined}
      {...handlers}
      {...props}
    />,
  );
  return { region: screen.getByRole('region', { name: 'Estate summary' }), ...handlers };
}

const button = (region: HTMLElement, figure: SummaryFigure): HTMLElement => {
  const found = region.querySelector<HTMLElement>(`[data-figure="${figureKey(figure)}"]`);
  if (!found) throw new Error(`no button for ${figureKey(figure)}`);
  return found;
};

describe('SummaryPanel', () => {
  it('shows the counts of the summary, each a button for its figure', () => {
    const { region, onFigure } = renderPanel();
    const rejected = { figure: 'rejected', reason: 'NotAllowedByListeners' } as const;
    expect(button(region, rejected).textContent).toContain('1 NotAllowedByListeners');
    expect(button(region, { figure: 'attached' }).textContent).toContain('1 attached');
    fireEvent.click(button(region, rejected));
    expect(onFigure).toHaveBeenCalledWith(rejected);
    const onListener = { ...rejected, parent: 'Gateway/infra/web', listener: 'https' };
    fireEvent.click(button(region, onListener));
    expect(onFigure).toHaveBeenLastCalledWith(onListener);
    fireEvent.click(within(region).getByRole('button', { name: 'blog (1)' }));
    expect(onFigure).toHaveBeenLastCalledWith(rejected, 'blog');
  });

  it('presses the figure shown, lists its objects, and lets go of it', () => {
    const figure = { figure: 'rejected', reason: 'NotAllowedByListeners' } as const;
    const objects = figureObjects(estate, figure);
    const { region, onFigure, onSelect } = renderPanel({ figure, objects, shown: objects.size });
    expect(button(region, figure).getAttribute('aria-pressed')).toBe('true');
    expect(button(region, { figure: 'attached' }).getAttribute('aria-pressed')).toBe('false');
    const list = region.querySelector<HTMLElement>('.gm-summary__objects');
    if (!list) throw new Error('no list of the objects shown');
    expect(region.querySelector('.gm-summary__objects')?.getAttribute('data-count')).toBe('1');
    expect(region.querySelector('.gm-summary__on-map')?.textContent).toBe('1 on the map');
    fireEvent.click(within(list).getByRole('button', { name: 'HTTPRoute blog/posts' }));
    expect(onSelect).toHaveBeenCalledWith('HTTPRoute/blog/posts');
    fireEvent.click(button(region, figure));
    expect(onFigure).toHaveBeenLastCalledWith(undefined);
  });

  it('says why there are no figures yet, and hides itself', () => {
    const { region, onClose } = renderPanel({ summary: undefined, error: new Error('down') });
    expect(region.textContent).toContain('Could not load the summary: down');
    fireEvent.click(within(region).getByRole('button', { name: 'Hide summary' }));
    expect(onClose).toHaveBeenCalled();
  });
});
