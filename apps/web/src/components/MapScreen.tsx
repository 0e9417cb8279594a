import { useMutation } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import type { ObjectKey, SummaryFigure, WhatIfResponse } from '@gatemap/topology';
import { logout } from '../api/access-api.ts';
import { ApiRequestError } from '../api/api-client.ts';
import { downloadBlob, downloadSvg, svgToPng } from '../export/download.ts';
import { DARK_SVG_THEME, LIGHT_SVG_THEME, renderSvg } from '../export/render-svg.ts';
import { useMapView } from '../graph/useMapView.ts';
import { useSession } from '../session/session-context.ts';
import { ShareBanner } from '../session/ShareBanner.tsx';
import { SharePanel } from '../share/SharePanel.tsx';
import { nodeIdOf } from '../history/history-entries.ts';
import { absoluteTime } from '../session/relative-time.ts';
import { TopologyStore } from '../store/topology-store.ts';
import { useTopologyFeed } from '../store/useTopologyFeed.ts';
import { useTopologyStore } from '../store/useTopologyStore.ts';
import { useTheme } from '../theme/useTheme.ts';
import { useViewState } from '../view/useViewState.ts';
import type { MapViewport } from '../view/view-state.ts';
import { readWhatIfFragment } from '../what-if/what-if-link.ts';
import { overlayMarks, overlaySnapshot } from '../what-if/what-if-overlay.ts';
import { FilterPanel } from './FilterPanel.tsx';
import { ChangesView } from './history/ChangesView.tsx';
import { TimeControl } from './history/TimeControl.tsx';
import { MigrationPanel } from './migration/MigrationPanel.tsx';
import { usePastMap } from './history/usePastMap.ts';
import { OverlayMarksContext } from './nodes/overlay-marks.ts';
import { WhatIfPanel } from './what-if/WhatIfPanel.tsx';
import { MapActionsContext, type MapActions } from './map-actions.ts';
import { DetailsPanel } from './panel/DetailsPanel.tsx';
import { EmptyScreen, ErrorScreen, LoadingScreen, StatusScreen } from './StatusScreen.tsx';
import { problemSpots } from './summary/problem-spots.ts';
import { SummaryPanel } from './summary/SummaryPanel.tsx';
import { useEstateSummary } from './summary/useEstateSummary.ts';
import { Toolbar } from './Toolbar.tsx';
import { TopologyMap } from './TopologyMap.tsx';

/** Past this many objects an estate opens with its summary, centred on its problems. */
const LARGE_ESTATE = 300;

