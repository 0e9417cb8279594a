import type { ClusterStatus } from '@gatemap/topology';
import type { ReactNode } from 'react';
import type { StreamState } from '../store/useTopologyFeed.ts';
import type { ThemeChoice } from '../theme/useTheme.ts';
import { ConnectionBadge, SyncStatus } from './SyncStatus.tsx';

const THEME_TEXT: Record<ThemeChoice, string> = {
  system: 'Theme: system',
  light: 'Theme: light',
  dark: 'Theme: dark',
};

export function Toolbar({
  stream,
  clusters,
  shown,
  total,
  layoutEngine,
  themeChoice,
  onCycleTheme,
  onExportSvg,
  onExportPng,
  filtersOpen,
  onToggleFilters,
  role,
  shareOpen,
  onToggleShare,
  onSignOut,
  signingOut,
  children,
}: {
  stream: StreamState;
  clusters: readonly ClusterStatus[];
  shown: number;
  total: number;
  layoutEngine: 'elk' | 'layers' | 'tiles';
  themeChoice: ThemeChoice;
  onCycleTheme: () => void;
  onExportSvg: () => void;
  onExportPng: () => void;
  filtersOpen: boolean;
  onToggleFilters: () => void;
  /** `share`: a share link's read-only view, without the admin's controls. */
  role: 'admin' | 'share';
  shareOpen: boolean;
  onToggleShare: () => void;
  onSignOut: () => void;
  signingOut: boolean;
  /** The history and what-if controls. */
  children?: ReactNode;
}) {
  return (
    <header className="gm-toolbar">
      <button
        type="button"
        className="gm-button"
        aria-expanded={filtersOpen}
        aria-controls="gm-filters"
        onClick={onToggleFilters}
      >
        {filtersOpen ? 'Hide filters' : 'Filters'}
      </button>
      <h1 className="gm-title">gatemap</h1>
      <ConnectionBadge stream={stream} />
      <SyncStatus clusters={clusters} />
      <span
        className="gm-count"
        title={`laid out by ${layoutEngine === 'elk' ? 'ELK (layered)' : layoutEngine === 'tiles' ? 'the namespace grid' : 'the column layout'}`}
      >
        {shown === total ? `${total} objects` : `${shown} of ${total} objects`}
      </span>
      <span className="gm-toolbar__spacer" />
      {children}
      {role === 'admin' && (
        <button
          type="button"
          className={`gm-button${shareOpen ? ' is-active' : ''}`}
          aria-expanded={shareOpen}
          aria-controls="gm-share"
          onClick={onToggleShare}
          title="Create and manage read-only share links"
        >
          Share
        </button>
      )}
      <button type="button" className="gm-button" onClick={onExportSvg} title="Save the current view as SVG">
        SVG
      </button>
      <button type="button" className="gm-button" onClick={onExportPng} title="Save the current view as PNG">
        PNG
      </button>
      <button
        type="button"
        className="gm-button"
        onClick={onCycleTheme}
        aria-label={`${THEME_TEXT[themeChoice]} (change)`}
      >
        {themeChoice === 'dark' ? '☾' : themeChoice === 'light' ? '☀' : '◐'} {THEME_TEXT[themeChoice]}
      </button>
      <button
        type="button"
        className="gm-button"
        onClick={onSignOut}
        disabled={signingOut}
        title={
          role === 'admin'
            ? 'Sign this browser out'
            : 'Leave the shared view (open the link again to come back)'
        }
      >
        {role === 'admin' ? 'Sign out' : 'Leave'}
      </button>
    </header>
  );
}
