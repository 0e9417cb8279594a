import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VIEW,
  isNavigation,
  parseViewState,
  serializeViewState,
  type ViewState,
} from './view-state.ts';

describe('view state in the URL', () => {
  it('writes nothing for the default view', () => {
    expect(serializeViewState(DEFAULT_VIEW)).toBe('');
    expect(parseViewState('')).toEqual(DEFAULT_VIEW);
  });

  it('round-trips every field', () => {
    const view: ViewState = {
      cluster: 'prod',
      namespaces: ['shop', 'infra'],
      kinds: ['HTTPRoute', 'Gateway'],
      policyKinds: ['SecurityPolicy', 'BackendTLSPolicy'],
      labels: 'team=shop,tier in (web,api),!legacy',
      name: 'check out',
      problemsOnly: true,
      context: false,
      focus: 'prod:Gateway/infra/prod-web',
      hops: 3,
      groupBy: 'namespace',
      collapseThreshold: 10,
      expanded: ['prod/shop'],
      selected: 'prod:HTTPRoute/shop/store',
      changes: true,
      since: '1d',
      at: '2026-12-06T10:00:00.000Z',
      viewport: { x: 5200, y: -180, zoom: 3.5 },
      figure: {
        figure: 'rejected',
        reason: 'NotAllowedByListeners',
        parent: 'prod:Gateway/infra/w',
        listener: 'https',
      },
      summary: 'open',
    };
    const search = serializeViewState(view);
    expect(search.startsWith('?')).toBe(true);
    expect(parseViewState(search)).toEqual(view);
  });

  it('falls back to defaults for values it cannot read', () => {
    const view = parseViewState('?hops=0&group=sideways&collapse=-1&problems=yes');
    expect(view.hops).toBe(DEFAULT_VIEW.hops);
    expect(view.groupBy).toBe('none');
    expect(view.collapseThreshold).toBe(DEFAULT_VIEW.collapseThreshold);
    expect(view.problemsOnly).toBe(false);
  });

  it('drops empty and repeated policy kinds', () => {
    expect(parseViewState('?policy=&policy=SecurityPolicy&policy=SecurityPolicy').policyKinds).toEqual([
      'SecurityPolicy',
    ]);
  });

  it('ignores a summary figure or summary setting it cannot read', () => {
    for (const figure of [
      'nonsense',
      'rejected|||||',
      'accepted|||',
      'rejected|%E0%A4%A||',
      'attached|||web',
      '%',
      '|||',
    ])
      expect(parseViewState(`?figure=${encodeURIComponent(figure)}`).figure, figure).toBeUndefined();
    expect(parseViewState('?figure=rejected%7C%7C%7C&figure=stale%7C%7C%7C').figure).toEqual({
      figure: 'rejected',
    });
    expect(parseViewState('?summary=yes').summary).toBe('auto');
    expect(parseViewState('?summary=0').summary).toBe('closed');
  });

  it('treats showing another figure as navigation', () => {
    const figure = { figure: 'stale' } as const;
    expect(isNavigation(DEFAULT_VIEW, { ...DEFAULT_VIEW, figure })).toBe(true);
    expect(isNavigation({ ...DEFAULT_VIEW, figure }, { ...DEFAULT_VIEW, figure: { figure: 'stale' } })).toBe(
      false,
    );
  });

  it('keeps characters that matter in ids and selectors', () => {
    const view = { ...DEFAULT_VIEW, selected: 'GatewayClass/a&b', labels: 'a!=b,c=d' };
    expect(parseViewState(serializeViewState(view))).toEqual(view);
  });

  it('treats focus, cluster and grouping changes as navigation, filters and selection not', () => {
    expect(isNavigation(DEFAULT_VIEW, { ...DEFAULT_VIEW, focus: 'Gateway/a/b' })).toBe(true);
    expect(isNavigation(DEFAULT_VIEW, { ...DEFAULT_VIEW, groupBy: 'cluster' })).toBe(true);
    expect(isNavigation(DEFAULT_VIEW, { ...DEFAULT_VIEW, name: 'x', selected: 'Gateway/a/b' })).toBe(false);
  });

  it('keeps where the map looks, rounded, and ignores a viewport it cannot read', () => {
    const view = { ...DEFAULT_VIEW, viewport: { x: 5200.4, y: 17.6, zoom: 0.123456 } };
    expect(serializeViewState(view)).toBe('?vp=5200%2C18%2C0.1235');
    expect(parseViewState('?vp=5200,18,0.1235').viewport).toEqual({ x: 5200, y: 18, zoom: 0.1235 });
    expect(parseViewState('?vp=1,2').viewport).toBeUndefined();
    expect(parseViewState('?vp=1,2,0').viewport).toBeUndefined();
    expect(parseViewState('?vp=a,2,1').viewport).toBeUndefined();
  });

  it('reads the moment of the map as it was as UTC, and ignores one that is not a date', () => {
    expect(parseViewState('?at=2026-12-06T11:00:00%2B01:00').at).toBe('2026-12-06T10:00:00.000Z');
    expect(parseViewState('?at=yesterday').at).toBeUndefined();
    expect(parseViewState('?view=changes&since=1w')).toMatchObject({ changes: true, since: '1h' });
  });
});