export function MapScreen() {
  const { session, end } = useSession();
  const role = session?.role ?? 'admin';
  const feed = useTopologyFeed({ onAccessLost: () => end('lost') });
  const [shareOpen, setShareOpen] = useState(false);
  const signOut = useMutation({ mutationFn: logout, onSuccess: () => end('signed-out') });
  const [view, update] = useViewState();
  const { choice, theme, cycle } = useTheme();
  const liveLoaded = useTopologyStore((state) => state.loaded);
  const clusters = useTopologyStore((state) => state.clusters);
  const [filtersOpen, setFiltersOpen] = useState(true);

  // What-if (admin only): opened by the panel, or by a URL whose fragment carries manifests.
  const [whatIfText] = useState(() => readWhatIfFragment(window.location.hash));
  const [whatIfOpen, setWhatIfOpen] = useState(whatIfText !== undefined);
  const [whatIf, setWhatIf] = useState<WhatIfResponse>();
  const canWhatIf = role === 'admin';
  const overlayStore = useMemo(() => {
    if (!whatIf || !canWhatIf) return undefined;
    const overlay = new TopologyStore();
    overlay.replace(overlaySnapshot(whatIf, clusters), true);
    return overlay;
  }, [whatIf, canWhatIf, clusters]);
  const marks = useMemo(() => (whatIf && canWhatIf ? overlayMarks(whatIf) : undefined), [whatIf, canWhatIf]);

  // The map as it was replaces the live map (and any overlay) while `?at=` is set.
  const past = usePastMap(view.at);
  const drawn = view.at !== undefined ? past.store : overlayStore;
  const map = useMapView(view, drawn);
  // The big picture sent ahead of the objects is a map to look at; what reads objects (the details
  // panel, a failed load's error) waits for the topology itself.
  const loaded = view.at !== undefined ? past.store !== undefined : liveLoaded || map.previewing;
  const objectsLoaded = view.at !== undefined ? past.store !== undefined : liveLoaded;
  const drawnNodes = useTopologyStore((state) => state.nodes, drawn);
  const [migrationOpen, setMigrationOpen] = useState(false);
  const hasIngresses = useMemo(
    () => [...drawnNodes.values()].some((node) => node.summary.type === 'ingress'),
    [drawnNodes],
  );
  const show = useCallback(
    (cluster: string, key: ObjectKey) => {
      const id = nodeIdOf(drawnNodes, cluster, key) ?? key;
      update({ focus: id, selected: id });
    },
    [drawnNodes, update],
  );
  // The estate summary: of the live map only; shown by itself for a large estate.
  const live = drawn === undefined && view.at === undefined;
  const large = live && map.total > LARGE_ESTATE;
  // A figure in the URL shows the summary too: it is where the figure is named and cleared.
  const summaryShown =
    live && (view.summary === 'open' || view.figure !== undefined || (view.summary === 'auto' && large));
  const estate = useEstateSummary(summaryShown || large);
  const centreOn = useMemo(
    () =>
      large && estate.data && view.figure === undefined && view.focus === undefined
        ? problemSpots(estate.data.summary, map.nodes)
        : undefined,
    [large, estate.data, view.figure, view.focus, map.nodes],
  );
  const showFigure = useCallback(
    (figure: SummaryFigure | undefined, namespace?: string) =>
      update(namespace === undefined ? { figure } : { figure, namespaces: [namespace] }),
    [update],
  );
  const leaveWhatIf = useCallback(() => {
    setWhatIf(undefined);
    setWhatIfOpen(false);
    if (window.location.hash !== '')
      window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
  }, []);

  const select = useCallback((id: string | undefined) => update({ selected: id }), [update]);
  const onViewport = useCallback((viewport: MapViewport | undefined) => update({ viewport }), [update]);
  const actions = useMemo<MapActions>(
    () => ({
      select: (id) => update({ selected: id }),
      focus: (id) => update({ focus: id, selected: id }),
      expand: (key) => update((current) => ({ expanded: [...current.expanded, key] })),
    }),
    [update],
  );

  const exportSvg = useCallback(() => {
    downloadSvg(
      renderSvg(map.nodes, map.edges, theme === 'dark' ? DARK_SVG_THEME : LIGHT_SVG_THEME),
      'gatemap.svg',
    );
  }, [map.nodes, map.edges, theme]);
  const exportPng = useCallback(() => {
    const svg = renderSvg(map.nodes, map.edges, theme === 'dark' ? DARK_SVG_THEME : LIGHT_SVG_THEME);
    svgToPng(svg).then(
      (blob) => downloadBlob(blob, 'gatemap.png'),
      (error: unknown) => window.alert(`PNG export failed: ${String(error)}. Try the SVG export.`),
    );
  }, [map.nodes, map.edges, theme]);

  let body;
  if (view.at !== undefined && past.error)
    body = (
      <ErrorScreen
        message={`Could not load the map as it was: ${past.error.message}`}
        status={past.error instanceof ApiRequestError ? past.error.status : 0}
        onRetry={past.retry}
      />
    );
  else if (!objectsLoaded && feed.error)
    body = (
      <ErrorScreen
        message={feed.error.message}
        status={feed.error instanceof ApiRequestError ? feed.error.status : 0}
        onRetry={feed.retry}
      />
    );
  else if (!loaded) body = <LoadingScreen />;
  else if (map.total === 0) body = <EmptyScreen />;
  else
    body = (
      <>
        {!map.focusFound && (
          <div className="gm-notice" role="status">
            The focused object <code>{view.focus}</code> is not in this view (deleted, or hidden by the
            filters).{' '}
            <button type="button" className="gm-linkbutton" onClick={() => update({ focus: undefined })}>
              Clear focus
            </button>
          </div>
        )}
        {map.shown === 0 && (
          <StatusScreen title="Nothing matches these filters">
            <p>
              {map.total} objects are hidden by the filters.{' '}
              <button
                type="button"
                className="gm-linkbutton"
                onClick={() =>
                  update({
                    namespaces: [],
                    kinds: [],
                    policyKinds: [],
                    labels: '',
                    name: '',
                    problemsOnly: false,
                    focus: undefined,
                    figure: undefined,
                  })
                }
              >
                Clear all filters
              </button>
            </p>
          </StatusScreen>
        )}
        <TopologyMap
          nodes={map.nodes}
          edges={map.edges}
          colorMode={theme}
          fitKey={map.fitKey}
          viewKey={map.viewKey}
          tiles={map.tiles}
          viewport={view.viewport}
          // Where the map looks while it shows the overview is not kept: the view a filter or
          // figure asks for then is fitted once its objects are in, not sent to that place.
          onViewport={map.previewing ? undefined : onViewport}
          hidden={map.layoutPending}
          preview={map.previewing}
          onSelect={select}
          onFocus={actions.focus}
          centreOn={centreOn}
        />
        {map.layoutPending && <div className="gm-laying-out">Laying out…</div>}
      </>
    );

  return (
    <MapActionsContext.Provider value={actions}>
      <ReactFlowProvider>
        <div className="gm-app">
          <Toolbar
            stream={feed.stream}
            clusters={clusters}
            shown={map.shown}
            total={map.total}
            layoutEngine={map.layoutEngine}
            themeChoice={choice}
            onCycleTheme={cycle}
            onExportSvg={exportSvg}
            onExportPng={exportPng}
            filtersOpen={filtersOpen}
            onToggleFilters={() => setFiltersOpen((open) => !open)}
            role={role}
            shareOpen={shareOpen}
            onToggleShare={() => setShareOpen((open) => !open)}
            onSignOut={() => signOut.mutate()}
            signingOut={signOut.isPending}
          >
            <button
              type="button"
              className={`gm-button${view.changes ? ' is-active' : ''}`}
              aria-pressed={view.changes}
              onClick={() => update({ changes: !view.changes })}
              title="What changed in the map in the last hour or day"
            >
              Changes
            </button>
            {hasIngresses && (
              <button
                type="button"
                className={`gm-button${migrationOpen ? ' is-active' : ''}`}
                aria-pressed={migrationOpen}
                onClick={() => setMigrationOpen((open) => !open)}
                title="How far the migration from Ingress to the Gateway API is, and what remains"
              >
                Migration
              </button>
            )}
            <TimeControl at={view.at} onAt={(at) => update({ at })} />
            {large && (
              <button
                type="button"
                className={`gm-button${summaryShown ? ' is-active' : ''}`}
                aria-pressed={summaryShown}
                onClick={() =>
                  update(summaryShown ? { summary: 'closed', figure: undefined } : { summary: 'open' })
                }
                title="The estate in figures: Routes rejected by reason, unresolved references, missing grants"
              >
                Summary
              </button>
            )}
            {canWhatIf && (
              <button
                type="button"
                className={`gm-button${whatIfOpen ? ' is-active' : ''}`}
                aria-pressed={whatIfOpen}
                onClick={() => setWhatIfOpen((open) => !open)}
                title="Overlay manifests on the map to see what they would change, applying nothing"
              >
                What if
              </button>
            )}
          </Toolbar>
          {session?.role === 'share' && <ShareBanner scope={session.link} />}
          {view.at !== undefined && (
            <div className="gm-banner gm-banner--past" role="status" aria-label="The past">
              <span>
                <strong>The past:</strong> the map as it was at{' '}
                <time dateTime={past.asOf}>{absoluteTime(past.asOf ?? view.at)}</time>. Live changes are not
                drawn.
              </span>
              <button
                type="button"
                className="gm-button gm-button--small"
                onClick={() => update({ at: undefined })}
              >
                Back to live
              </button>
            </div>
          )}
          {view.at === undefined && whatIf && canWhatIf && (
            <div className="gm-banner gm-banner--what-if" role="status" aria-label="What-if overlay">
              <span>
                <strong>What-if overlay:</strong> nothing is applied to the cluster. {whatIf.objects.length}{' '}
                object
                {whatIf.objects.length === 1 ? '' : 's'}, {whatIf.verdicts.length} verdict
                {whatIf.verdicts.length === 1 ? '' : 's'} would change
                {whatIf.breaks ? ', and something that works would break' : ''}.
              </span>
              <button type="button" className="gm-button gm-button--small" onClick={leaveWhatIf}>
                Leave the overlay
              </button>
            </div>
          )}
          {signOut.error && (
            <div className="gm-banner gm-banner--error" role="alert">
              Could not sign out: {signOut.error.message}{' '}
              <button type="button" className="gm-linkbutton" onClick={() => signOut.reset()}>
                Dismiss
              </button>
            </div>
          )}
          {summaryShown && (
            <SummaryPanel
              summary={estate.data?.summary}
              error={estate.error}
              figure={view.figure}
              objects={map.figureObjects}
              shown={map.figureShown}
              onFigure={showFigure}
              onSelect={select}
              onClose={() => update({ summary: 'closed', figure: undefined })}
            />
          )}
          <div className="gm-main">
            {filtersOpen && (
              <div id="gm-filters" className="gm-sidebar">
                {view.focus !== undefined && (
                  <div className="gm-focus">
                    <div>
                      Focused on <code>{view.focus}</code>
                    </div>
                    <label className="gm-field gm-field--inline">
                      <span>Hops</span>
                      <select
                        value={view.hops}
                        onChange={(event) => update({ hops: Number(event.target.value) })}
                      >
                        {[1, 2, 3, 4, 5, 6].map((hops) => (
                          <option key={hops} value={hops}>
                            {hops}
                          </option>
                        ))}
                      </select>
                    </label>
                    <button
                      type="button"
                      className="gm-button gm-button--small"
                      onClick={() => update({ focus: undefined })}
                    >
                      Show everything
                    </button>
                  </div>
                )}
                <FilterPanel view={view} update={update} labelError={map.labelError} clusters={clusters} />
              </div>
            )}
            <main className={`gm-canvas${view.at !== undefined ? ' is-past' : whatIf ? ' is-what-if' : ''}`}>
              <OverlayMarksContext.Provider value={view.at === undefined ? marks : undefined}>
                {body}
              </OverlayMarksContext.Provider>
            </main>
            {whatIfOpen && canWhatIf && (
              <WhatIfPanel
                initialText={whatIfText ?? ''}
                clusters={clusters}
                result={whatIf}
                onResult={(result) => (result ? setWhatIf(result) : leaveWhatIf())}
                onShow={show}
                onClose={() => setWhatIfOpen(false)}
              />
            )}
            {migrationOpen && hasIngresses && (
              <MigrationPanel
                nodes={drawnNodes}
                onShow={(id) => update({ focus: id, selected: id })}
                onClose={() => setMigrationOpen(false)}
              />
            )}
            {view.changes && (
              <ChangesView
                cluster={view.cluster}
                since={view.since}
                onSince={(since) => update({ since })}
                onShow={show}
                onClose={() => update({ changes: false })}
              />
            )}
            {shareOpen && role === 'admin' ? (
              <SharePanel
                view={view}
                selectedId={view.selected}
                clusters={clusters}
                onClose={() => setShareOpen(false)}
              />
            ) : (
              view.selected !== undefined &&
              objectsLoaded && (
                <DetailsPanel
                  key={view.selected}
                  id={view.selected}
                  drawn={drawn}
                  drawnAs={view.at !== undefined ? 'past' : overlayStore ? 'what-if' : undefined}
                  onShow={show}
                  findingIndex={map.findings}
                  onClose={() => update({ selected: undefined })}
                  onFocus={(id) => update({ focus: id })}
                  onSelect={(id) => update({ selected: id })}
                />
              )
            )}
          </div>
        </div>
      </ReactFlowProvider>
    </MapActionsContext.Provider>
  );
}
