import type { SharedScope } from '../api/access-api.ts';
import { absoluteTime, expiryText } from './relative-time.ts';
import { useNow } from './useNow.ts';

const MAX_ROUTES_SHOWN = 6;

/** Tells a share-link viewer what they are looking at, that it is read-only, and until when. */
export function ShareBanner({ scope }: { scope: SharedScope }) {
  const now = useNow();
  const routes = scope.routes ?? [];
  const shownRoutes = routes.slice(0, MAX_ROUTES_SHOWN);
  return (
    <div className="gm-share-banner" role="note" aria-label="Shared view">
      <span className="gm-share-banner__badge">Read-only</span>
      <span className="gm-share-banner__text">
        <strong>Shared view: {scope.label}</strong> — namespaces {scope.namespaces.join(', ')} —{' '}
        <time dateTime={scope.expiresAt} title={absoluteTime(scope.expiresAt)}>
          {expiryText(scope.expiresAt, now)}
        </time>
        {routes.length > 0 && (
          <>
            {' '}
            — only the Routes {shownRoutes.join(', ')}
            {routes.length > shownRoutes.length && ` and ${routes.length - shownRoutes.length} more`}
          </>
        )}
        {scope.cluster !== undefined && <span className="gm-muted"> (cluster {scope.cluster})</span>}
      </span>
    </div>
  );
}
