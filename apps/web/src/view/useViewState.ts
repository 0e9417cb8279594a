/**
 * The current view, kept in the URL: focus, cluster and grouping changes push a history entry
 * (Back returns to the previous view); filter typing and selection replace the current one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isNavigation, parseViewState, serializeViewState, type ViewState } from './view-state.ts';

export type ViewUpdate = Partial<ViewState> | ((view: ViewState) => Partial<ViewState>);

export function useViewState(): readonly [ViewState, (update: ViewUpdate) => void] {
  const [view, setView] = useState<ViewState>(() => parseViewState(window.location.search));
  const current = useRef(view);

  useEffect(() => {
    const onPop = (): void => {
      current.current = parseViewState(window.location.search);
      setView(current.current);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const update = useCallback((change: ViewUpdate) => {
    const previous = current.current;
    const next = { ...previous, ...(typeof change === 'function' ? change(previous) : change) };
    const search = serializeViewState(next);
    if (search !== window.location.search) {
      const url = `${window.location.pathname}${search}${window.location.hash}`;
      if (isNavigation(previous, next)) window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    }
    current.current = next;
    setView(next);
  }, []);

  return [view, update] as const;
}
