import type { OverlayMark } from '../../what-if/what-if-overlay.ts';
import { markTexts } from './overlay-marks.ts';

/** A node's what-if badges: `new`, `changed`, `removed`, `would break`, `would recover`. */
export function OverlayBadges({ mark }: { mark: OverlayMark | undefined }) {
  return markTexts(mark).map((text) => (
    <span key={text} className="gm-tag gm-tag--overlay" data-overlay={text}>
      {text}
    </span>
  ));
}
